"""Work on a list of items begun in a forked process while this one goes on with other work.

The policy layer runs beside the validation layers this way: both only read the loaded
inventory, which the forked process inherits without a copy. The forked process takes the
items one by one; when this process comes for the results it takes the items not begun yet
itself, so on two cores a run waits for about half of the two layers' sum, whichever is
larger. The process keeps the workers' contract (``cmdbgit.workers``). Its results travel
back pickled, all at once when it runs out of items (a pipe it wrote to while this process
is busy would fill and stop it).

It is an optimisation only: whatever happens to the forked process (killed, out of memory,
an exception, a result that does not unpickle, a lock it died holding), every item it did
not deliver is done here, where a failure surfaces as it would have without a fork.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from cmdbgit.workers import fork_child, join_child, worker_count

T = TypeVar("T")
R = TypeVar("R")

#: How long taking the next item may wait for the lock: microseconds when both processes
#: are alive, forever if the forked one died holding it (then this one takes no more items
#: from the shared counter and does whatever was not delivered).
_LOCK_WAIT = 2.0


class Background(Generic[T, R]):
    """``[func(item) for item in items]``: begun now in a forked process (when more than one
    worker is allowed), shared with this process and collected by ``results()``."""

    def __init__(self, func: Callable[[T], R], items: Sequence[T]) -> None:
        self._func = func
        self._items = items
        self._pid = 0
        self._receiver = -1
        self._next: Any = None
        self._lock: Any = None
        if worker_count() >= 2 and items:
            self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        self._next = context.RawValue("i", 0)
        self._lock = context.Lock()
        self._pid, self._receiver = fork_child(self._alone)

    def _alone(self) -> dict[int, R]:
        """In the forked process: items until none is left."""
        done = {}
        while (index := self._take()) is not None:
            done[index] = self._func(self._items[index])
        return done

    def _take(self) -> int | None:
        """The next item no process has begun, or None (none left, or the lock is lost)."""
        if not self._lock.acquire(timeout=_LOCK_WAIT):
            return None
        try:
            index = int(self._next.value)
            self._next.value = index + 1
        finally:
            self._lock.release()
        return index if index < len(self._items) else None

    def results(self) -> list[R]:
        """Every item's result, in the items' order."""
        done: dict[int, R] = {}
        if self._pid:
            while (index := self._take()) is not None:
                done[index] = self._func(self._items[index])
            done.update(self._delivered())
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
