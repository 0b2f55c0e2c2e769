"""``depreciation``: book value of every hardware asset as of the date (docs/reports.md).

An asset is listed when it has ``purchase.date``, ``purchase.cost`` and a
``depreciation.method`` (plus ``life_months`` unless the method is ``none``: its own, else the
``depreciation_life_months`` of its hardware model); the others are counted in a note. Months elapsed are whole months from the purchase date to the as-of date;
nothing is depreciated before the purchase date and book value never goes below salvage.
Totals are per cost centre and currency; next-12-months expense is the depreciation of the
12 months after the as-of date. Exact decimals throughout; cents only when printing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cmdbgit.model.dates import Quarter, add_months, months_elapsed, parse_date
from cmdbgit.model.document import Document
from cmdbgit.model.hardware import depreciation_life
from cmdbgit.model.inventory import Inventory
from cmdbgit.reports import depreciation_math as dm
from cmdbgit.reports.context import ReportContext
from cmdbgit.reports.depreciation_model import (
    NO_COST_CENTER,
    AssetValue,
    CostCenterTotal,
    DepreciationReport,
    ValuePoint,
)
from cmdbgit.reports.holders import status_of
from cmdbgit.reports.money import Money, money_from, to_decimal

#: Quarters of history and of future drawn in the book-value chart.
CHART_BACK, CHART_AHEAD = 20, 8
_ZERO = Decimal(0)


def _section(doc: Document, key: str) -> dict[str, object]:
    value = doc.spec.get(key)
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True, slots=True)
class _Terms:
    """What the document says, checked: enough to compute a schedule."""

    doc: Document
    method: str
    life: int
    bought: date
    cost: Money
    salvage: Decimal


def _terms(doc: Document, inventory: Inventory) -> _Terms | str:
    """The asset's depreciation terms, or why it cannot be valued."""
    purchase, dep = _section(doc, "purchase"), _section(doc, "depreciation")
    bought, cost = parse_date(purchase.get("date")), money_from(purchase.get("cost"))
    method = dep.get("method")
    if not isinstance(method, str) or method not in dm.METHODS:
        return "no depreciation method"
    if bought is None or cost is None:
        return "no purchase date or cost"
    life = depreciation_life(doc, inventory)
    if method == "none":
        life = life if isinstance(life, int) and life > 0 else 0
    elif not isinstance(life, int) or isinstance(life, bool) or life <= 0:
        return "no life_months"
    salvage = to_decimal(dep.get("salvage_value")) or Decimal(0)
    return _Terms(doc, method, life, bought, cost, salvage)


class _Chart:
    """Total book value per currency at each quarter end around the as-of date, summed while
    assets are valued so no asset's schedule outlives its valuation."""

    def __init__(self, as_of: date, first_purchase: date) -> None:
        now = Quarter.of(as_of)
        first = max(Quarter.of(first_purchase), Quarter(now.year - CHART_BACK // 4, now.number))
        last = Quarter(now.year + CHART_AHEAD // 4, now.number)
        quarters = [first]
        while quarters[-1] < last:
            quarters.append(quarters[-1].next())
        self.points = [(q, as_of if q == now else q.end, q == now) for q in quarters]
        self.sums: dict[str, list[Decimal]] = {}
        #: Months elapsed at each point by purchase date (None: not on the books yet); many
        #: assets share a purchase date.
        self.elapsed: dict[date, list[int | None]] = {}

    def add(self, terms: _Terms, schedule: dm.Schedule) -> None:
        sums = self.sums.setdefault(terms.cost.currency, [Decimal(0)] * len(self.points))
        elapsed = self.elapsed.get(terms.bought)
        if elapsed is None:
            bought = terms.bought
            elapsed = self.elapsed[bought] = [
                months_elapsed(bought, day) if day >= bought else None
                for _quarter, day, _now in self.points
            ]
        # ``dm.accumulated`` inline: a quarter end is before, inside or after the life, and
        # only inside does the schedule compute anything (this runs ~25 times per asset).
        cost, last = terms.cost.amount, len(schedule) - 1
        full = schedule[last]
        for i, months in enumerate(elapsed):
            if months is not None:
                if months <= 0:
                    done = _ZERO
                elif months >= last:
                    done = full
                else:
                    done = schedule.at(months)
                sums[i] += cost - done

    def history(self) -> dict[str, list[ValuePoint]]:
        return {
            currency: [
                ValuePoint(q.label, day, value, now)
                for (q, day, now), value in zip(self.points, self.sums[currency], strict=True)
            ]
            for currency in sorted(self.sums)
        }


def _value(ctx: ReportContext, terms: _Terms, chart: _Chart, next_year: date) -> AssetValue:
    schedule = dm.METHODS[terms.method](terms.cost.amount, terms.salvage, terms.life)
    chart.add(terms, schedule)
    bought, life, doc = terms.bought, terms.life, terms.doc
    months = months_elapsed(bought, ctx.as_of)
    done = dm.accumulated(schedule, months)
    ahead = dm.accumulated(schedule, months_elapsed(bought, next_year))
    center = doc.spec.get("cost_center")
    depreciates = terms.method != "none"
    return AssetValue(
        id=doc.id or "",
        name=doc.name,
        status=status_of(doc),
        cost_center=center if isinstance(center, str) else NO_COST_CENTER,
        method=terms.method,
        life_months=life,
        purchased=bought,
        currency=terms.cost.currency,
        cost=terms.cost.amount,
        salvage=terms.salvage,
        months=min(months, life),
        accumulated=done,
        book=terms.cost.amount - done,
        next_12_months=ahead - done,
        before_purchase=ctx.as_of < bought,
        fully_depreciated=depreciates and months >= life,
        fully_depreciated_on=add_months(bought, life) if depreciates else None,
    )


def _totals(assets: list[AssetValue]) -> list[CostCenterTotal]:
    groups: dict[tuple[str, str], CostCenterTotal] = {}
    for asset in assets:
        key = (asset.cost_center, asset.currency)
        if key not in groups:
            groups[key] = CostCenterTotal(*key)
        groups[key].add(asset)
    return [groups[k] for k in sorted(groups)]


def build(ctx: ReportContext) -> DepreciationReport:
    valued: list[_Terms] = []
    reasons: dict[str, list[str]] = defaultdict(list)
    for doc in ctx.inventory.of_kind("HardwareAsset"):
        terms = _terms(doc, ctx.inventory)
        if isinstance(terms, str):
            reasons[terms].append(doc.id or "")
        else:
            valued.append(terms)
    chart = _Chart(ctx.as_of, min((t.bought for t in valued), default=ctx.as_of))
    next_year = add_months(ctx.as_of, 12)
    assets = [_value(ctx, t, chart, next_year) for t in valued]
    assets.sort(key=lambda a: (a.cost_center, a.currency, a.id))
    report = DepreciationReport(
        assets=assets, totals=_totals(assets), history=chart.history(), notes=[]
    )
    for reason, ids in sorted(reasons.items()):
        report.notes.append(
            f"{len(ids)} hardware asset(s) not valued ({reason}): "
            + ", ".join(sorted(ids)[:10])
            + (" …" if len(ids) > 10 else "")
        )
    return report
