"""Keeping the cyclic garbage collector away from a large loaded inventory."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many containers that hold no cycles
    (decoding or parsing a large inventory): collection passes over 10^5 fresh dicts are pure
    cost, about half of the decode time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: From this many documents on, a loaded inventory is moved out of the collector's reach.
FREEZE_MIN_DOCUMENTS = 10_000


def keep_out_of_gc(documents: int) -> None:
    """Move every object alive now (the loaded inventory) to the collector's permanent
    generation: the documents live until the command ends and hold no reference cycles, and
    collections would otherwise walk all 10^6 of their dicts again and again (about a second
    per 100k documents in ``validate``). Call it while the collector is still paused (inside
    ``no_gc``): re-enabling it first triggers one such walk at once. Small inventories are left
    alone."""
    if documents >= FREEZE_MIN_DOCUMENTS:
        gc.freeze()
