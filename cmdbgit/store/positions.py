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
ones it used, as in the parse cache. The revisions of one process share what is read and
found (as they share the parse cache): ``check`` locates a problem of a file both sides hold
once, for the head, and the base takes it from there.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from cmdbgit.model.config import Limits
from cmdbgit.parse.parsed import Positions
from cmdbgit.store.container import read_store, signature, write_store
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


class _Shared:
    """One positions file as read (and added to) by this process."""

    def __init__(self, file: Path, settings: str) -> None:
        self.entries: dict[str, _Entry] = {}
        self.used: set[str] = set()
        self.dirty = False
        body = read_store(file, MAGIC, settings)
        if body is not None:
            try:
                self.entries = _DECODER.decode(body)
            except msgspec.DecodeError:
                self.entries = {}
        self.signature = signature(file)


#: Positions files read by this process, by (file, settings); reused while the file on disk
#: is the one read or written (as the parse cache's ``open_cache``).
_OPEN: dict[tuple[Path, str], _Shared] = {}
_KEEP_OPEN = 2


def _open(file: Path, settings: str) -> _Shared:
    shared = _OPEN.pop((file, settings), None)
    if shared is None or signature(file) != shared.signature:
        shared = _Shared(file, settings)
    _OPEN[(file, settings)] = shared
    while len(_OPEN) > _KEEP_OPEN:  # a long-lived process (tests) keeps the latest only
        del _OPEN[next(iter(_OPEN))]
    return shared


class PositionStore:
    """The remembered positions of one revision's files (``blobs``: blob id by path); a
    ``folder`` of None disables it (``--no-cache``)."""

    def __init__(
        self, folder: Path | None, limits: Limits, blobs: dict[str, str], *, prune: bool = True
    ) -> None:
        """``prune``: False when ``blobs`` are a part of a revision's files: a save then keeps
        every entry."""
        self._prune = prune
        self._file = None if folder is None else folder / POSITIONS_FILE
        self._settings = settings_key(limits)
        self._blobs = blobs
        self._shared = None if self._file is None else _open(self._file, self._settings)

    def _key(self, path: str, index: int) -> str | None:
        blob = self._blobs.get(path)
        return None if blob is None else f"{blob}:{index}"

    def get(self, path: str, index: int) -> tuple[int, Positions] | None:
        """The cost and positions of document ``index`` of the file at ``path``, if known."""
        key = self._key(path, index)
        shared = self._shared
        entry = None if key is None or shared is None else shared.entries.get(key)
        if key is None or shared is None or entry is None:
            return None
        shared.used.add(key)
        positions = Positions(
            {tuple(p): (line, col) for p, line, col in entry.values},
            {tuple(p): (line, col) for p, line, col in entry.keys},
        )
        return entry.cost, positions

    def cost(self, path: str, index: int) -> int | None:
        """What re-reading document ``index`` of ``path`` cost, if its positions are known."""
        key = self._key(path, index)
        shared = self._shared
        entry = None if key is None or shared is None else shared.entries.get(key)
        return None if entry is None else entry.cost

    def put(self, path: str, index: int, cost: int, positions: Positions) -> None:
        key = self._key(path, index)
        shared = self._shared
        if key is None or shared is None:
            return
        shared.entries[key] = _Entry(
            cost,
            [(list(p), line, col) for p, (line, col) in positions.values.items()],
            [(list(p), line, col) for p, (line, col) in positions.keys.items()],
        )
        shared.used.add(key)
        shared.dirty = True

    def save(self) -> None:
        """Write what this process added (nothing when it added nothing)."""
        shared = self._shared
        if self._file is None or shared is None or not shared.dirty:
            return
        if self._prune and len(shared.entries) - len(shared.used) > len(shared.used):
            shared.entries = {k: v for k, v in shared.entries.items() if k in shared.used}
        if write_store(self._file, MAGIC, self._settings, _ENCODER.encode(shared.entries)):
            shared.dirty = False
            shared.signature = signature(self._file)
