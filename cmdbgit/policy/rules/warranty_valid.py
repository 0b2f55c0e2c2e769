"""Hardware is under warranty today and for at least ``min_days_left`` more days.

Reads ``spec.warranty.end`` (the last day of coverage) and judges it as of the run's date
(``--as-of``, default today in UTC): coverage ending exactly ``min_days_left`` days from
now passes; ending earlier, having ended, or having no end date at all is a violation.

Example — deployed production hardware keeps 30 days of cover::

    match: {kinds: [HardwareAsset], labels: {env: prod}, where: {spec.lifecycle.status: deployed}}
    rule: warranty-valid
    params: {min_days_left: 30}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, StrictInt

from cmdbgit.model.dates import parse_date
from cmdbgit.model.words import plural
from cmdbgit.policy.context import BuiltinRule, RuleContext, RuleParams, Violation

END = ("spec", "warranty", "end")


class Params(RuleParams):
    min_days_left: StrictInt = Field(
        default=0, ge=0, description="days of coverage that must remain after the run's date"
    )


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    for doc in ctx.documents:
        warranty = doc.spec.get("warranty")
        raw = warranty.get("end") if isinstance(warranty, dict) else None
        if raw is None:
            yield Violation(doc, END, "no warranty end date (spec.warranty.end)")
            continue
        end = parse_date(raw)
        if end is None:
            continue  # not a date: the schema layer says so
        left = (end - ctx.as_of).days
        if left < 0:
            yield Violation(doc, END, f"warranty ended on {end} ({plural(-left, 'day')} ago)")
        elif left < params.min_days_left:
            yield Violation(
                doc,
                END,
                f"warranty ends on {end}, in {plural(left, 'day')} "
                f"(at least {params.min_days_left} required)",
            )


RULE = BuiltinRule(Params, check, __doc__ or "", per_document=True)
