"""``duplicate-relation``: the same relation (type and target) written twice in one document.

Harmless to the graph, but a sign of a copy-paste slip (one of the two was meant to point
elsewhere), so a warning, located at the second. A relation repeated many times is ONE
problem that says how often: a generated file with 100,000 copies must not cost 100,000
located problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from operator import attrgetter

from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Edge
from cmdbgit.model.problem import Problem
from cmdbgit.validate.context import CheckContext

RULE = "duplicate-relation"
_KEY = attrgetter("source", "type", "target")


def check(ctx: CheckContext) -> Iterator[Problem]:
    inventory = ctx.inventory
    edges = inventory.edges
    # A first definition's edges are keyed by its id; one C-level pass finds whether any
    # (source, type, target) repeats at all, which it almost never does.
    keys = list(map(_KEY, edges))
    if len(set(keys)) != len(keys):
        # Counting is C code too; only the few repeated keys are then gathered in Python.
        repeated = {key for key, count in Counter(keys).items() if count > 1}
        repeats: dict[tuple[str, str, str], list[Edge]] = {}
        for key, edge in zip(keys, edges, strict=True):
            if key in repeated:
                repeats.setdefault(key, []).append(edge)
        for written in repeats.values():
            yield _problem(ctx, inventory.by_id[written[0].source], written)
    others: dict[tuple[int, str, str], tuple[Document, list[Edge]]] = {}
    for doc, edge in inventory.duplicate_edges:
        others.setdefault((id(doc), edge.type, edge.target), (doc, []))[1].append(edge)
    for doc, written in others.values():
        if len(written) > 1:
            yield _problem(ctx, doc, written)


def _problem(ctx: CheckContext, doc: Document, written: list[Edge]) -> Problem:
    first, second = written[0], written[1]
    times = "twice" if len(written) == 2 else f"{len(written):,} times"
    return ctx.problem(
        RULE,
        doc,
        ("relations", second.index),
        f"relation {first.type} → {first.target!r} is written {times} "
        f"(first as relations[{first.index}]): keep one",
        severity="warning",
        related=(ctx.location(doc, ("relations", first.index)),),
    )
