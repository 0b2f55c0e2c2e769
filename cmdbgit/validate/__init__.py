"""The validation layers of SPEC §4, as a literal registry of small checkers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cmdbgit.model.problem import Problem
from cmdbgit.validate import (
    cycles,
    duplicates,
    envelope,
    member_counts,
    rack_positions,
    references,
    relation_types,
    schema,
)
from cmdbgit.validate.context import CheckContext

Checker = Callable[[CheckContext], Iterable[Problem]]

#: In the order they run; each owns its rule ids (one condition, one id).
LAYERS: dict[str, Checker] = {
    "envelope": envelope.check,
    "schema": schema.check,
    "duplicate-id": duplicates.check,
    "references": references.check,
    "relation-type": relation_types.check,
    "cycle": cycles.check,
    "rack-position": rack_positions.check,
    "member-count": member_counts.check,
}


def run_layers(ctx: CheckContext, extra: Iterable[Checker] = ()) -> list[Problem]:
    """Every problem of every layer (and the loader's), sorted by file, line, column."""
    problems = list(ctx.loaded.problems)
    for checker in (*LAYERS.values(), *extra):
        problems.extend(checker(ctx))
    return sorted(problems)
