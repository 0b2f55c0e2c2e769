"""One function over many files, across cores in forked workers (``fmt`` formats with it).

The same contract as the parse workers (``source/batch.py``): workers are forked (they inherit
the project and the function, nothing is sent to them), die with this process, never hold its
output open, and ``CMDBGIT_WORKERS`` sets how many processes work (1: none is forked). Results
travel back pickled and come out in the order of the items, so the outcome never depends on
the number of workers. A worker that dies costs no item: the items it held are done again one
by one, each in a process of its own, and an item that kills that process too gets
``crashed(item, signal name)``.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence
from queue import Empty
from typing import Any, TypeVar

from cmdbgit.source.batch import tie_to_parent, worker_count

T = TypeVar("T")
R = TypeVar("R")

#: Items per task: small enough to balance the load, large enough that a task's overhead
#: (one pickled message) stays negligible next to formatting its files.
CHUNK = 32
_DONE = "done"


def map_forked(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    crashed: Callable[[T, str], R],
    min_items: int,
) -> list[R]:
    """``[func(item) for item in items]``, in forked workers when there are at least
    ``min_items`` items and more than one worker is allowed."""
    workers = worker_count()
    if workers < 2 or len(items) < min_items:
        return [func(item) for item in items]
    context = multiprocessing.get_context("fork")
    size = max(1, min(CHUNK, len(items) // (4 * workers)))
    spans = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    counter = context.Value("i", 0)
    queue: Any = context.Queue()
    chunks: dict[int, list[R]] = {}

    def take() -> int | None:
        with counter.get_lock():
            index = int(counter.value)
            counter.value = index + 1
        return index if index < len(spans) else None

    def work() -> None:
        index: int | None = -1
        try:
            while (index := take()) is not None:
                start, end = spans[index]
                queue.put((index, [func(item) for item in items[start:end]]))
            queue.put((-1, _DONE))
        except BaseException:
            queue.put((index, traceback.format_exc(limit=5)))
            raise

    def receive(message: tuple[int, Any]) -> bool:
        index, payload = message
        if isinstance(payload, str):  # done, or failed (its chunk is missing: redone below)
            return True
        chunks[index] = payload
        return False

    parent = os.getpid()
    processes = [
        context.Process(target=_worker, args=(work, parent), daemon=True)
        for _ in range(workers - 1)
    ]
    try:
        for process in processes:
            process.start()
        running = len(processes)
        while (index := take()) is not None:  # this process works too
            start, end = spans[index]
            chunks[index] = [func(item) for item in items[start:end]]
            while running and not queue.empty():
                running -= receive(queue.get())
        while running:
            try:
                running -= receive(queue.get(timeout=0.2))
            except Empty:
                if not any(p.is_alive() for p in processes) and queue.empty():
                    break  # a worker died: the chunks it held are missing, redone below
    finally:
        for process in processes:  # however it ended, no worker outlives the call
            if process.is_alive():
                process.kill()
            process.join()
    for index, (start, end) in enumerate(spans):
        if index not in chunks:
            chunks[index] = [_isolated(func, item, crashed) for item in items[start:end]]
    return [result for index in range(len(spans)) for result in chunks[index]]


def _worker(work: Callable[[], None], parent: int) -> None:
    tie_to_parent(parent)
    work()


def _isolated(func: Callable[[T], R], item: T, crashed: Callable[[T, str], R]) -> R:
    """``func(item)`` in a forked process of its own: an item that kills the process it runs
    in becomes ``crashed(item, …)`` instead of killing this one."""
    receiver, sender = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        os.close(receiver)
        status = 1
        try:
            tie_to_parent(os.getppid())
            with os.fdopen(sender, "wb") as out:
                pickle.dump(func(item), out)
            status = 0
        finally:
            os._exit(status)
    os.close(sender)
    with os.fdopen(receiver, "rb") as incoming:
        data = incoming.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return crashed(item, signal.Signals(os.WTERMSIG(status)).name)
    if status == 0 and data:
        result: R = pickle.loads(data)
        return result
    return crashed(item, f"exit status {os.waitstatus_to_exitcode(status)}")
