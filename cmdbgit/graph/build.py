"""The failure-propagation graph: an edge ``u -> v`` means "if u fails, v is impacted".

Built from the inventory's relation edges through the relationship registry's ``impact``
direction (docs/relations.md), so relation types stay data:

* ``to-source``: the target fails ⇒ the source is impacted (edge target -> source);
* ``to-target``: the source fails ⇒ the target is impacted (edge source -> target);
* ``none``: no propagation (no edge).

A reference field whose schema carries ``"x-impact"`` (``Server.spec.asset``: the hardware
fails, the server fails) adds edges the same way, the document being the source and the
referenced document the target; its label is the field's name (``asset``, read "hw-01 asset
of srv-01" along a ``to-source`` arrow).

Relations of unknown types and relations to documents that do not exist add no edge. Between
two documents there is at most one edge: the first written (relations before reference
fields, in document order) names it.

Plain dictionaries, and only what a search reads: an impact search from a few roots touches
a few hundred documents of a hundred thousand, so a general graph library's per-node and
per-edge bookkeeping (and its import) cost more than the search itself, and so did working
out every document's edges up front (a quarter of a second at 10^5 documents, where the
lazy index takes a third of that: ``FailureGraph``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from cmdbgit.graph import redundancy
from cmdbgit.graph.outlined import Node, OutlinedInventory, outlined_attributes
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Edge, Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import expand_pattern, format_path
from cmdbgit.model.relations import RelationRegistry


class Link(NamedTuple):
    """One edge: ``type`` the relation type (or reference field path) it comes from, ``label``
    how it reads along the arrow ("db-01 used_by app-01", "app-01 part_of svc")."""

    type: str
    label: str


def node_attributes(doc: Node) -> dict[str, str]:
    if isinstance(doc, Document):
        kind, name, criticality = doc.kind or "", doc.name, doc.spec.get("criticality")
    else:
        kind, name, criticality = outlined_attributes(doc)
    return {
        "kind": kind,
        "name": name,
        "file": doc.file,
        "criticality": criticality if kind == "Service" and isinstance(criticality, str) else "",
    }


class FailureGraph:
    """Documents by id and, per document, the documents its failure reaches (``effects``)
    and the ones whose failure reaches it (``causes``), each with the edge's ``Link``.

    Built lazily: the relations stay as written, indexed once by the document whose failure
    travels along them (``_by_cause``: one list append per relation), and a document's
    effects are worked out when a search first reaches it. ``causes`` indexes the other
    end the first time it is asked for (a reverse search, a redundancy group, the site).
    Either way a pair of documents gets the link of the first edge written between them
    (relations in document order, then the added ones), as one pass adding every edge in
    that order would give it."""

    __slots__ = (
        "_added",
        "_by_cause",
        "_by_effect",
        "_by_type",
        "_causes",
        "_effects",
        "_relations",
        "documents",
        "groups",
    )

    def __init__(
        self,
        documents: dict[str, Node] | None = None,
        relations: Sequence[Edge] = (),
        by_type: Mapping[str, tuple[bool, Link]] | None = None,
    ) -> None:
        """``relations``: the edges as written; ``by_type``: whether a failure travels from
        target to source along each propagating type, and its link."""
        self.documents: dict[str, Node] = {} if documents is None else documents
        #: Redundancy groups: group id -> (quorum, membership relation type).
        self.groups: dict[str, tuple[int, str]] = {}
        self._relations = relations
        self._by_type: Mapping[str, tuple[bool, Link]] = by_type or {}
        #: Edges added after the relations (``add_edge``), as (cause, effect, link).
        self._added: list[tuple[str, str, Link]] = []
        #: Each cause's edges in the order written: positions in ``_relations``, then past
        #: its end positions in ``_added``.
        self._by_cause = _index(relations, self._by_type, causes=True)
        self._by_effect: dict[str, list[int]] | None = None
        self._effects: dict[str, dict[str, Link]] = {}
        self._causes: dict[str, dict[str, Link]] = {}

    def __contains__(self, node: object) -> bool:
        return node in self.documents

    def __len__(self) -> int:
        return len(self.documents)

    def effects(self, node: str) -> Mapping[str, Link]:
        """What ``node`` failing impacts, each with the edge between them."""
        found = self._effects.get(node)
        if found is None:
            found = self._effects[node] = self._linked(node, self._by_cause.get(node, ()), 1)
        return found

    def causes(self, node: str) -> Mapping[str, Link]:
        """What impacts ``node`` when it fails, each with the edge between them."""
        found = self._causes.get(node)
        if found is None:
            if self._by_effect is None:
                self._by_effect = self._index_effects()
            found = self._linked(node, self._by_effect.get(node, ()), 0)
            self._causes[node] = found
        return found

    def index_causes(self, nodes: Collection[str]) -> None:
        """Work out the causes of a few ``nodes`` (what ``causes`` then answers) in one pass
        over the relations, without indexing every document's: a redundancy search asks for
        the groups it reaches."""
        wanted = {node for node in nodes if node not in self._causes}
        if not wanted or self._by_effect is not None:
            return
        found = _index(self._relations, self._by_type, causes=False, only=wanted)
        start = len(self._relations)
        for number, (_cause, effect, _link) in enumerate(self._added):
            if effect in wanted:
                found.setdefault(effect, []).append(start + number)
        for node in wanted:
            self._causes[node] = self._linked(node, found.get(node, ()), 0)

    def causes_among(self, nodes: Collection[str]) -> dict[str, dict[str, Link]]:
        """The causes of each of ``nodes`` that are among them, in no particular order: the
        effects of ``nodes`` turned around (a pair's link is that of the first edge written
        between them either way), so nothing outside them is indexed."""
        among: dict[str, dict[str, Link]] = {node: {} for node in nodes}
        for cause in nodes:
            for effect, link in self.effects(cause).items():
                found = among.get(effect)
                if found is not None:
                    found[cause] = link
        return among

    def attributes(self, node: str) -> dict[str, str]:
        """Kind, name, file and (for a Service) criticality of a document of the graph."""
        return node_attributes(self.documents[node])

    def edges(self) -> list[tuple[str, str, Link]]:
        """Every (cause, effect, link)."""
        return [(u, v, link) for u in list(self._by_cause) for v, link in self.effects(u).items()]

    def add_edge(self, cause: str, effect: str, link: Link) -> None:
        """Add ``cause -> effect`` after the relations, unless an edge between the two comes
        first (or it is a loop)."""
        if cause == effect:
            return
        position = len(self._relations) + len(self._added)
        self._added.append((cause, effect, link))
        self._by_cause.setdefault(cause, []).append(position)
        if self._by_effect is not None:
            self._by_effect.setdefault(effect, []).append(position)
        self._effects.pop(cause, None)
        self._causes.pop(effect, None)

    def _edge(self, position: int) -> tuple[str, str, Link]:
        """(cause, effect, link) of the edge at ``position``."""
        if position >= len(self._relations):
            return self._added[position - len(self._relations)]
        edge = self._relations[position]
        to_source, link = self._by_type[edge.type]
        return (edge.target, edge.source, link) if to_source else (edge.source, edge.target, link)

    def _linked(self, node: str, positions: Iterable[int], other: int) -> dict[str, Link]:
        """The documents at the ``other`` end (0: cause, 1: effect) of the edges at
        ``positions``, each with the first edge's link: none for a loop, a document that is
        not in the graph, or a node that is not."""
        documents = self.documents
        out: dict[str, Link] = {}
        if node not in documents:
            return out
        for position in positions:
            found = self._edge(position)
            end = found[other]
            if end != node and end not in out and end in documents:
                out[end] = found[2]
        return out

    def _index_effects(self) -> dict[str, list[int]]:
        """Each effect's edges in the order written (as ``_by_cause`` is built)."""
        by_effect = _index(self._relations, self._by_type, causes=False)
        for number, (_cause, effect, _link) in enumerate(self._added):
            by_effect.setdefault(effect, []).append(len(self._relations) + number)
        return by_effect


