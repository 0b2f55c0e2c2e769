"""``Inventory``: every document of one revision, indexed once per run."""

from __future__ import annotations

from collections import defaultdict

import msgspec

from cmdbgit.model.document import Document


class Edge(msgspec.Struct, frozen=True, gc=False):
    """One relation as written: ``source`` --type--> ``target``; ``index`` is its position in
    the source document's ``relations`` list. A frozen msgspec struct: an inventory of 10^5
    documents builds ~2×10^5 edges, made in a third of a slotted dataclass's time, and
    (holding only strings) never tracked by the cyclic collector."""

    source: str
    type: str
    target: str
    index: int


class NotLoaded(Exception):
    """A judgement of part of an inventory needed a document outside that part: it is
    judged whole instead (``cmdbgit.incremental``)."""


class Inventory:
    """Documents by id and by kind, and the relation edges.

    ``documents`` holds every mapping document in file order (including ones with problems);
    ``by_id`` maps an id to its first definition (duplicates are a validation problem) and
    ``edges`` are its relations; ``duplicate_edges`` are the relations of the other
    definitions, each with its document, so the checkers still judge them.
    """

    def __init__(
        self, documents: list[Document], known_kinds: dict[str, str | None] | None = None
    ) -> None:
        """``known_kinds``: the kind of every id of the revision when ``documents`` are only
        a part of it (``cmdbgit.incremental``): ids are looked up there, and a document
        outside the part is never made up (``require``)."""
        self.documents = documents
        self.by_id: dict[str, Document] = {}
        #: Every definition of each id defined more than once, in document order.
        self.duplicates: dict[str, list[Document]] = {}
        self.by_kind: dict[str, list[Document]] = defaultdict(list)
        self.edges: list[Edge] = []
        self.duplicate_edges: list[tuple[Document, Edge]] = []
        #: The kind of each id's first definition (None when it has none): checkers look up
        #: hundreds of thousands of reference targets' kinds at 10^5 documents.
        self.kind_by_id: dict[str, str | None] = {} if known_kinds is None else dict(known_kinds)
        by_id, by_kind, edges = self.by_id, self.by_kind, self.edges
        kind_by_id = self.kind_by_id
        for doc in documents:  # one pass, locals only: this runs over every document
            ident = doc.id
            if ident is None:
                continue
            if ident in by_id:
                self.duplicates.setdefault(ident, [by_id[ident]]).append(doc)
                self.duplicate_edges.extend((doc, edge) for edge in _edges(doc, ident))
                continue
            by_id[ident] = doc
            kind = kind_by_id[ident] = doc.kind
            if kind is not None:
                by_kind[kind].append(doc)
            relations = doc.data.get("relations")
            if isinstance(relations, list):
                for index, rel in enumerate(relations):
                    if isinstance(rel, dict):
                        rtype, target = rel.get("type"), rel.get("target")
                        if isinstance(rtype, str) and isinstance(target, str):
                            edges.append(Edge(ident, rtype, target, index))

    def definitions(self, ident: str) -> list[Document]:
        """Every document defining ``ident``, in document order (none, one or more)."""
        found = self.duplicates.get(ident)
        if found is not None:
            return found
        doc = self.by_id.get(ident)
        return [] if doc is None else [doc]

    def every_edge(self) -> list[tuple[Document, Edge]]:
        """The relations of every definition, each with the document it is written in."""
        by_id = self.by_id
        return [(by_id[e.source], e) for e in self.edges] + self.duplicate_edges

    def edges_of(self, ident: str) -> list[Edge]:
        """The edges of ``ident``'s (first) definition: those of ``edges`` whose source it
        is, without a pass over all of them."""
        doc = self.by_id.get(ident)
        return [] if doc is None else _edges(doc, ident)

    def get(self, ident: str) -> Document | None:
        return self.by_id.get(ident)

    def require(self, ident: str) -> Document:
        """The document defining ``ident``, an id ``kind_by_id`` knows; ``NotLoaded`` when it
        is outside the part of the inventory loaded."""
        doc = self.by_id.get(ident)
        if doc is None:
            raise NotLoaded(ident)
        return doc

    def kind_of(self, ident: str) -> str | None:
        doc = self.by_id.get(ident)
        return doc.kind if doc else None

    def of_kind(self, kind: str) -> list[Document]:
        return self.by_kind.get(kind, [])

    def __len__(self) -> int:
        return len(self.documents)


def _edges(doc: Document, ident: str) -> list[Edge]:
    out = []
    for index, rel in enumerate(_relation_list(doc)):
        if isinstance(rel, dict):
            rtype, target = rel.get("type"), rel.get("target")
            if isinstance(rtype, str) and isinstance(target, str):
                out.append(Edge(ident, rtype, target, index))
    return out


def _relation_list(doc: Document) -> list[object]:
    value = doc.data.get("relations")
    return value if isinstance(value, list) else []
