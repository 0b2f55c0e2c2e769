"""``duplicate-relation``: the same relation (type and target) written twice in one document.

Harmless to the graph, but a sign of a copy-paste slip (one of the two was meant to point
elsewhere), so a warning, located at the second.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmdbgit.model.problem import Problem
from cmdbgit.validate.context import CheckContext

RULE = "duplicate-relation"


def check(ctx: CheckContext) -> Iterator[Problem]:
    inventory = ctx.inventory
    seen: dict[tuple[int, str, str], int] = {}
    # One key per (document, type, target): every edge is one dictionary lookup.
    pairs = [(inventory.by_id[edge.source], edge) for edge in inventory.edges]
    for doc, edge in [*pairs, *inventory.duplicate_edges]:
        first = seen.setdefault((id(doc), edge.type, edge.target), edge.index)
        if first != edge.index:
            yield ctx.problem(
                RULE,
                doc,
                ("relations", edge.index),
                f"relation {edge.type} → {edge.target!r} is written twice "
                f"(first as relations[{first}]): remove one",
                severity="warning",
                related=(ctx.location(doc, ("relations", first)),),
            )
