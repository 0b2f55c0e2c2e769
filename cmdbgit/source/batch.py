"""Every inventory file of a source, parsed once: from the parse cache when its blob is known,
else parsed — across cores in forked workers when there are enough files to pay for them.

Workers (``workers.pool``) send back each file's cache entry (msgpack bytes): what the cache
stores anyway, and plain data across the process boundary. A worker that dies costs no run:
the files it held are parsed again one by one, each in a process of its own, and a file that
kills that process too is a ``yaml`` problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

from cmdbgit.gcpause import no_gc
from cmdbgit.model.config import Limits
from cmdbgit.model.problem import Problem
from cmdbgit.parse.loader import LoadedFile, load_file
from cmdbgit.source.base import Source, SourceFile
from cmdbgit.source.repo import RepoHandle
from cmdbgit.source.screening import is_lfs_pointer, lfs_pointer
from cmdbgit.store.entry import decode
from cmdbgit.store.entry import encode as encode_entry
from cmdbgit.store.location import cache_dir
from cmdbgit.store.parse_cache import STATS, ParseCache, memory_cache, open_cache
from cmdbgit.workers.pool import map_forked

#: Below this many files to parse, one process is as fast as forking (measured on generated
#: inventories, 2 cores, median of 5: 500 files 0.033 s serial / 0.029 s forked; 1,000:
#: 0.057 / 0.049; 5,000: 0.35 / 0.23; 20,000: 1.48 / 0.81). ``CMDBGIT_WORKERS=1`` turns
#: parallel parsing off.
PARALLEL_MIN_FILES = 1_000
#: Files per task handed to a worker: small enough to balance the load, large enough that
#: task overhead stays negligible.
CHUNK = 250


@runtime_checkable
class Prefetching(Protocol):
    """A source that reads many files faster at once than one by one (Git objects)."""

    def prefetch(self, paths: Iterable[str]) -> None:
        """Read these files now, so that ``read`` serves them from memory."""
        ...


def cache_for(source: Source, limits: Limits, use_cache: bool = True) -> ParseCache:
    """The repository's parse cache for a source of a repository (working tree or Git ref),
    else a cache in memory only (``use_cache=False``, a source with no project root, or no
    usable cache folder)."""
    folder = cache_folder(source, use_cache)
    return memory_cache(limits) if folder is None else open_cache(folder, limits)


def cache_folder(source: Source, use_cache: bool = True) -> Path | None:
    """The cache folder of the repository ``source`` belongs to; None with ``use_cache``
    False, for a source with no project root, or without a usable folder."""
    handle = getattr(source, "handle", None)
    if use_cache and isinstance(handle, RepoHandle):
        return cache_dir(cache_anchor(handle))
    return None


def cache_anchor(handle: RepoHandle) -> Path:
    """What names a repository's cache folder: its Git directory (shared by its worktrees,
    and not something a commit can choose), or the project folder outside Git."""
    if handle.repo is None:
        return handle.root
    return Path(handle.repo.common_dir).resolve()


def load_files(
    source: Source,
    files: list[SourceFile],
    limits: Limits,
    cache: ParseCache,
    *,
    prune: bool = True,
) -> list[LoadedFile]:
    """The parsed files, in order; files that vanished while reading are left out.
    ``prune``: False when ``files`` are a part of a revision (``ParseCache.save``)."""
    results: list[LoadedFile | None] = [None] * len(files)
    missing: list[int] = []
    with no_gc():
        for i, entry in enumerate(files):
            hit = cache.get(entry.blob_id, entry.path)
            if hit is None:
                missing.append(i)
            else:
                results[i] = hit
    if missing:
        paths = [files[i].path for i in missing]
        if isinstance(source, Prefetching):
            source.prefetch(paths)
        for i, (loaded, encoded) in zip(
            missing, _parse(source.read, paths, limits, encode=cache.persistent), strict=True
        ):
            STATS.parsed += 1
            if loaded is not None:
                cache.put(files[i].blob_id, loaded, encoded)
            results[i] = loaded
    cache.save(prune=prune)
    return [loaded for loaded in results if loaded is not None]


Parsed = tuple[LoadedFile | None, bytes | None]


def _parse(
    read: Callable[[str], bytes | None], paths: list[str], limits: Limits, *, encode: bool
) -> list[Parsed]:
    """Each file parsed (and encoded as a cache entry when ``encode``), across cores when
    there are many (workers send back cache entries: what the cache stores anyway)."""

    def parse(path: str) -> Parsed:
        return _parse_one(read, path, limits, encode=encode)

    def crashed(path: str, signal_name: str) -> Parsed:
        message = f"the parser crashed on this file ({signal_name})"
        return LoadedFile(path, [], [Problem(path, 1, 1, "yaml", "error", message)]), None

    if len(paths) >= PARALLEL_MIN_FILES:
        # Some of so many files will need the located loader (``parse.loader`` imports it
        # when first needed): imported before the workers are forked, it is imported once,
        # not once in each process (~25 ms each).
        import cmdbgit.parse.located  # noqa: F401

    return map_forked(
        parse,
        paths,
        crashed=crashed,
        min_items=PARALLEL_MIN_FILES,
        chunk=CHUNK,
        min_chunk=50,
        send=_sent,
        receive=_received,
    )


def _sent(parsed: Parsed) -> bytes | LoadedFile | None:
    """What a worker sends for a file: its cache entry, else (msgpack cannot hold it: an
    integer beyond 64 bits, a lone surrogate) the loaded file itself."""
    loaded, encoded = parsed
    if encoded is None and loaded is not None:
        encoded = encode_entry(loaded)
    return encoded if encoded is not None else loaded


def _received(path: str, sent: bytes | LoadedFile | None) -> Parsed:
    if isinstance(sent, bytes):
        return decode(path, sent), sent
    return sent, None


def _parse_one(
    read: Callable[[str], bytes | None], path: str, limits: Limits, *, encode: bool = True
) -> Parsed:
    raw = read(path)
    if raw is None:
        return None, None
    if is_lfs_pointer(raw):
        loaded = LoadedFile(path, [], [lfs_pointer(path)])
    else:
        loaded = load_file(path, raw, limits)
    return loaded, encode_entry(loaded) if encode else None
