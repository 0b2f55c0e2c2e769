"""The head of a change as the failure graph reads it, most of it in outline.

``impact --since`` needs the head's whole graph, but of a document not in the change only its
id, kind, name, relations and ``spec`` (a Service's criticality, a redundancy group's quorum,
an ``x-impact`` reference field: every field the graph reads is under ``spec``):
``store.outline`` reads those from the parse cache without building the rest, and leaves
``spec`` encoded until it is read. The files the change touched are read in full anyway (the
diff compares them). At 10^5 documents this spares building 10^5 documents and an
``Inventory`` of them.

``OutlinedInventory`` indexes the mix exactly as ``Inventory`` indexes documents (first
definition of an id wins; a relation counts when it is a mapping with a string type and
target), so the graph and the output are the same as from a full read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from cmdbgit.model.document import ID_CAP, Document
from cmdbgit.model.inventory import Edge
from cmdbgit.store.outline import OutlinedDocument

Node = Document | OutlinedDocument
#: One file of the head: its documents read in full, or its path and outlined documents.
HeadFile = list[Document] | tuple[str, Sequence[tuple[int, int, OutlinedDocument]]]


def outlined_attributes(doc: OutlinedDocument) -> tuple[str, str, object]:
    """Kind, name and ``spec.criticality`` of an outlined document, as ``Document`` reads
    them."""
    kind = doc.kind if isinstance(doc.kind, str) else ""
    meta = doc.metadata
    name, ident = (meta.name, meta.id) if meta is not None else (None, None)
    if not isinstance(name, str):
        name = ident if isinstance(ident, str) and len(ident) <= ID_CAP else ""
    spec = doc.spec_data() if kind == "Service" else None  # only a Service's is ever shown
    return kind, name, spec.get("criticality") if isinstance(spec, dict) else None


class OutlinedInventory:
    """``Inventory``'s ``by_id``, ``kind_by_id``, ``of_kind`` and ``edges`` over documents read
    in full and outlined ones, in file order."""

    def __init__(self, files: Iterable[HeadFile]) -> None:
        self.by_id: dict[str, Node] = {}
        self.kind_by_id: dict[str, str | None] = {}
        self.by_kind: dict[str, list[Node]] = defaultdict(list)
        self.edges: list[Edge] = []
        # One loop over every file, its locals bound once: this runs over most documents.
        by_id, kind_by_id, by_kind, edges = self.by_id, self.kind_by_id, self.by_kind, self.edges
        for found in files:
            if not isinstance(found, tuple):
                for doc in found:
                    if isinstance(doc.data, dict) and doc.id is not None:
                        self._add(doc, doc.id, doc.kind, _relations(doc.data.get("relations")))
                continue
            path, outlined = found
            for _index, _line, outline in outlined:  # ``_add``, written out
                meta = outline.metadata
                ident = meta.id if meta is not None else None
                if not isinstance(ident, str) or len(ident) > ID_CAP or ident in by_id:
                    continue
                outline.file = path
                by_id[ident] = outline
                kind = outline.kind if isinstance(outline.kind, str) else None
                kind_by_id[ident] = kind
                if kind is not None:
                    by_kind[kind].append(outline)
                if outline.relations:
                    for index, rel in enumerate(outline.relations):
                        rtype, target = rel.type, rel.target
                        if isinstance(rtype, str) and isinstance(target, str):
                            edges.append(Edge(ident, rtype, target, index))

    def _add(
        self, node: Node, ident: str, kind: str | None, relations: Iterable[tuple[object, object]]
    ) -> None:
        if ident in self.by_id:
            return
        self.by_id[ident] = node
        self.kind_by_id[ident] = kind
        if kind is not None:
            self.by_kind[kind].append(node)
        edges = self.edges
        for index, (rtype, target) in enumerate(relations):
            if isinstance(rtype, str) and isinstance(target, str):
                edges.append(Edge(ident, rtype, target, index))

    def of_kind(self, kind: str) -> list[Node]:
        return self.by_kind.get(kind, [])


def _relations(value: object) -> list[tuple[object, object]]:
    """(type, target) of each mapping entry of a ``relations`` list, keeping their indexes
    (an entry of another shape stands in as (None, None): no edge)."""
    if not isinstance(value, list):
        return []
    return [
        (r.get("type"), r.get("target")) if isinstance(r, dict) else (None, None) for r in value
    ]
