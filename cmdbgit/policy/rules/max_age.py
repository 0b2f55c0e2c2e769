"""Hardware is not older than ``months`` months since its purchase date.

Age runs from ``spec.purchase.date``; a document is too old when the run's date is after the
purchase date plus ``months`` (months are calendar months, clamped to the month's end, so an
asset bought on 31 January reaches one month on the last day of February). Documents without
a purchase date are not judged (require the field with ``required-fields``).

Example — flag hardware past a seven-year refresh cycle::

    match: {kinds: [HardwareAsset], where: {spec.lifecycle.status: [deployed, in_stock]}}
    rule: max-age
    params: {months: 84}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, StrictInt

from cmdbgit.model.dates import add_months, months_elapsed, parse_date
from cmdbgit.model.words import plural
from cmdbgit.policy.context import BuiltinRule, RuleContext, RuleParams, Violation

PURCHASED = ("spec", "purchase", "date")


class Params(RuleParams):
    months: StrictInt = Field(ge=1, description="maximum age in months since the purchase date")


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    for doc in ctx.documents:
        purchase = doc.spec.get("purchase")
        bought = parse_date(purchase.get("date")) if isinstance(purchase, dict) else None
        if bought is None:
            continue
        limit = add_months(bought, params.months)
        if ctx.as_of > limit:
            age = months_elapsed(bought, ctx.as_of)
            yield Violation(
                doc,
                PURCHASED,
                f"purchased on {bought}, {plural(age, 'month')} ago: older than "
                f"{plural(params.months, 'month')} "
                f"since {limit}",
            )


RULE = BuiltinRule(Params, check, __doc__ or "", per_document=True)
