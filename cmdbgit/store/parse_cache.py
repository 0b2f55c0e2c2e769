"""The parse cache: each file's parsed documents and ``yaml`` problems by Git blob id.

One file, ``parse.msgpack`` in the repository's cache folder (``location``; never in the work
tree). A save that only adds entries appends them as a segment (``container``): one edited
file must not cost rewriting 10^5 entries (at 10^5 documents the whole file is ~60 MB, and
writing it took a third of a second). It is written whole, atomically, when entries are
dropped, when it holds ``MAX_SEGMENTS`` segments, or when it is not the file this process
read (another run wrote it meanwhile). Its entries are
valid only for the cmdbgit version, loader code and loader limits that wrote them: these are
hashed into the header's settings, and a file written under other settings is ignored as a
whole (and rewritten on the next save), as is a truncated or corrupted one — never trusted,
only rebuilt. The cache is local state: it is protected against accidents, not against
someone who can write to the user's cache folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import msgspec

from cmdbgit import __version__
from cmdbgit.gcpause import no_gc
from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import LoadedFile
from cmdbgit.store.container import (
    FORMAT,
    append_segment,
    read_segments,
    signature,
    write_store,
)
from cmdbgit.store.entry import decode
from cmdbgit.store.outline import Outline, outlines

CACHE_FILE = "parse.msgpack"
MAGIC = b"CMDBGIT-PARSE-CACHE\n"
_ENCODER = msgspec.msgpack.Encoder()
_BODY = msgspec.msgpack.Decoder(dict[bytes, msgspec.Raw])
#: Segments a cache file may hold before a save writes it whole again (each read decodes
#: them all; one edit-and-validate cycle appends one).
MAX_SEGMENTS = 32


@dataclass(slots=True)
class CacheStats:
    """Counters for this process: how many files were parsed and how many came from a cache.
    Tests and the benchmark read them to prove that a second run parses only what changed."""

    parsed: int = 0
    reused: int = 0


STATS = CacheStats()


@cache
def code_fingerprint(*folders: str) -> str:
    """The source of these parts of cmdbgit (and this module): a change to how files are
    parsed or judged invalidates what was cached under the old code, even when the version
    number has not moved (as during development)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(__version__.encode())
    modules = [p for folder in folders for p in sorted((package / folder).glob("*.py"))]
    # The parse cache's own code, and the source code that decides what a parse is (which
    # files are skipped as LFS pointers, how workers report a crash).
    own = [Path(__file__).resolve(), package / "store" / "entry.py"]
    own += [package / "source" / "batch.py", package / "source" / "screening.py"]
    for module in [*modules, *own]:
        try:
            digest.update(module.read_bytes())
        except OSError:  # pragma: no cover - a package without sources: the version decides
            continue
    return digest.hexdigest()


def settings_key(limits: Limits) -> str:
    fields = (FORMAT, __version__, limits.max_file_bytes, limits.max_aliases, limits.max_depth)
    return hashlib.sha256(f"{fields!r}{code_fingerprint('parse')}".encode()).hexdigest()[:32]


