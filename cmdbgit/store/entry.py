"""A parse-cache entry: one file's parsed documents and ``yaml`` problems as plain msgpack.

An entry is independent of the file's path (a blob may live at several paths), so moving a
file costs no parse. Positions are stored only for the rare file the located loader read
(tags, anchors, syntax errors…); a file the fast path read is located on demand, exactly as
when it is parsed. Entries are plain data decoded into typed structs — no pickle: reading a
cache cannot construct objects or run code.
"""

from __future__ import annotations

from typing import Any

import msgspec

from cmdbgit.model.document import Document
from cmdbgit.model.problem import Location, Problem, Severity
from cmdbgit.parse.loader import LoadedFile
from cmdbgit.parse.parsed import Positions


class CachedProblem(msgspec.Struct, array_like=True, frozen=True):
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    id: str | None
    path: str | None
    #: (file or None for "this file", line, column, id)
    related: list[tuple[str | None, int, int, str | None]]


class CachedPositions(msgspec.Struct, array_like=True):
    """The positions of one document read by the located loader: (field path, line, column)
    for its values and its keys."""

    index: int
    values: list[tuple[list[str | int], int, int]]
    keys: list[tuple[list[str | int], int, int]]


class CachedFile(msgspec.Struct, array_like=True):
    """One file's parse: ``(index, line, data)`` per document, its problems, broken indexes,
    and — only for a file the located loader read — its positions, so that a file with
    hazards (tags, anchors, syntax errors…) is located exactly as when it was parsed."""

    documents: list[tuple[int, int, Any]]
    problems: list[CachedProblem]
    broken: list[int]
    positions: list[CachedPositions] | None = None


_ENCODER = msgspec.msgpack.Encoder()
_ENTRY = msgspec.msgpack.Decoder(CachedFile)


def to_entry(loaded: LoadedFile) -> CachedFile:
    return CachedFile(
        [(d.index, d.line, d.data) for d in loaded.documents],
        [
            CachedProblem(
                p.line,
                p.column,
                p.rule,
                p.severity,
                p.message,
                p.id,
                p.path,
                [
                    (None if r.file == loaded.path else r.file, r.line, r.column, r.id)
                    for r in p.related
                ],
            )
            for p in loaded.problems
        ],
        sorted(loaded.broken),
        None
        if loaded.positions is None
        else [
            CachedPositions(
                index,
                [(list(path), line, col) for path, (line, col) in found.values.items()],
                [(list(path), line, col) for path, (line, col) in found.keys.items()],
            )
            for index, found in loaded.positions.items()
        ],
    )


def from_entry(path: str, entry: CachedFile) -> LoadedFile:
    """The file at ``path`` as the loader returned it."""
    return LoadedFile(
        path,
        [Document(path, index, line, data) for index, line, data in entry.documents],
        [
            Problem(
                path,
                p.line,
                p.column,
                p.rule,
                p.severity,
                p.message,
                p.id,
                p.path,
                tuple(Location(f or path, line, col, ident) for f, line, col, ident in p.related),
            )
            for p in entry.problems
        ],
        None
        if entry.positions is None
        else {
            found.index: Positions(
                {tuple(field): (line, col) for field, line, col in found.values},
                {tuple(field): (line, col) for field, line, col in found.keys},
            )
            for found in entry.positions
        },
        set(entry.broken),
    )


def encode(loaded: LoadedFile) -> bytes | None:
    """The entry's bytes, or None for the rare file msgpack cannot hold (an integer beyond 64
    bits, a lone surrogate): such a file is simply parsed again next time."""
    try:
        return _ENCODER.encode(to_entry(loaded))
    except (OverflowError, UnicodeEncodeError, TypeError):
        return None


def decode(path: str, raw: bytes | msgspec.Raw) -> LoadedFile | None:
    try:
        return from_entry(path, _ENTRY.decode(raw))
    except (msgspec.DecodeError, ValueError, TypeError):
        return None
