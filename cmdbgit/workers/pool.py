"""One function over many items, across cores in forked workers (parsing files, formatting
files).

``workers - 1`` forked processes and this one take chunks of items from one shared counter
until none is left, so a slow chunk never idles a core. A worker sends each result back as
``send`` makes it (pickled; the parser sends its cache entries, plain msgpack bytes) and this
process turns it back with ``receive``; the chunks this process takes it does directly.
Results come out in the order of the items. A worker that dies costs no item: the items it
held are done again one by one, each in a process of its own; an item that kills that process
too gets ``crashed(item, signal name)``, and one whose process fails any other way is done
here, where a failure surfaces as it would without workers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence
from queue import Empty
from typing import Any, TypeVar

from cmdbgit.gcpause import no_gc
from cmdbgit.workers import fork_child, join_child, tie_to_parent, worker_count

T = TypeVar("T")
R = TypeVar("R")

_DONE = "done"


def _identity(result: Any) -> Any:
    return result


def _received(item: Any, payload: Any) -> Any:
    return payload


def map_forked(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    crashed: Callable[[T, str], R],
    min_items: int,
    chunk: int = 32,
    min_chunk: int = 1,
    send: Callable[[R], Any] = _identity,
    receive: Callable[[T, Any], R] = _received,
) -> list[R]:
    """``[func(item) for item in items]``, in forked workers when there are at least
    ``min_items`` items and more than one worker is allowed. A chunk holds between
    ``min_chunk`` and ``chunk`` items (a quarter of each worker's share when that is less)."""
    workers = worker_count()
    if workers < 2 or len(items) < min_items:
        return [func(item) for item in items]
    context = multiprocessing.get_context("fork")
    size = max(min_chunk, min(chunk, len(items) // (4 * workers)), 1)
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
                queue.put((index, [send(func(item)) for item in items[start:end]]))
            queue.put((-1, _DONE))
        except BaseException:
            queue.put((index, traceback.format_exc(limit=5)))
            raise

    def take_in(message: tuple[int, Any]) -> bool:
        index, payload = message
        if isinstance(payload, str):  # done, or failed (its chunk is missing: redone below)
            return True
        start = spans[index][0]
        with no_gc():
            chunks[index] = [receive(items[start + i], sent) for i, sent in enumerate(payload)]
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
                running -= take_in(queue.get())
        while running:
            try:
                running -= take_in(queue.get(timeout=0.2))
            except Empty:
                # A worker killed while sending may leave the queue's shared write lock held,
                # and the others then wait on it forever: once one has died, what has not
                # arrived is redone below rather than waited for.
                died = any(p.exitcode not in (None, 0) for p in processes)
                if queue.empty() and (died or not any(p.is_alive() for p in processes)):
                    break
    finally:
        for process in processes:  # however it ended, no worker outlives the call
            if process.is_alive():
                process.kill()
            process.join()
    for index, (start, end) in enumerate(spans):
        if index not in chunks:
            chunks[index] = [
                _isolated(func, item, crashed, send, receive) for item in items[start:end]
            ]
    return [result for index in range(len(spans)) for result in chunks[index]]


def _worker(work: Callable[[], None], parent: int) -> None:
    tie_to_parent(parent)
    work()


def _isolated(
    func: Callable[[T], R],
    item: T,
    crashed: Callable[[T, str], R],
    send: Callable[[R], Any],
    receive: Callable[[T, Any], R],
) -> R:
    """``func(item)`` in a forked process of its own: an item that kills the process it runs
    in becomes ``crashed(item, …)`` instead of killing this one."""
    status, data = join_child(*fork_child(lambda: send(func(item))))
    if os.WIFSIGNALED(status):
        return crashed(item, signal.Signals(os.WTERMSIG(status)).name)
    if status == 0 and data:
        with contextlib.suppress(Exception):  # it could not be sent whole: done here below
            return receive(item, pickle.loads(data))
    return func(item)  # it failed without crashing (an exception): here it surfaces as usual
