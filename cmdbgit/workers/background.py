"""Work on a list of items begun in a forked process while this one goes on with other work.

The policy layer runs beside the validation layers this way, and ``report all`` builds two
reports beside the other four: each only reads what is loaded, which the forked process
inherits without a copy. The forked process takes the items one by one; when this process
comes for the results it takes the items not begun yet itself, so on two cores a run waits
for about half of the two sides' sum, whichever is larger. Items are handed out through a
pipe filled with their numbers before the fork: a read of two bytes from a pipe is atomic,
so each number is taken exactly once, and no lock can be left held by a process that died.
The process keeps the workers' contract (``cmdbgit.workers``) and is not forked when the
machine has no room for a copy of this one. Its results travel back pickled, all at once
when it runs out of items (a pipe it wrote to while this process is busy would fill and
stop it).

It is an optimisation only: whatever happens to the forked process (killed, out of memory,
an exception, a result that does not unpickle), every item it did not deliver is done here,
where a failure surfaces as it would have without a fork.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from cmdbgit.workers import fork_child, join_child, room_for_a_copy, worker_count

T = TypeVar("T")
R = TypeVar("R")

_NUMBER = struct.Struct("<H")
#: The task pipe is filled before anything reads it, so the items must fit in the least a pipe
#: holds (one 4 KiB page, when a user's pipes are over the system's soft limit).
MAX_ITEMS = 2_000


class Background(Generic[T, R]):
    """``[func(item) for item in items]``: begun now in a forked process (when more than one
    worker is allowed), shared with this process and collected by ``results()``."""

    def __init__(self, func: Callable[[T], R], items: Sequence[T]) -> None:
        self._func = func
        self._items = items
        self._pid = 0
        self._receiver = -1
        self._tasks = -1
        fork = worker_count() >= 2 and 0 < len(items) <= MAX_ITEMS
        if fork and room_for_a_copy():
            self._start()

    def _start(self) -> None:
        tasks, feed = os.pipe()
        os.write(feed, b"".join(_NUMBER.pack(index) for index in range(len(self._items))))
        os.close(feed)  # empty and closed: a read at the end says so
        self._tasks = tasks
        self._pid, self._receiver = fork_child(self._alone)

    def _alone(self) -> dict[int, R]:
        """In the forked process: items until none is left."""
        done = {}
        while (index := self._take()) is not None:
            done[index] = self._func(self._items[index])
        return done

    def _take(self) -> int | None:
        data = os.read(self._tasks, _NUMBER.size)
        return _NUMBER.unpack(data)[0] if data else None

    def results(self) -> list[R]:
        """Every item's result, in the items' order."""
        done: dict[int, R] = {}
        if self._pid:
            try:
                while (index := self._take()) is not None:
                    done[index] = self._func(self._items[index])
            except BaseException:  # it fails here as it would alone: the other process goes
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._pid, signal.SIGKILL)
                raise
            finally:
                os.close(self._tasks)
                delivered = self._delivered()  # reaped however this ended
            done.update(delivered)
        return [
            done[index] if index in done else self._func(item)
            for index, item in enumerate(self._items)
        ]

    def _delivered(self) -> dict[int, R]:
        """What the forked process sent back (nothing when it failed)."""
        status, data = join_child(self._pid, self._receiver)
        self._pid = 0
        if status == 0 and data:
            with contextlib.suppress(Exception):  # any damage: those items are done here
                delivered: dict[int, R] = pickle.loads(data)
                return delivered
        return {}
