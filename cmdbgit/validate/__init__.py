"""The validation layers (docs/rules.md), as a literal registry of small checkers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

from cmdbgit.model.problem import Problem
from cmdbgit.validate import (
    cycles,
    duplicate_relations,
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


@runtime_checkable
class EarlyChecker(Protocol):
    """A checker that can begin its work before the layers ahead of it have run (in another
    process: the policy layer); its problems are still taken in its turn."""

    def start(self, ctx: CheckContext) -> None: ...

    def __call__(self, ctx: CheckContext) -> Iterable[Problem]: ...


#: In the order they run; each owns its rule ids (one condition, one id).
LAYERS: dict[str, Checker] = {
    "envelope": envelope.check,
    "schema": schema.check,
    "duplicate-id": duplicates.check,
    "references": references.check,
    "relation-type": relation_types.check,
    "duplicate-relation": duplicate_relations.check,
    "cycle": cycles.check,
    "rack-position": rack_positions.check,
    "member-count": member_counts.check,
}


def run_layers(ctx: CheckContext, extra: Iterable[Checker] = ()) -> list[Problem]:
    """Every problem of every layer (and the loader's), sorted by file, line, column."""
    problems = list(ctx.loaded.problems)
    extra = list(extra)
    for early in extra:
        if isinstance(early, EarlyChecker):
            early.start(ctx)
    for checker in (*LAYERS.values(), *extra):
        problems.extend(checker(ctx))
    return sorted(problems)
