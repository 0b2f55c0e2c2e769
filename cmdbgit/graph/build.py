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

Plain dictionaries, built in one pass over the edges: an impact search from a few roots
touches a few hundred documents of a hundred thousand, so a general graph library's
per-node and per-edge bookkeeping (and its import) cost more than the search itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from cmdbgit.graph import redundancy
from cmdbgit.graph.outlined import Node, OutlinedInventory, outlined_attributes
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Edge, Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import expand_pattern, format_path
from cmdbgit.model.relations import RelationRegistry

_NONE: Mapping[str, Link] = {}


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
    and the ones whose failure reaches it (``causes``), each with the edge's ``Link``."""

    __slots__ = ("_causes", "_effects", "documents", "groups")

    def __init__(self) -> None:
        self.documents: dict[str, Node] = {}
        #: Redundancy groups: group id -> (quorum, membership relation type).
        self.groups: dict[str, tuple[int, str]] = {}
        self._effects: dict[str, dict[str, Link]] = {}
        self._causes: dict[str, dict[str, Link]] = {}

    def __contains__(self, node: object) -> bool:
        return node in self.documents

    def __len__(self) -> int:
        return len(self.documents)

    def effects(self, node: str) -> Mapping[str, Link]:
        """What ``node`` failing impacts, each with the edge between them."""
        return self._effects.get(node, _NONE)

    def causes(self, node: str) -> Mapping[str, Link]:
        """What impacts ``node`` when it fails, each with the edge between them."""
        return self._causes.get(node, _NONE)

    def attributes(self, node: str) -> dict[str, str]:
        """Kind, name, file and (for a Service) criticality of a document of the graph."""
        return node_attributes(self.documents[node])

    def edges(self) -> list[tuple[str, str, Link]]:
        """Every (cause, effect, link), in the order they were added."""
        return [(u, v, link) for u, out in self._effects.items() for v, link in out.items()]

    def add_edge(self, cause: str, effect: str, link: Link) -> None:
        """Add ``cause -> effect`` unless there is one already (or it is a loop)."""
        if cause == effect:
            return
        out = self._effects.get(cause)
        if out is None:
            out = self._effects[cause] = {}
        if effect not in out:
            out[effect] = link
            into = self._causes.get(effect)
            if into is None:
                into = self._causes[effect] = {}
            into[cause] = link

    def add_relations(
        self, edges: Iterable[Edge], by_type: Mapping[str, tuple[bool, Link]]
    ) -> None:
        """``add_edge`` for each relation whose type propagates (``by_type``: whether a
        failure travels from target to source, and the link), written out: this runs over
        every relation of the inventory."""
        nodes, effects, causes = self.documents, self._effects, self._causes
        for edge in edges:
            found = by_type.get(edge.type)
            if found is None:
                continue
            cause, effect = edge.source, edge.target
            if cause == effect or cause not in nodes or effect not in nodes:
                continue
            to_source, link = found
            if to_source:
                cause, effect = effect, cause
            out = effects.get(cause)
            if out is None:
                effects[cause] = {effect: link}
            elif effect in out:
                continue
            else:
                out[effect] = link
            into = causes.get(effect)
            if into is None:
                causes[effect] = {cause: link}
            else:
                into[cause] = link


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
    impact of removing them can be traced. An ``OutlinedInventory`` holds in full the
    documents of every kind whose data the graph reads (``full_data_kinds``)."""
    graph = FailureGraph()
    nodes = graph.documents
    nodes.update(inventory.by_id)
    extra = [(ident, doc.kind, doc) for doc in extra_documents if (ident := doc.id) is not None]
    for ident, _kind, doc in extra:
        nodes.setdefault(ident, doc)
    marked = {kind for kind, schema in kinds.items() if schema.at_most_incoming}
    graph.groups = redundancy.groups(_documents(inventory, extra, marked), kinds)
    by_type: dict[str, tuple[bool, Link]] = {}
    for rtype in relations.types.values():
        if rtype.impact != "none":
            to_source = rtype.impact == "to-source"
            label = rtype.inverse if to_source else rtype.name
            by_type[rtype.name] = (to_source, Link(rtype.name, label))
    graph.add_relations(inventory.edges, by_type)
    graph.add_relations(extra_edges, by_type)
    directed = {k: [r for r in s.refs if r.impact != "none"] for k, s in kinds.items()}
    directed = {k: refs for k, refs in directed.items() if refs}
    for ident, kind, doc in _documents(inventory, extra, set(directed)):
        for ref in directed[kind or ""]:
            name = next(p for p in reversed(ref.pattern) if p != "*")  # "covers", not "*"
            to_source = ref.impact == "to-source"
            label = f"{name} of" if to_source else name
            for path, value in expand_pattern(doc.data, ref.pattern):
                if isinstance(value, str) and value in nodes:
                    link = Link(format_path(path) or name, label)
                    if to_source:
                        graph.add_edge(value, ident, link)
                    else:
                        graph.add_edge(ident, value, link)
    return graph


def full_data_kinds(kinds: KindRegistry) -> set[str]:
    """The kinds whose documents the graph reads beyond their relations: redundancy groups
    and kinds with a reference field that carries failures."""
    marked = {kind for kind, schema in kinds.items() if schema.at_most_incoming}
    return marked | {k for k, s in kinds.items() if any(r.impact != "none" for r in s.refs)}


def _documents(
    inventory: Inventory | OutlinedInventory,
    extra: list[tuple[str, str | None, Document]],
    kinds: set[str],
) -> Iterator[tuple[str, str | None, Document]]:
    """(id, kind, document) of ``kinds``: the inventory's first definitions in their order,
    then the extra ones. Most inventories have one such kind at most: its own list is in the
    same order, without a look at every document."""
    found: Iterable[tuple[str | None, str | None, Node]] = ()
    if len(kinds) == 1:
        (only,) = kinds
        found = ((None, only, doc) for doc in inventory.of_kind(only))
    elif kinds:
        by_id = inventory.by_id
        found = ((i, k, by_id[i]) for i, k in inventory.kind_by_id.items() if k in kinds)
    for ident, kind, doc in found:
        if not isinstance(doc, Document):  # an outlined inventory holds these in full
            raise TypeError(f"a {kind} must be read in full for the failure graph")
        yield ident or doc.id or "", kind, doc
    yield from (item for item in extra if (item[1] or "") in kinds)
