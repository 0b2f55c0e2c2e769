"""``relation-type``: each relation uses a registered forward type between allowed kinds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Edge
from cmdbgit.model.problem import Problem
from cmdbgit.model.redact import redact
from cmdbgit.model.suggest import did_you_mean
from cmdbgit.validate.context import CheckContext

RULE = "relation-type"


def check(ctx: CheckContext) -> Iterator[Problem]:
    yield from _judge(ctx, ctx.inventory.edges)
    # The other definitions of a duplicate id are judged too (rare: one call per edge).
    for doc, edge in ctx.inventory.duplicate_edges:
        yield from _judge(ctx, (edge,), doc)


def _judge(
    ctx: CheckContext, edges: Iterable[Edge], written_in: Document | None = None
) -> Iterator[Problem]:
    """The edges of ``written_in``, or of their sources' first definitions when None."""
    registry = ctx.rules.relations
    inventory = ctx.inventory
    by_id, kind_by_id = inventory.by_id, inventory.kind_by_id
    types, broken = registry.types, ctx.loaded.broken
    settled = ctx.settled_neighbours
    for edge in edges:  # every edge of the inventory: lookups hoisted into locals
        doc = written_in or by_id[edge.source]
        if (broken and ctx.loaded.is_broken(doc)) or doc.file in settled:
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
                message = f"unknown relation type {redact(edge.type)}" + _hint(
                    edge.type, registry.types
                )
            yield ctx.problem(RULE, doc, ("relations", edge.index, "type"), message)
            continue
        source_kind = kind_by_id[edge.source] if written_in is None else written_in.kind
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


def _hint(name: str, known: Iterable[str]) -> str:
    """The closest names, or every known one when none is close (the list is short)."""
    return did_you_mean(name, known) or f" (known: {', '.join(sorted(known))})"
