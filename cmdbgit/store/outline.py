"""A parse-cache entry read in outline: the ids of its documents and whether it parsed.

Decoding an entry in full builds every value of every document; a diff of two revisions only
needs to know which ids the files it does not compare define (a duplicate of a changed
document may live in one of them) and which of them do not parse. msgspec skips the rest
without building it, about eight times faster. An entry whose shape the outline cannot take
(a document that is not a mapping, ``metadata`` that is not one, a key that is not a string)
gives None: the caller reads that file in full instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


_DECODER = msgspec.msgpack.Decoder(_File)


@dataclass(frozen=True, slots=True)
class Outline:
    #: The id of each mapping document that has one, in document order (as ``Document.id``).
    ids: tuple[str, ...]
    #: True when the file has a ``yaml`` error (its documents are not all there).
    unparsed: bool


def outline(raw: bytes | msgspec.Raw) -> Outline | None:
    try:
        entry = _DECODER.decode(raw)
    except (msgspec.DecodeError, ValueError, TypeError):
        return None
    ids = []
    for _index, _line, doc in entry.documents:
        ident = doc.metadata.id if doc.metadata is not None else None
        if isinstance(ident, str) and len(ident) <= ID_CAP:
            ids.append(ident)
    unparsed = any(p.rule == "yaml" and p.severity == "error" for p in entry.problems)
    return Outline(tuple(ids), unparsed)
