"""Assigned hardware and endpoints belong to a person who is still active.

For each matched document whose ``field`` (default ``spec.assigned_to``) names a Person, the
Person's ``spec.status`` must be one of ``statuses``. Documents without the field (spares in
stock) pass. A reference that names no Person is the ``dangling-reference`` layer's finding.

Example — hardware must not stay with people who have left::

    rule: assigned-to-active-person
    params: {statuses: [active, leaving]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field, StrictStr

from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import parse_dotted
from cmdbgit.model.reads import SpecReads
from cmdbgit.policy.context import BuiltinRule, RuleContext, RuleParams, Violation


class Params(RuleParams):
    field: StrictStr = Field(
        default="spec.assigned_to", description="dotted path of the Person reference"
    )
    statuses: list[StrictStr] = Field(
        default=["active"], min_length=1, description="Person statuses that may hold assets"
    )


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    path = parse_dotted(params.field)
    for doc in ctx.documents:
        node: Any = doc.data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        person = ctx.inventory.get(node) if isinstance(node, str) else None
        if person is None or person.kind != "Person":
            continue
        status = person.spec.get("status")
        if status not in params.statuses:
            shown = status if isinstance(status, str) else "unknown"
            yield Violation(
                doc,
                path,
                f"assigned to {node!r}, whose status is {shown!r}",
                related=((person, ("spec", "status")),),
            )


def _reads(params: Params, matched: frozenset[str] | None, kinds: KindRegistry) -> SpecReads:
    """The matched documents' ``field`` and the status of the Person it names."""
    return SpecReads().add_path(matched, parse_dotted(params.field)).add(["Person"], ["status"])


RULE = BuiltinRule(Params, check, __doc__ or "", spec_reads=_reads)
