"""Every inventory file of a source, parsed once: from the parse cache when its blob is known,
else parsed — across cores in forked workers when there are enough files to pay for them.

Workers send back each file's cache entry (msgpack bytes): what the cache stores anyway, and
plain data across the process boundary. Workers never outlive this process (they are killed
with it, and torn down when parsing ends however it ends), never hold its output open, and a
worker that dies costs no run: the files it held are parsed again one by one, each in a process
of its own, and a file that kills that process too is a ``yaml`` problem.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from queue import Empty
from typing import Any, Protocol, runtime_checkable

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
    source: Source, files: list[SourceFile], limits: Limits, cache: ParseCache
) -> list[LoadedFile]:
    """The parsed files, in order; files that vanished while reading are left out."""
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
    cache.save()
    return [loaded for loaded in results if loaded is not None]


Parsed = tuple[LoadedFile | None, bytes | None]


def _parse(
    read: Callable[[str], bytes | None], paths: list[str], limits: Limits, *, encode: bool
) -> list[Parsed]:
    """Each file parsed, with its cache entry when ``encode`` (workers always encode: the
    entry is how their result travels back)."""
    workers = worker_count()
    if workers < 2 or len(paths) < PARALLEL_MIN_FILES:
        return [_parse_one(read, path, limits, encode=encode) for path in paths]
    return _parse_forked(read, paths, limits, workers, encode=encode)


def worker_count() -> int:
    configured = os.environ.get("CMDBGIT_WORKERS", "")
    if configured.isdigit():
        return int(configured)
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS
        return os.cpu_count() or 1


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


# -- forked workers ---------------------------------------------------------------------------
#: What the workers parse; set just before forking, so each worker inherits the source (and any
#: prefetched bytes) instead of receiving it through a pipe.
_JOB: tuple[Callable[[str], bytes | None], list[str], Limits] | None = None
_DONE = "done"


def _parse_forked(
    read: Callable[[str], bytes | None],
    paths: list[str],
    limits: Limits,
    workers: int,
    *,
    encode: bool,
) -> list[Parsed]:
    """Parse in ``workers - 1`` forked processes and this one, all taking chunks of files
    from one shared counter until none is left (so a slow chunk never idles a core). The
    workers send back cache entries; this process parses its own chunks directly, which
    also spares it decoding them."""
    global _JOB
    context = multiprocessing.get_context("fork")
    size = max(50, min(CHUNK, len(paths) // (4 * workers)))
    spans = [(start, min(start + size, len(paths))) for start in range(0, len(paths), size)]
    counter = context.Value("i", 0)
    queue: Any = context.Queue()
    chunks: dict[int, list[Parsed]] = {}

    def take() -> int | None:
        with counter.get_lock():
            index = int(counter.value)
            counter.value = index + 1
        return index if index < len(spans) else None

    def receive(message: tuple[int, Any]) -> bool:
        index, payload = message
        if payload == _DONE:
            return True
        if isinstance(payload, str):  # a worker failed (its traceback): it has stopped, and
            return True  # the chunk it held is missing, so parsed again below
        start = spans[index][0]
        with no_gc():
            chunks[index] = [
                (decode(paths[start + i], item), item) if isinstance(item, bytes) else (item, None)
                for i, item in enumerate(payload)
            ]
        return False

    _JOB = (read, paths, limits)
    processes = [
        context.Process(target=_worker, args=(spans, take, queue, os.getpid()), daemon=True)
        for _ in range(workers - 1)
    ]
    try:
        for process in processes:
            process.start()
        running = len(processes)
        while (index := take()) is not None:
            start, end = spans[index]
            chunks[index] = [
                _parse_one(read, path, limits, encode=encode) for path in paths[start:end]
            ]
            while running and not queue.empty():
                running -= receive(queue.get())
        while running:
            try:
                running -= receive(queue.get(timeout=0.2))
            except Empty:
                if not any(p.is_alive() for p in processes) and queue.empty():
                    break  # a worker died: the chunks it held are missing, parsed below
    finally:
        _JOB = None
        for process in processes:  # however parsing ended, no worker outlives it
            if process.is_alive():
                process.kill()
            process.join()
    for index, (start, end) in enumerate(spans):
        if index not in chunks:
            chunks[index] = [_parse_isolated(read, path, limits) for path in paths[start:end]]
    return [parsed for index in range(len(spans)) for parsed in chunks[index]]


def _worker(
    spans: list[tuple[int, int]], take: Callable[[], int | None], queue: Any, parent: int
) -> None:
    tie_to_parent(parent)
    assert _JOB is not None
    read, paths, limits = _JOB
    index = -1
    try:
        while (index := take()) is not None:  # type: ignore[assignment]
            start, end = spans[index]
            out: list[bytes | LoadedFile | None] = []
            for path in paths[start:end]:
                loaded, encoded = _parse_one(read, path, limits)
                out.append(encoded if encoded is not None else loaded)
            queue.put((index, out))
        queue.put((-1, _DONE))
    except BaseException:
        queue.put((index, traceback.format_exc(limit=5)))
        raise


def tie_to_parent(parent: int) -> None:
    """Make this worker die with its parent and let go of the parent's output: a worker left
    behind must never keep ``cmdbgit validate | tail`` waiting for the end of the pipe."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the other guards hold
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


_PR_SET_PDEATHSIG = 1


def _parse_isolated(read: Callable[[str], bytes | None], path: str, limits: Limits) -> Parsed:
    """Parse one file in a forked process of its own (after a worker died on its batch): a
    file that kills the parser becomes a ``yaml`` problem instead of killing this process."""
    receiver, sender = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        os.close(receiver)
        status = 1
        try:
            tie_to_parent(os.getppid())
            loaded, encoded = _parse_one(read, path, limits)
            if loaded is not None:
                payload = encoded if encoded is not None else b""
                with os.fdopen(sender, "wb") as out:
                    out.write(b"E" + payload if encoded is not None else b"P")
                status = 0
        finally:
            os._exit(status)
    os.close(sender)
    with os.fdopen(receiver, "rb") as incoming:
        data = incoming.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        problem = Problem(path, 1, 1, "yaml", "error", f"the parser crashed on this file ({name})")
        return LoadedFile(path, [], [problem]), None
    if data.startswith(b"E"):
        loaded = decode(path, data[1:])
        if loaded is not None:
            return loaded, data[1:]
    # The child parsed it without crashing but could not send it back (msgpack cannot hold
    # the result, or the file vanished): parsing it here is safe.
    return _parse_one(read, path, limits)
