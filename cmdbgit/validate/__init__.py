"""The validation layers (docs/rules.md), as a literal registry of small checkers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.problem import Problem
from cmdbgit.model.reads import SpecReads
from cmdbgit.model.result import Suppressed
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
from cmdbgit.validate.placing import place

Checker = Callable[[CheckContext], Iterable[Problem]]


@runtime_checkable
class EarlyChecker(Protocol):
    """A checker that can begin its work before the layers ahead of it have run (in another
    process: the policy layer). Its problems come in two parts: those of its turn, and the
    late ones (``finish``) of the work begun early, which a caller may take after other work
    of its own, so the work begun early goes on beside that too (``report`` builds its
    reports meanwhile)."""

    def start(self, ctx: CheckContext) -> None: ...

    def __call__(self, ctx: CheckContext) -> Iterable[Problem]: ...

    def finish(self, ctx: CheckContext) -> Iterable[Problem]: ...


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


#: The layers whose finding on a document reads other documents beyond the kinds of the ids
#: it names, each with what it reads of their ``spec`` (``model.reads``); their rule ids are
#: their names. An edit none of them can see keeps their earlier findings
#: (``cmdbgit.incremental``). The other layers judge a document alone (``envelope``,
#: ``schema``, ``duplicate-relation``) or with the kinds of the ids it names
#: (``references``, ``relation-type``).
INVENTORY_WIDE: dict[str, Callable[[KindRegistry], SpecReads]] = {
    "duplicate-id": lambda kinds: SpecReads(),
    "cycle": cycles.spec_reads,
    "rack-position": rack_positions.spec_reads,
    "member-count": member_counts.spec_reads,
}


@dataclass(slots=True)
class LayerRun:
    """The layers run on one context, but for the early checkers' late problems."""

    ctx: CheckContext
    #: Every problem found so far (the loader's, every layer's, the early checkers' in their
    #: turn), unsorted.
    problems: list[Problem]
    early: list[EarlyChecker]

    def finish(self, waived: list[Suppressed]) -> tuple[list[Problem], list[Suppressed]]:
        """Every problem, the early checkers' late ones too, and the waived ones (which the
        policy layer puts into ``waived`` as it finishes), placed (``placing``) and sorted by
        file, line, column."""
        for checker in self.early:
            self.problems.extend(checker.finish(self.ctx))
        self.early = []
        problems, kept = place(self.ctx, self.problems, waived)
        return sorted(problems), sorted(kept, key=lambda s: s.problem)


def begin_layers(
    ctx: CheckContext,
    extra: Iterable[Checker] = (),
    *,
    meanwhile: Callable[[], None] | None = None,
) -> LayerRun:
    """Every layer run in its turn, the early checkers' late problems still to come.
    ``meanwhile``: the caller's own preparation of ``ctx`` for the layers, done once the
    early checkers have begun (they read nothing it prepares)."""
    problems = list(ctx.loaded.problems)
    extra = list(extra)
    early = [checker for checker in extra if isinstance(checker, EarlyChecker)]
    for started in early:
        started.start(ctx)
    if meanwhile is not None:
        meanwhile()
    for checker in (*LAYERS.values(), *extra):
        problems.extend(checker(ctx))
    return LayerRun(ctx, problems, early)