def _index(
    relations: Sequence[Edge],
    by_type: Mapping[str, tuple[bool, Link]],
    *,
    causes: bool,
    only: Collection[str] | None = None,
) -> dict[str, list[int]]:
    """The positions of the propagating relations, in order, by the document at their cause
    end (``causes``) or at their effect end (of ``only`` those documents, when given).
    Written out: this runs over every relation."""
    index: dict[str, list[int]] = {}
    for position, edge in enumerate(relations):
        found = by_type.get(edge.type)
        if found is None:
            continue
        # A ``to-source`` type's failure travels from the target: it is the cause end.
        end = edge.target if found[0] == causes else edge.source
        if only is not None and end not in only:
            continue
        listed = index.get(end)
        if listed is None:
            index[end] = [position]
        else:
            listed.append(position)
    return index


def failure_graph(
    inventory: Inventory | OutlinedInventory,
    relations: RelationRegistry,
    kinds: KindRegistry,
    *,
    extra_documents: Iterable[Document] = (),
    extra_edges: Iterable[Edge] = (),
) -> FailureGraph:
    """The graph of ``inventory``. ``extra_documents``/``extra_edges`` add documents that are
    not in it (a pull request's removed documents, with their relations as they were) so the
    impact of removing them can be traced."""
    nodes: dict[str, Node] = dict(inventory.by_id)
    extra = [(ident, doc.kind, doc) for doc in extra_documents if (ident := doc.id) is not None]
    for ident, _kind, doc in extra:
        nodes.setdefault(ident, doc)
    by_type: dict[str, tuple[bool, Link]] = {}
    for rtype in relations.types.values():
        if rtype.impact != "none":
            to_source = rtype.impact == "to-source"
            label = rtype.inverse if to_source else rtype.name
            by_type[rtype.name] = (to_source, Link(rtype.name, label))
    written = inventory.edges
    extra_edges = list(extra_edges)
    if extra_edges:  # a pull request's removed relations: after the head's, in their order
        written = [*written, *extra_edges]
    graph = FailureGraph(nodes, written, by_type)
    marked = {kind for kind, schema in kinds.items() if schema.at_most_incoming}
    graph.groups = redundancy.groups(_documents(inventory, extra, marked), kinds)
    directed = {k: [r for r in s.refs if r.impact != "none"] for k, s in kinds.items()}
    directed = {k: refs for k, refs in directed.items() if refs}
    for ident, kind, data in _documents(inventory, extra, set(directed)):
        for ref in directed[kind or ""]:
            name = next(p for p in reversed(ref.pattern) if p != "*")  # "covers", not "*"
            to_source = ref.impact == "to-source"
            label = f"{name} of" if to_source else name
            for path, value in expand_pattern(data, ref.pattern):
                if isinstance(value, str) and value in nodes:
                    link = Link(format_path(path) or name, label)
                    if to_source:
                        graph.add_edge(value, ident, link)
                    else:
                        graph.add_edge(ident, value, link)
    return graph


