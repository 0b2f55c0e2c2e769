"""``licenses``: entitlement against consumption per SoftwareLicense.

Consumption comes from ``uses_license`` relations, counted per metric: ``user`` counts Person
consumers, ``device`` Endpoint/Server consumers, ``core`` the sum of those consumers'
``cpu_cores`` (a consumer without it is *unknown*, not counted), ``site`` is 1 when used at
all, ``subscription`` counts every consumer. Consumers of another kind than the metric
expects are listed as mismatches and not counted. Once the term has ended the entitlement is
0 and the position is ``expired``; otherwise ``over-deployed`` (consumed > entitled),
``under-used`` (consumed / entitled strictly below ``under_use_ratio``) or ``compliant``.
``cost.amount`` is the price of one unit per ``cost.period``: shortfall × unit = true-up cost,
unused × unit = savings. Totals are per vendor, currency and period (a yearly and a monthly
price are not added either).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cmdbgit.model.dates import days_left, is_past, parse_date, within
from cmdbgit.model.document import Document
from cmdbgit.reports.context import ReportContext
from cmdbgit.reports.licenses_model import (
    POSITION_RANK,
    Consumer,
    LicenseRow,
    LicensesReport,
    LicenseTotal,
)
from cmdbgit.reports.money import money_from

USES_LICENSE = "uses_license"
DEVICE_KINDS = frozenset({"Endpoint", "Server"})


@dataclass(frozen=True, slots=True)
class Metric:
    kinds: frozenset[str] | None  # consumer kinds that count; None: any kind
    count: Callable[[list[Consumer]], int]


def _each(consumers: list[Consumer]) -> int:
    return len(consumers)


def _cores(consumers: list[Consumer]) -> int:
    return sum(c.units or 0 for c in consumers)


def _site(consumers: list[Consumer]) -> int:
    return 1 if consumers else 0


METRICS: dict[str, Metric] = {
    "user": Metric(frozenset({"Person"}), _each),
    "device": Metric(DEVICE_KINDS, _each),
    "core": Metric(DEVICE_KINDS, _cores),
    "site": Metric(None, _site),
    "subscription": Metric(None, _each),
}


@dataclass(slots=True)
class _Split:
    counted: list[Consumer] = field(default_factory=list)
    unknown: list[Consumer] = field(default_factory=list)
    mismatched: list[Consumer] = field(default_factory=list)


def _cores_of(doc: Document) -> int | None:
    value = doc.spec.get("cpu_cores")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _split(metric_name: str, docs: list[Document]) -> _Split:
    metric = METRICS.get(metric_name)
    split = _Split()
    for doc in docs:
        kind = doc.kind or ""
        if metric is None or (metric.kinds is not None and kind not in metric.kinds):
            split.mismatched.append(Consumer(doc.id or "", kind, None))
        elif metric_name == "core":
            cores = _cores_of(doc)
            target = split.counted if cores is not None else split.unknown
            target.append(Consumer(doc.id or "", kind, cores))
        else:
            split.counted.append(Consumer(doc.id or "", kind, 1))
    return split


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _term_status(start: date | None, end: date | None, as_of: date, horizon: int) -> str:
    if end is not None and is_past(end, as_of):
        return "expired"
    if end is not None and within(end, as_of, horizon):
        return "expiring"
    if start is not None and as_of < start:
        return "not-started"
    return "active" if end is not None else "open"


def _position(expired: bool, consumed: int, entitled: int, ratio: Decimal) -> str:
    if expired:
        return "expired"
    if consumed > entitled:
        return "over-deployed"
    if entitled > 0 and Decimal(consumed) < ratio * entitled:
        return "under-used"
    return "compliant"


def _row(ctx: ReportContext, lic: Document, consumers: list[Document]) -> LicenseRow:
    spec = lic.spec
    metric = str(spec.get("metric", ""))
    quantity = spec.get("quantity")
    quantity = quantity if isinstance(quantity, int) and not isinstance(quantity, bool) else 0
    term = _mapping(spec.get("term"))
    start, end = parse_date(term.get("start")), parse_date(term.get("end"))
    status = _term_status(start, end, ctx.as_of, ctx.settings.license_days)
    expired = status == "expired"
    entitled = 0 if expired else quantity
    split = _split(metric, consumers)
    rule = METRICS.get(metric)
    consumed = rule.count(split.counted) if rule is not None else 0
    cost = _mapping(spec.get("cost"))
    unit = money_from(cost)
    shortfall, unused = max(consumed - entitled, 0), max(entitled - consumed, 0)
    product, vendor = spec.get("product"), spec.get("vendor")
    return LicenseRow(
        id=lic.id or "",
        name=lic.name,
        product=product if isinstance(product, str) else None,
        product_name=ctx.name_of(product if isinstance(product, str) else None),
        vendor=vendor if isinstance(vendor, str) else None,
        vendor_name=ctx.name_of(vendor if isinstance(vendor, str) else None),
        metric=metric,
        quantity=quantity,
        entitled=entitled,
        consumed=consumed,
        position=_position(expired, consumed, entitled, ctx.under_use_ratio),
        shortfall=shortfall,
        unused=unused,
        unit_price=unit,
        period=str(cost.get("period", "once")) if unit is not None else None,
        true_up=unit * shortfall if unit is not None and shortfall else None,
        savings=unit * unused if unit is not None and unused else None,
        term_start=start,
        term_end=end,
        term_status=status,
        days_left=days_left(end, ctx.as_of) if end is not None else None,
        consumers=split.counted,
        unknown=split.unknown,
        mismatched=split.mismatched,
    )


def _totals(rows: list[LicenseRow]) -> list[LicenseTotal]:
    groups: dict[tuple[str, str, str], LicenseTotal] = {}
    for row in rows:
        if row.unit_price is None or row.period is None:
            continue
        key = (row.vendor or "", row.unit_price.currency, row.period)
        if key not in groups:
            groups[key] = LicenseTotal(row.vendor, row.vendor_name, key[1], key[2])
        groups[key].add(row)
    return [groups[k] for k in sorted(groups)]


def build(ctx: ReportContext) -> LicensesReport:
    by_license: dict[str, dict[str, Document]] = defaultdict(dict)
    for edge in ctx.inventory.edges:
        if edge.type == USES_LICENSE:
            source = ctx.inventory.get(edge.source)
            if source is not None:
                by_license[edge.target].setdefault(edge.source, source)
    rows = [
        _row(ctx, lic, [by_license[lic.id or ""][k] for k in sorted(by_license[lic.id or ""])])
        for lic in ctx.inventory.of_kind("SoftwareLicense")
    ]
    rows.sort(key=lambda r: (POSITION_RANK.get(r.position, 9), r.id))
    report = LicensesReport(
        rows=rows,
        totals=_totals(rows),
        ratio=ctx.under_use_ratio,
        horizon=ctx.settings.license_days,
        notes=[],
    )
    unpriced = [r.id for r in rows if r.unit_price is None]
    if unpriced:
        report.notes.append(f"{len(unpriced)} licence(s) have no cost and are not in the totals")
    return report
