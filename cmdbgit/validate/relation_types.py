"""``relation-type``: each relation uses a registered forward type between allowed kinds."""

from __future__ import annotations

from collections.abc import Iterator

from cmdbgit.model.problem import Problem
from cmdbgit.validate.context import CheckContext

RULE = "relation-type"


def check(ctx: CheckContext) -> Iterator[Problem]:
    registry = ctx.rules.relations
    inventory = ctx.inventory
    by_id, kind_by_id = inventory.by_id, inventory.kind_by_id
    types, broken = registry.types, ctx.loaded.broken
    # Every edge of every definition (a duplicate id's too): lookups hoisted into locals.
    pairs = [(by_id[edge.source], edge) for edge in inventory.edges]
    for doc, edge in [*pairs, *inventory.duplicate_edges]:
        if broken and ctx.loaded.is_broken(doc):
            continue
        rtype = types.get(edge.type)
        if rtype is None:
            inverse = registry.by_inverse.get(edge.type)
            if inverse is not None:
                message = (
                    f"{edge.type!r} is the inverse name of {inverse.name!r}: write the "
                    f"relation on the other document as {inverse.name!r}"
                )
            else:
                known = ", ".join(sorted(registry.types))
                message = f"unknown relation type {edge.type!r} (known: {known})"
            yield ctx.problem(RULE, doc, ("relations", edge.index, "type"), message)
            continue
        source_kind = doc.kind
        if source_kind not in rtype.from_kinds:
            yield ctx.problem(
                RULE,
                doc,
                ("relations", edge.index, "type"),
                f"a {source_kind} cannot be the source of {edge.type!r} "
                f"(allowed: {', '.join(rtype.from_kinds)})",
            )
        target_kind = kind_by_id.get(edge.target)
        if target_kind is not None and target_kind not in rtype.to_kinds:
            yield ctx.problem(
                RULE,
                doc,
                ("relations", edge.index, "target"),
                f"{edge.type!r} cannot point at a {target_kind} ({edge.target!r}; "
                f"allowed: {', '.join(rtype.to_kinds)})",
            )