def _documents(
    inventory: Inventory | OutlinedInventory,
    extra: list[tuple[str, str | None, Document]],
    kinds: set[str],
) -> Iterator[tuple[str, str | None, object]]:
    """(id, kind, data) of the documents of ``kinds``: the inventory's first definitions in
    their order, then the extra ones. The data of an outlined document is its ``spec`` alone,
    under its key: the graph reads nothing else of these kinds (their reference fields and
    quorums are under ``spec``). Most inventories have one such kind at most: its own list is
    in the same order, without a look at every document."""
    found: Iterable[tuple[str | None, str | None, Node]] = ()
    if len(kinds) == 1:
        (only,) = kinds
        found = ((None, only, doc) for doc in inventory.of_kind(only))
    elif kinds:
        by_id = inventory.by_id
        found = ((i, k, by_id[i]) for i, k in inventory.kind_by_id.items() if k in kinds)
    for ident, kind, doc in found:
        if isinstance(doc, Document):
            yield ident or doc.id or "", kind, doc.data
        else:  # outlined: in the inventory under its id, a string
            meta = doc.metadata
            yield ident or (meta.id if meta is not None else ""), kind, {"spec": doc.spec_data()}
    yield from ((i, k, doc.data) for i, k, doc in extra if (k or "") in kinds)
