"""``duplicate-relation``: the same relation (type and target) written twice in one document.

Harmless to the graph, but a sign of a copy-paste slip (one of the two was meant to point
elsewhere), so a warning, located at the second.
"""

from __future__ import annotations

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
        first_at: dict[tuple[str, str, str], int] = {}
        for key, edge in zip(keys, edges, strict=True):
            first = first_at.setdefault(key, edge.index)
            if first != edge.index:
                yield _problem(ctx, inventory.by_id[edge.source], edge, first)
    seen: dict[tuple[int, str, str], int] = {}
    for doc, edge in inventory.duplicate_edges:
        first = seen.setdefault((id(doc), edge.type, edge.target), edge.index)
        if first != edge.index:
            yield _problem(ctx, doc, edge, first)


def _problem(ctx: CheckContext, doc: Document, edge: Edge, first: int) -> Problem:
    return ctx.problem(
        RULE,
        doc,
        ("relations", edge.index),
        f"relation {edge.type} → {edge.target!r} is written twice "
        f"(first as relations[{first}]): remove one",
        severity="warning",
        related=(ctx.location(doc, ("relations", first)),),
    )
