"""Documents matching ``from`` must not depend, directly or not, on documents matching ``to``.

The policy's ``match`` and ``from`` both select the documents judged (``match`` is usually left
out); ``to`` is looked up in the whole inventory.

"Depends on" follows the relationship registry: against each type's ``impact`` direction
(``depends_on``, ``runs_on``, ``hosted_on``, ``connected_to`` point from the user to what it
uses; a service depends on what is ``part_of`` it; types with impact ``none`` carry no
dependency). ``via`` limits the relation types followed.

Each offending ``from`` document is reported once, with a shortest path to a ``to`` document,
located at the relation that starts the path (or at its ``kind:`` line when the first step is a
relation written on the other document, such as a service's ``part_of`` member). All
documents are judged in one breadth-first pass over the graph.

Example — production must not depend on non-production::

    rule: forbid-dependency
    params:
      from: {labels: {env: prod}}
      to: {labels: {env: [dev, test, staging]}}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, StrictStr

from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import FieldPath
from cmdbgit.model.reads import SpecReads
from cmdbgit.policy.context import (
    BuiltinRule,
    RuleContext,
    RuleParams,
    Violation,
    selector_reads,
)
from cmdbgit.policy.dependencies import Step
from cmdbgit.policy.match import matcher
from cmdbgit.policy.model import Match

#: Steps of a path named in a message; longer paths show their start and their end.
_SHOWN_STEPS = 8


class Params(RuleParams):
    from_: Match = Field(alias="from", description="the documents that must not depend …")
    to: Match = Field(description="… on these documents")
    via: list[StrictStr] | None = Field(
        default=None, min_length=1, description="relation types to follow (default: all)"
    )


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    forbidden = ctx.facts.select(params.to)
    if not forbidden:
        return
    graph = ctx.facts.dependencies(frozenset(params.via) if params.via else None)
    routes = graph.toward(d.id for d in forbidden if d.id)
    by_id = ctx.inventory.by_id
    reached = routes.distance  # a document no route reaches is settled by a lookup
    bound = matcher(params.from_)
    for doc in ctx.documents:
        if doc.id not in reached or not bound(doc):
            continue
        route = routes.route(doc.id or "", limit=_SHOWN_STEPS) if doc.id else None
        if route is None:
            continue
        chain = " → ".join([doc.id or "", *(s.target for s in route.steps)])
        if route.length > len(route.steps):
            chain += f" → … → {route.goal} ({route.length} steps)"
        end = by_id[route.goal]
        yield Violation(
            doc,
            _where(doc.id or "", route.steps[0]),
            f"depends on {end.id} ({end.kind}), which this policy forbids: {chain}",
            related=((end, ("kind",)),),
        )


def _where(ident: str, step: Step) -> FieldPath:
    if step.written_on == ident:
        return ("relations", step.edge.index, "target")
    return ("kind",)


def _graphs(params: Params) -> tuple[frozenset[str] | None, ...]:
    return (frozenset(params.via) if params.via else None,)


def _reads(params: Params, matched: frozenset[str] | None, kinds: KindRegistry) -> SpecReads:
    """The ``from`` and ``to`` selectors' fields; the graph is made of relations."""
    return selector_reads(params.from_).update(selector_reads(params.to))


RULE = BuiltinRule(Params, check, __doc__ or "", graphs=_graphs, spec_reads=_reads)
