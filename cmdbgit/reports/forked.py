"""``report all`` across cores: the reports built in forked workers, each sent back finished.

Workers are forked once the inventory is loaded, so they inherit it and nothing is sent to
them; they take the reports' numbers one at a time from a pipe (the caller lists the heaviest
first) and send each one's encoded bytes back, while this process builds the reports the
caller keeps here, then helps with the rest. The caller puts the results in its fixed
order, so the output never depends on the number of workers
(``CMDBGIT_WORKERS``; 1: none is forked). A report a worker did not deliver whole — it died,
or raised — is built again in this process: it comes out as it would serially, the same bytes
or the same error. Workers die with this process and never hold its output open (the parse
workers' ``tie_to_parent``); however the call ends, none outlives it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import sys
import threading
from collections.abc import Callable, Sequence

from cmdbgit.source.batch import tie_to_parent, worker_count

#: A result's frame: the task's number and the length of the bytes that follow.
_FRAME = struct.Struct("<HQ")


def map_forked(
    func: Callable[[str], bytes], names: Sequence[str], here: Sequence[str] = ()
) -> dict[str, bytes]:
    """``{name: func(name)}``, across up to ``CMDBGIT_WORKERS`` processes. This process
    builds the ``here`` names first (in order), then helps with the others, which the workers
    take in the order of ``names``."""
    shared = [name for name in names if name not in here]
    workers = min(worker_count(), len(shared) + 1)
    if workers < 2 or len(shared) > 255 or not _memory_for_a_copy():
        return {name: func(name) for name in names}
    tasks, feed = os.pipe()
    os.write(feed, bytes(range(len(shared))))  # a pipe's buffer holds far more than 255 bytes
    os.close(feed)  # empty and closed: a read at the end says so
    sys.stdout.flush()
    sys.stderr.flush()
    children: list[_Child] = []
    done: dict[str, bytes] = {}
    try:
        for _ in range(workers - 1):
            children.append(_fork(func, shared, tasks))
        for child in children:
            child.reader.start()
        for name in names:
            if name in here:
                done[name] = func(name)
        while (index := _take(tasks)) is not None:
            done[shared[index]] = func(shared[index])
        for child in children:
            child.finish()
            done.update((shared[i], data) for i, data in child.results())
    finally:
        os.close(tasks)
        for child in children:
            child.stop()
    # What a worker took but did not deliver (it died, or the report raised) is built here.
    return {name: done[name] if name in done else func(name) for name in names}


def _memory_for_a_copy() -> bool:
    """Whether the machine has room for a worker that ends up copying all of this process:
    its pages are shared until written, but reading an object writes its reference count
    (measured at 300,000 documents: workers took the whole run from 2.0 GB to 2.9 GB, summed
    over the processes, for a quarter off the time). Where this cannot be read, yes."""
    try:
        with open("/proc/self/statm") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024 >= resident
    except (OSError, ValueError, IndexError):
        pass
    return True


def _take(tasks: int) -> int | None:
    # Reads of one byte from a pipe are atomic: every number is taken exactly once.
    data = os.read(tasks, 1)
    return data[0] if data else None


class _Child:
    """A forked worker: its pid and a thread draining its results pipe (a worker must never
    wait on a full pipe while this process is busy with a report of its own)."""

    def __init__(self, pid: int, incoming: int) -> None:
        self.pid = pid
        self.incoming = incoming
        self.received = bytearray()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reaped = False

    def _drain(self) -> None:
        while chunk := os.read(self.incoming, 1 << 20):
            self.received += chunk

    def finish(self) -> None:
        self.reader.join()
        os.waitpid(self.pid, 0)
        self.reaped = True

    def results(self) -> list[tuple[int, bytes]]:
        """The whole frames received; a cut last one (the worker died writing) is left out."""
        out = []
        view = memoryview(self.received)
        at = 0
        while at + _FRAME.size <= len(view):
            index, length = _FRAME.unpack_from(view, at)
            end = at + _FRAME.size + length
            if end > len(view):
                break
            out.append((index, bytes(view[at + _FRAME.size : end])))
            at = end
        view.release()
        self.received = bytearray()
        return out

    def stop(self) -> None:
        if not self.reaped:
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.reaped = True
        if self.reader.is_alive():  # the write end died with the worker: the read ends
            self.reader.join()
        os.close(self.incoming)


def _fork(func: Callable[[str], bytes], names: Sequence[str], tasks: int) -> _Child:
    incoming, outgoing = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        status = 1
        try:
            os.close(incoming)
            tie_to_parent(parent)
            with os.fdopen(outgoing, "wb") as out:
                while (index := _take(tasks)) is not None:
                    data = func(names[index])
                    out.write(_FRAME.pack(index, len(data)))
                    out.write(data)
                    out.flush()
            status = 0
        finally:
            os._exit(status)
    os.close(outgoing)
    return _Child(pid, incoming)
