"""Positions found by locating problems, remembered by Git blob id.

A document read by the fast path is located only when it has a problem, by re-reading it with
the located loader (pure Python, a few milliseconds a document). An inventory whose policies
flag a few hundred documents pays that on every run that judges it — after one file edited,
and on both sides of a pull-request check. The positions depend on nothing but the file's
bytes and the loader, so they are kept here per (blob, document index) with the length of the
text that was re-read: a run that takes positions from here charges the same budget
(``parse.locator.LOCATE_BUDGET``) as the run that found them, so remembered and fresh runs
place every problem at the same line and column.

Stored in the repository's cache folder (``positions.msgpack``) in the checksummed container
of the other caches; entries of blobs a run did not see are dropped once they outnumber the
ones it used, as in the parse cache.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from cmdbgit.model.config import Limits
from cmdbgit.parse.located import Positions
from cmdbgit.store.container import read_store, write_store
from cmdbgit.store.parse_cache import settings_key

POSITIONS_FILE = "positions.msgpack"
MAGIC = b"CMDBGIT-POSITIONS\n"
#: A field path as msgpack holds it, with its 1-based line and column.
_Placed = tuple[list[str | int], int, int]


class _Entry(msgspec.Struct, array_like=True):
    #: Characters re-read to find these positions (charged to the run's budget again)
    cost: int
    values: list[_Placed]
    keys: list[_Placed]


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(dict[str, _Entry])


class PositionStore:
    """The remembered positions of one revision's files (``blobs``: blob id by path); a
    ``folder`` of None disables it (``--no-cache``)."""

    def __init__(self, folder: Path | None, limits: Limits, blobs: dict[str, str]) -> None:
        self._file = None if folder is None else folder / POSITIONS_FILE
        self._settings = settings_key(limits)
        self._blobs = blobs
        self._entries: dict[str, _Entry] = {}
        self._used: set[str] = set()
        self._dirty = False
        if self._file is not None:
            body = read_store(self._file, MAGIC, self._settings)
            if body is not None:
                try:
                    self._entries = _DECODER.decode(body)
                except msgspec.DecodeError:
                    self._entries = {}

    def _key(self, path: str, index: int) -> str | None:
        blob = self._blobs.get(path)
        return None if blob is None else f"{blob}:{index}"

    def get(self, path: str, index: int) -> tuple[int, Positions] | None:
        """The cost and positions of document ``index`` of the file at ``path``, if known."""
        key = self._key(path, index)
        entry = None if key is None else self._entries.get(key)
        if key is None or entry is None:
            return None
        self._used.add(key)
        positions = Positions(
            {tuple(p): (line, col) for p, line, col in entry.values},
            {tuple(p): (line, col) for p, line, col in entry.keys},
        )
        return entry.cost, positions

    def put(self, path: str, index: int, cost: int, positions: Positions) -> None:
        key = self._key(path, index)
        if key is None or self._file is None:
            return
        self._entries[key] = _Entry(
            cost,
            [(list(p), line, col) for p, (line, col) in positions.values.items()],
            [(list(p), line, col) for p, (line, col) in positions.keys.items()],
        )
        self._used.add(key)
        self._dirty = True

    def save(self) -> None:
        """Write what this run added (nothing when it added nothing)."""
        if self._file is None or not self._dirty:
            return
        if len(self._entries) - len(self._used) > len(self._used):
            self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        if write_store(self._file, MAGIC, self._settings, _ENCODER.encode(self._entries)):
            self._dirty = False
