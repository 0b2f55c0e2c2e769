"""How long each policy took to find its violations, remembered to order the next run.

Two processes share the policies (``policy.layer``): each takes the next policy not begun,
and the judgement waits for the last one begun. At 10^5 documents the starter policies take
from a millisecond to half a second each, so which comes last decides how long one process
sits idle (a third of a second, measured, when an inventory-wide rule came last). Begun
costliest first, the last ones are the cheap ones. The seconds each policy took where it
ran are kept here by policy id, in the cache folder (``costs.msgpack``, in the checksummed
container of the other caches). An order is all they decide: never a result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import msgspec

from cmdbgit.store.container import read_store, write_store

COSTS_FILE = "costs.msgpack"
MAGIC = b"CMDBGIT-COSTS\n"
_FORMAT = "policy seconds by id, 1"
_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(dict[str, float])


def read_costs(folder: Path | None) -> dict[str, float]:
    """The remembered seconds by policy id (none without a cache folder or a sound file)."""
    if folder is None:
        return {}
    body = read_store(folder / COSTS_FILE, MAGIC, _FORMAT)
    if body is None:
        return {}
    try:
        return _DECODER.decode(body)
    except msgspec.DecodeError:
        return {}


def write_costs(folder: Path | None, costs: Mapping[str, float]) -> None:
    if folder is not None:
        write_store(folder / COSTS_FILE, MAGIC, _FORMAT, _ENCODER.encode(dict(costs)))


def costliest_first(ids: Sequence[str], costs: Mapping[str, float]) -> list[int]:
    """The positions of ``ids`` in the order to begin them: those never measured first (a
    new policy may be costly), then the costliest; ties in their given order."""
    return sorted(range(len(ids)), key=lambda i: (ids[i] in costs, -costs.get(ids[i], 0.0), i))
