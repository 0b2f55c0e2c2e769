"""The parse cache: each file's parsed, normalised documents and ``yaml`` problems by Git blob id.

One file, ``.cmdbgit/cache/parse.msgpack``, replaced atomically. Its entries are valid only for
the cmdbgit version, loader code and loader limits that wrote them: these are hashed into the
header's ``settings``, and a file written under other settings is ignored as a whole (and
rewritten on the next save). The header also carries the body's length and CRC-32, so a
truncated or corrupted file is detected before anything in it is used; a file that fails any
check is never trusted, only rebuilt. Entries are plain data (msgpack through msgspec — no
pickle): reading a cache cannot construct objects or run code.

An entry is independent of the file's path (a blob may live at several paths), so moving a
file costs no parse. Positions are not stored: a problem's position is recovered by the
located loader when needed, exactly as for a file read by the fast path.
"""

from __future__ import annotations

import gc
import hashlib
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from cmdbgit import __version__
from cmdbgit.fsutil import write_atomic
from cmdbgit.model.config import Limits
from cmdbgit.model.document import Document
from cmdbgit.model.problem import Location, Problem, Severity
from cmdbgit.parse.loader import LoadedFile

CACHE_DIR = Path(".cmdbgit") / "cache"
CACHE_FILE = "parse.msgpack"
MAGIC = b"CMDBGIT-PARSE-CACHE\n"
FORMAT = 1
_LENGTH = struct.Struct("<I")


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


class CachedFile(msgspec.Struct, array_like=True):
    """One file's parse: ``(index, line, data)`` per document, its problems, broken indexes."""

    documents: list[tuple[int, int, Any]]
    problems: list[CachedProblem]
    broken: list[int]


class _Header(msgspec.Struct, array_like=True):
    format: int
    settings: str
    length: int
    checksum: int


_ENCODER = msgspec.msgpack.Encoder()
_ENTRY = msgspec.msgpack.Decoder(CachedFile)
_HEADER = msgspec.msgpack.Decoder(_Header)
_BODY = msgspec.msgpack.Decoder(dict[bytes, msgspec.Raw])


@dataclass(slots=True)
class CacheStats:
    """Counters for this process: how many files were parsed and how many came from a cache.
    Tests and the benchmark read them to prove that a second run parses only what changed."""

    parsed: int = 0
    reused: int = 0


STATS = CacheStats()


# -- entries ----------------------------------------------------------------------------------
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
    )


def from_entry(path: str, entry: CachedFile) -> LoadedFile:
    """The file at ``path`` as the loader would return it (without positions)."""
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
        broken=set(entry.broken),
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


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many containers that hold no cycles
    (decoding or parsing a large inventory): collection passes over 10^5 fresh dicts are pure
    cost, about half of the decode time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: From this many documents on, a loaded inventory is moved out of the collector's reach.
FREEZE_MIN_DOCUMENTS = 10_000


def keep_out_of_gc(documents: int) -> None:
    """Move every object alive now (the loaded inventory) to the collector's permanent
    generation: the documents live until the command ends and hold no reference cycles, and
    collections would otherwise walk all 10^6 of their dicts again and again (about a second
    per 100k documents in ``validate``). Call it while the collector is still paused (inside
    ``no_gc``): re-enabling it first triggers one such walk at once. Small inventories are left
    alone."""
    if documents >= FREEZE_MIN_DOCUMENTS:
        gc.freeze()