class ParseCache:
    """Entries by blob id, loaded from disk (when ``file`` is set) and saved back on demand."""

    def __init__(self, file: Path | None, settings: str) -> None:
        self.file = file
        self.settings = settings
        self._entries: dict[bytes, msgspec.Raw] = {}
        #: Files already decoded or parsed by this process: a second revision (the base of a
        #: diff or check) shares their documents instead of decoding them again.
        self._loaded: dict[tuple[bytes, str], LoadedFile] = {}
        self._used: set[bytes] = set()
        #: Entries added since the file was read or written: what an append writes.
        self._added: dict[bytes, msgspec.Raw] = {}
        #: True when a save must write the whole file (entries dropped, a damaged file).
        self._rewrite = False
        self._segments = 0
        self._signature: tuple[int, int, int] | None = None
        if file is not None:
            bodies, sound = read_segments(file, MAGIC, settings)
            try:
                with no_gc():
                    for body in bodies:
                        self._entries.update(_BODY.decode(body))
            except msgspec.DecodeError:
                self._entries, sound = {}, False
            self._segments = len(bodies)
            self._rewrite = not sound and file.exists()  # a bad file is replaced
            self._signature = signature(file)

    @property
    def persistent(self) -> bool:
        return self.file is not None

    def get(self, blob: str, path: str) -> LoadedFile | None:
        key = bytes.fromhex(blob)
        loaded = self._loaded.get((key, path))
        if loaded is not None:
            STATS.reused += 1
            return loaded
        raw = self._entries.get(key)
        if raw is None:
            return None
        loaded = decode(path, raw)
        if loaded is None:  # undecodable despite the checksum: drop it, parse again
            del self._entries[key]
            self._rewrite = True
            return None
        self._used.add(key)
        self._loaded[(key, path)] = loaded
        STATS.reused += 1
        return loaded

    def outlines(self, blobs: list[str], *, with_documents: bool = False) -> list[Outline | None]:
        """Each entry's outline (``store.outline``), or None where it is not cached or the
        outline cannot read it. The entries outlined count as used: a save keeps them."""
        keys = [bytes.fromhex(blob) for blob in blobs]
        entries = self._entries
        found = outlines([entries.get(key) for key in keys], with_documents=with_documents)
        self._used.update(key for key, one in zip(keys, found, strict=True) if one is not None)
        return found

    def put(self, blob: str, loaded: LoadedFile, encoded: bytes | None) -> None:
        key = bytes.fromhex(blob)
        self._loaded[(key, loaded.path)] = loaded
        if encoded is None or self.file is None:
            return
        self._entries[key] = self._added[key] = msgspec.Raw(encoded)
        self._used.add(key)

    def save(self, *, prune: bool = True) -> None:
        """Write what changed: the added entries appended, or the whole cache. Entries not
        used by this process are kept while they are fewer than the used ones (switching
        branches stays cheap), else dropped — never with ``prune`` False (a process that
        read a part of a revision's files)."""
        if self.file is None or not (self._added or self._rewrite):
            return
        if prune and len(self._entries) - len(self._used) > len(self._used):
            self._entries = {k: v for k, v in self._entries.items() if k in self._used}
            self._rewrite = True
        appended = (
            not self._rewrite
            and 0 < self._segments < MAX_SEGMENTS
            and append_segment(
                self.file, self.settings, _ENCODER.encode(self._added), self._signature
            )
        )
        if appended:
            self._segments += 1
        elif write_store(self.file, MAGIC, self.settings, _ENCODER.encode(self._entries)):
            self._segments = 1
        else:
            return
        self._added.clear()
        self._rewrite = False
        self._signature = signature(self.file)

    def is_current(self) -> bool:
        """True while the file on disk is the one this object read or wrote."""
        return self.file is None or signature(self.file) == self._signature


#: Caches already read by this process, by (file, settings); reused while the file on disk is
#: unchanged, so ``diff``/``check`` (two revisions) decode the cache once.
_OPEN: dict[tuple[Path, str], ParseCache] = {}
_KEEP_OPEN = 2


def open_cache(folder: Path, limits: Limits) -> ParseCache:
    """The parse cache in the cache ``folder`` (``location.cache_dir``) for these limits."""
    file = folder / CACHE_FILE
    settings = settings_key(limits)
    cached = _OPEN.pop((file, settings), None)
    if cached is None or not cached.is_current():
        cached = ParseCache(file, settings)
    _OPEN[(file, settings)] = cached
    while len(_OPEN) > _KEEP_OPEN:  # a long-lived process (tests) keeps the latest only
        del _OPEN[next(iter(_OPEN))]
    return cached


def forget_open_caches() -> None:
    """Forget the caches this process has read, so the next load reads the file again (as a
    new process would; for tests and long-lived callers)."""
    _OPEN.clear()


def memory_cache(limits: Limits) -> ParseCache:
    """A cache that lives only as long as the caller holds it (``--no-cache``)."""
    return ParseCache(None, settings_key(limits))
