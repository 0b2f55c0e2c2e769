"""One computation in a forked process while this one goes on with other work.

The policy layer runs beside the validation layers this way: both only read the loaded
inventory, which the forked process inherits without a copy, and on two cores the slower of
the two, not their sum, is what a run waits for. The contract is the parse workers'
(``source/batch.py``): the process is forked, dies with this one, never holds its output
open, and ``CMDBGIT_WORKERS=1`` forks nothing. Its result travels back pickled. It is an
optimisation only: when the process fails in any way (killed, out of memory, an exception,
a result that does not unpickle), ``result()`` computes the same thing here, where a failure
surfaces as it would have without a fork.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from typing import Generic, TypeVar

from cmdbgit.source.batch import tie_to_parent, worker_count

R = TypeVar("R")


class Background(Generic[R]):
    """``func()``, started now in a forked process (when more than one worker is allowed),
    its value taken with ``result()``."""

    def __init__(self, func: Callable[[], R]) -> None:
        self._func = func
        self._pid = 0
        self._receiver = -1
        if worker_count() >= 2:
            self._start()

    def _start(self) -> None:
        parent = os.getpid()
        receiver, sender = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; coverage does not follow it
            os.close(receiver)
            status = 1
            try:
                tie_to_parent(parent)
                data = pickle.dumps(self._func(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(sender, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(sender)
        self._pid, self._receiver = pid, receiver

    def result(self) -> R:
        if not self._pid:
            return self._func()
        with os.fdopen(self._receiver, "rb") as incoming:
            data = incoming.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if status == 0 and data:
            with contextlib.suppress(Exception):  # any damage: the value is computed here
                value: R = pickle.loads(data)
                return value
        return self._func()
