"""A parse-cache entry read in outline: the ids of its documents and whether it parsed.

Decoding an entry in full builds every value of every document; a diff of two revisions only
needs to know which ids the files it does not compare define (a duplicate of a changed
document may live in one of them) and which of them do not parse. msgspec skips the rest
without building it, about eight times faster. An entry whose shape the outline cannot take
(a document that is not a mapping, ``metadata`` that is not one, a key that is not a string)
gives None: the caller reads that file in full instead.

``impact`` needs the whole head's failure graph, so its outline (``with_documents``) also
keeps what the graph and its output read of each document (``OutlinedDocument``): kind, name,
relations, and ``spec`` undecoded (a view of the entry's bytes, decoded when the graph reads
a reference field or a quorum in it, or the output a Service's criticality). A relation
entry that is not a mapping, or ``relations`` of another shape, gives None too.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import msgspec

from cmdbgit.model.document import ID_CAP
from cmdbgit.store.entry import CachedProblem


class _Metadata(msgspec.Struct):
    id: Any = None


class _Document(msgspec.Struct):
    metadata: _Metadata | None = None


class _File(msgspec.Struct, array_like=True):
    documents: list[tuple[int, int, _Document]]
    problems: list[CachedProblem]


class OutlinedRelation(msgspec.Struct):
    type: Any = None
    target: Any = None


class OutlinedMetadata(msgspec.Struct):
    id: Any = None
    name: Any = None


class OutlinedDocument(msgspec.Struct):
    """A mapping document's ``kind``, ``metadata.id``/``name`` and ``relations`` as written
    (any type: the reader checks them as ``Document`` does), and its ``spec`` still encoded.
    ``file`` is for the reader to set: the entry does not know its path (the odd key it is
    decoded from would be overwritten)."""

    kind: Any = None
    metadata: OutlinedMetadata | None = None
    relations: list[OutlinedRelation] | None = None
    #: Empty when the document has none (msgspec takes no ``Raw | None``).
    spec: msgspec.Raw = msgspec.Raw()
    file: str = msgspec.field(default="", name="(cmdbgit: file)")

    def spec_data(self) -> Any:
        """``spec`` as written (any type; None when there is none)."""
        return msgspec.msgpack.decode(self.spec) if len(self.spec) else None


class _OutlinedFile(msgspec.Struct, array_like=True):
    documents: list[tuple[int, int, OutlinedDocument]]
    problems: list[CachedProblem]


_DECODER = msgspec.msgpack.Decoder(_File)
_WITH_DOCUMENTS = msgspec.msgpack.Decoder(_OutlinedFile)


class Outline(NamedTuple):
    """(A named tuple: tens of thousands are made per run, and a frozen dataclass takes
    several times as long to build.)"""

    #: The id of each mapping document that has one, in document order (as ``Document.id``).
    ids: tuple[str, ...]
    #: True when the file has a ``yaml`` error (its documents are not all there).
    unparsed: bool
    #: (index, line, document) of every document, when read ``with_documents``.
    documents: list[tuple[int, int, OutlinedDocument]] | None = None


def outlines(
    raws: list[msgspec.Raw | None], *, with_documents: bool = False
) -> list[Outline | None]:
    """The outline of each entry (None where there is no entry or the outline cannot read
    it). One loop over all of them: at 10^5 entries the calls around each decode cost more
    than the decode."""
    decode = (_WITH_DOCUMENTS if with_documents else _DECODER).decode
    out: list[Outline | None] = []
    append = out.append
    for raw in raws:
        if raw is None:
            append(None)
            continue
        try:
            entry = decode(raw)
        except (msgspec.DecodeError, ValueError, TypeError):
            append(None)
            continue
        ids = []
        for _index, _line, doc in entry.documents:
            meta = doc.metadata
            ident = meta.id if meta is not None else None
            if isinstance(ident, str) and len(ident) <= ID_CAP:
                ids.append(ident)
        problems = entry.problems
        unparsed = bool(problems) and any(
            p.rule == "yaml" and p.severity == "error" for p in problems
        )
        documents = entry.documents if isinstance(entry, _OutlinedFile) else None
        append(Outline(tuple(ids), unparsed, documents))
    return out
