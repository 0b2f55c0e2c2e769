"""Work across cores in forked processes: the contract every worker keeps.

A worker is forked, so it inherits what it works on (the source, a loaded inventory) instead
of receiving it through a pipe; it dies with this process and lets go of its output at once
(``cmdbgit validate | tail`` always ends); ``CMDBGIT_WORKERS`` sets how many processes work
(1: none is forked). Results come back in a fixed order, so an outcome never depends on how
many processes worked, and a worker that fails costs time only: what it did not deliver is
done again.

- ``pool.map_forked``: one function over many items (parsing files, formatting files);
- ``background.Background``: items begun in another process while this one does other work
  (the policy layer beside the validation layers).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any


def worker_count() -> int:
    """How many processes may work: ``CMDBGIT_WORKERS``, else the cores this one may use."""
    configured = os.environ.get("CMDBGIT_WORKERS", "")
    if configured.isdigit():
        return int(configured)
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS
        return os.cpu_count() or 1


def tie_to_parent(parent: int) -> None:
    """Make this worker die with its parent and let go of the parent's output: a worker left
    behind must never keep ``cmdbgit validate | tail`` waiting for the end of the pipe."""
    if sys.platform.startswith("linux"):
        # No prctl (another libc): the checks below still hold.
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


_PR_SET_PDEATHSIG = 1


def fork_child(produce: Callable[[], Any]) -> tuple[int, int]:
    """A forked process, tied to this one, that sends ``produce()`` back pickled and ends:
    its pid and the reading end of its pipe (for ``join_child``)."""
    parent = os.getpid()
    receiver, sender = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        os.close(receiver)
        status = 1
        try:
            tie_to_parent(parent)
            data = pickle.dumps(produce(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(sender, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(sender)
    return pid, receiver


def join_child(pid: int, receiver: int) -> tuple[int, bytes]:
    """The wait status of a ``fork_child`` process and all it sent (read to the end first,
    so a large value never blocks it)."""
    with os.fdopen(receiver, "rb") as incoming:
        data = incoming.read()
    _, status = os.waitpid(pid, 0)
    return status, data


def room_for_a_copy() -> bool:
    """Whether the machine has room for a forked process that ends up copying all of this
    one: its pages are shared until written, but reading an object writes its reference
    count (``report all`` at 300,000 documents: 2.0 GB in one process, 2.9 GB summed over
    two). Where this cannot be read, yes."""
    try:
        with open("/proc/self/statm") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024 >= resident
    except (OSError, ValueError, IndexError):
        return True
    return True