# -- settings ---------------------------------------------------------------------------------
@cache
def _code_fingerprint() -> str:
    """The loader's own source: a change to how files are parsed invalidates the cache even
    when the version number has not moved (as during development)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(__version__.encode())
    for module in [*sorted((package / "parse").glob("*.py")), Path(__file__).resolve()]:
        try:
            digest.update(module.read_bytes())
        except OSError:  # pragma: no cover - a package without sources: the version decides
            continue
    return digest.hexdigest()


def settings_key(limits: Limits) -> str:
    fields = (FORMAT, __version__, limits.max_file_bytes, limits.max_aliases, limits.max_depth)
    return hashlib.sha256(f"{fields!r}{_code_fingerprint()}".encode()).hexdigest()[:32]


# -- the cache --------------------------------------------------------------------------------
class ParseCache:
    """Entries by blob id, loaded from disk (when ``file`` is set) and saved back on demand."""

    def __init__(self, file: Path | None, settings: str) -> None:
        self.file = file
        self.settings = settings
        self._entries: dict[bytes, msgspec.Raw] = {}
        self._used: set[bytes] = set()
        self._dirty = False
        self._signature: tuple[int, int, int] | None = None
        if file is not None:
            self._entries = _read(file, settings)
            self._dirty = not self._entries and file.exists()  # a bad file is replaced
            self._signature = _signature(file)

    def get(self, blob: str, path: str) -> LoadedFile | None:
        key = bytes.fromhex(blob)
        raw = self._entries.get(key)
        if raw is None:
            return None
        loaded = decode(path, raw)
        if loaded is None:  # undecodable despite the checksum: drop it, parse again
            del self._entries[key]
            self._dirty = True
            return None
        self._used.add(key)
        STATS.reused += 1
        return loaded

    def put(self, blob: str, encoded: bytes | None) -> None:
        if encoded is None:
            return
        key = bytes.fromhex(blob)
        self._entries[key] = msgspec.Raw(encoded)
        self._used.add(key)
        self._dirty = True

    def save(self) -> None:
        """Write the cache if it changed. Entries not used by this process are kept while they
        are fewer than the used ones (switching branches stays cheap), else dropped."""
        if self.file is None or not self._dirty:
            return
        unused = len(self._entries) - len(self._used)
        if unused > len(self._used):
            self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        body = _ENCODER.encode(self._entries)
        header = _ENCODER.encode(_Header(FORMAT, self.settings, len(body), zlib.crc32(body)))
        try:
            _ensure_dir(self.file.parent)
            write_atomic(self.file, MAGIC + _LENGTH.pack(len(header)) + header + body)
        except OSError:  # a read-only checkout still validates; it just parses every time
            return
        self._dirty = False
        self._signature = _signature(self.file)

    def is_current(self) -> bool:
        """True while the file on disk is the one this object read or wrote."""
        return self.file is None or _signature(self.file) == self._signature


def _read(file: Path, settings: str) -> dict[bytes, msgspec.Raw]:
    """The entries of a cache file, or {} when it is absent, foreign, truncated or corrupt."""
    try:
        data = file.read_bytes()
    except OSError:
        return {}
    try:
        if not data.startswith(MAGIC):
            return {}
        start = len(MAGIC) + _LENGTH.size
        (size,) = _LENGTH.unpack_from(data, len(MAGIC))
        header = _HEADER.decode(data[start : start + size])
        body = memoryview(data)[start + size :]
        if (
            header.format != FORMAT
            or header.settings != settings
            or header.length != len(body)
            or header.checksum != zlib.crc32(body)
        ):
            return {}
        with no_gc():
            return _BODY.decode(body)
    except (struct.error, msgspec.DecodeError, ValueError, TypeError):
        return {}


def _signature(file: Path) -> tuple[int, int, int] | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _ensure_dir(folder: Path) -> None:
    """Create ``.cmdbgit/cache`` with a ``.gitignore`` of ``*`` in ``.cmdbgit`` so the cache is
    never committed, whatever the repository's own ignore rules say."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder.parent / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, "# cmdbgit's local state (the parse cache)\n*\n")


#: Caches already read by this process, by (file, settings); reused while the file on disk is
#: unchanged, so ``diff``/``check`` (two revisions) decode the cache once.
_OPEN: dict[tuple[Path, str], ParseCache] = {}


def open_cache(root: Path, limits: Limits) -> ParseCache:
    """The parse cache of the project at ``root`` for these loader limits."""
    file = (root / CACHE_DIR / CACHE_FILE).resolve()
    settings = settings_key(limits)
    cached = _OPEN.get((file, settings))
    if cached is not None and cached.is_current():
        return cached
    opened = ParseCache(file, settings)
    _OPEN[(file, settings)] = opened
    return opened


def memory_cache(limits: Limits) -> ParseCache:
    """A cache that lives only as long as the caller holds it (``--no-cache``)."""
    return ParseCache(None, settings_key(limits))
