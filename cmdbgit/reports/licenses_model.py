"""The ``licenses`` report as data, and how it shows (computed in ``licenses``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from cmdbgit.reports.model import Chart, CsvTable, Point, Report, Series, Table, cols
from cmdbgit.reports.money import Money, money_json, plain

#: Worst first: the order rows are listed in.
POSITION_RANK = {"expired": 0, "over-deployed": 1, "under-used": 2, "compliant": 3}
PERIODS = {"once": "once", "monthly": "month", "yearly": "year"}


def per(money: Money, period: str | None) -> str:
    """``779.00 EUR/year``, ``4,900.00 EUR once``."""
    name = PERIODS.get(period or "once", period or "once")
    return f"{money.display()} once" if name == "once" else f"{money.display()}/{name}"


@dataclass(frozen=True, slots=True)
class Consumer:
    id: str
    kind: str
    units: int | None  # what it adds to ``consumed``; None when unknown or not counted

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "units": self.units}


@dataclass(slots=True)
class LicenseRow:
    id: str
    name: str
    product: str | None
    product_name: str
    vendor: str | None
    vendor_name: str
    metric: str
    quantity: int
    entitled: int
    consumed: int
    position: str
    shortfall: int
    unused: int
    unit_price: Money | None
    period: str | None
    true_up: Money | None
    savings: Money | None
    term_start: date | None
    term_end: date | None
    term_status: str
    days_left: int | None
    consumers: list[Consumer]
    unknown: list[Consumer]
    mismatched: list[Consumer]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "product": self.product,
            "product_name": self.product_name,
            "vendor": self.vendor,
            "vendor_name": self.vendor_name,
            "metric": self.metric,
            "quantity": self.quantity,
            "entitled": self.entitled,
            "consumed": self.consumed,
            "position": self.position,
            "shortfall": self.shortfall,
            "unused": self.unused,
            "unit_price": money_json(self.unit_price),
            "period": self.period,
            "true_up": money_json(self.true_up),
            "savings": money_json(self.savings),
            "term": {"start": _iso(self.term_start), "end": _iso(self.term_end)},
            "term_status": self.term_status,
            "days_left": self.days_left,
            "consumers": [c.to_json() for c in self.consumers],
            "unknown": [c.to_json() for c in self.unknown],
            "mismatched": [c.to_json() for c in self.mismatched],
        }

    def price_display(self) -> str:
        if self.unit_price is None:
            return "—"
        return per(self.unit_price, self.period)


@dataclass(slots=True)
class LicenseTotal:
    vendor: str | None
    vendor_name: str
    currency: str
    period: str
    licenses: int = 0
    true_up: Decimal = field(default_factory=Decimal)
    savings: Decimal = field(default_factory=Decimal)

    def add(self, row: LicenseRow) -> None:
        self.licenses += 1
        self.true_up += row.true_up.amount if row.true_up else 0
        self.savings += row.savings.amount if row.savings else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "vendor_name": self.vendor_name,
            "currency": self.currency,
            "period": self.period,
            "licenses": self.licenses,
            "true_up": Money(self.currency, self.true_up).to_json(),
            "savings": Money(self.currency, self.savings).to_json(),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(slots=True)
class LicensesReport(Report):
    name: ClassVar[str] = "licenses"
    title: ClassVar[str] = "Licence position"
    rows: list[LicenseRow]
    totals: list[LicenseTotal]
    ratio: Decimal
    horizon: int

    def count(self, position: str) -> int:
        return sum(1 for r in self.rows if r.position == position)

    def payload(self) -> dict[str, Any]:
        return {
            "settings": {"under_use_ratio": str(self.ratio), "expiring_days": self.horizon},
            "summary": {
                "licenses": len(self.rows),
                **{p: self.count(p) for p in POSITION_RANK},
                "expiring": sum(1 for r in self.rows if r.term_status == "expiring"),
            },
            "licenses": [r.to_json() for r in self.rows],
            "totals": [t.to_json() for t in self.totals],
        }

    def summary(self) -> list[tuple[str, str]]:
        return [
            ("Licences", str(len(self.rows))),
            *((p.capitalize(), str(self.count(p))) for p in POSITION_RANK),
            (
                f"Terms ending within {self.horizon} days",
                str(sum(1 for r in self.rows if r.term_status == "expiring")),
            ),
            ("True-up cost", self._by_period("true_up")),
            ("Possible savings", self._by_period("savings")),
        ]

    def _by_period(self, attr: str) -> str:
        """Per currency and billing period: a yearly and a monthly price are not added."""
        sums: dict[tuple[str, str], Decimal] = {}
        for t in self.totals:
            amount: Decimal = getattr(t, attr)
            if amount:
                key = (t.currency, t.period)
                sums[key] = sums.get(key, Decimal(0)) + amount
        parts = [per(Money(c, a), p) for (c, p), a in sorted(sums.items())]
        return "; ".join(parts) or "—"

    def tables(self) -> list[Table]:
        position = Table(
            "Licences",
            cols(
                "Licence",
                "Product",
                "Vendor",
                "Metric",
                "Entitled",
                "Consumed",
                "Position",
                "Unit price",
                "True-up",
                "Savings",
                "Term ends",
                "Term",
                numeric=("Entitled", "Consumed", "True-up", "Savings"),
            ),
            [
                (
                    r.id,
                    r.product_name,
                    r.vendor_name,
                    r.metric,
                    str(r.entitled),
                    str(r.consumed),
                    r.position,
                    r.price_display(),
                    _per_period(r.true_up, r.period),
                    _per_period(r.savings, r.period),
                    _iso(r.term_end) or "—",
                    _term(r),
                )
                for r in self.rows
            ],
            "No SoftwareLicense documents.",
        )
        issues = Table(
            "Consumers to check",
            cols("Licence", "Metric", "Consumer", "Kind", "Issue"),
            [
                (r.id, r.metric, c.id, c.kind, issue)
                for r in self.rows
                for group, issue in (
                    (r.unknown, "no cpu_cores: not counted"),
                    (r.mismatched, f"kind does not count for metric {r.metric}"),
                )
                for c in group
            ],
            "No consumer to check: every consumer counts for its licence's metric.",
        )
        totals = Table(
            "Totals per vendor and currency",
            cols(
                "Vendor",
                "Currency",
                "Period",
                "Licences",
                "True-up",
                "Savings",
                numeric=("Licences", "True-up", "Savings"),
            ),
            [
                (
                    t.vendor_name or "(no vendor)",
                    t.currency,
                    PERIODS.get(t.period, t.period),
                    str(t.licenses),
                    _total(t.currency, t.true_up),
                    _total(t.currency, t.savings),
                )
                for t in self.totals
            ],
            "No priced licences.",
        )
        return [position, issues, totals]

    def csv(self) -> CsvTable:
        header = (
            "id",
            "name",
            "product",
            "vendor",
            "metric",
            "quantity",
            "entitled",
            "consumed",
            "position",
            "shortfall",
            "unused",
            "unit_price",
            "currency",
            "period",
            "true_up",
            "savings",
            "term_start",
            "term_end",
            "term_status",
            "days_left",
            "consumers",
            "unknown",
            "mismatched",
        )
        rows = [
            (
                r.id,
                r.name,
                r.product or "",
                r.vendor or "",
                r.metric,
                str(r.quantity),
                str(r.entitled),
                str(r.consumed),
                r.position,
                str(r.shortfall),
                str(r.unused),
                plain(r.unit_price.amount) if r.unit_price else "",
                r.unit_price.currency if r.unit_price else "",
                r.period or "",
                plain(r.true_up.amount) if r.true_up else "",
                plain(r.savings.amount) if r.savings else "",
                _iso(r.term_start) or "",
                _iso(r.term_end) or "",
                r.term_status,
                "" if r.days_left is None else str(r.days_left),
                ";".join(c.id for c in r.consumers),
                ";".join(c.id for c in r.unknown),
                ";".join(c.id for c in r.mismatched),
            )
            for r in self.rows
        ]
        return CsvTable(header, rows)

    def charts(self) -> list[Chart]:
        if not self.rows:
            return []
        labels = [f"{r.product_name or r.id} ({r.metric})" for r in self.rows]
        notes = [
            f"{r.id}: {r.consumed} of {r.entitled} {r.metric} — {r.position}" for r in self.rows
        ]
        return [
            Chart(
                "usage",
                "Licence use per product",
                "units",
                [
                    Series(
                        "entitled",
                        [
                            Point(lb, Decimal(r.entitled), n)
                            for lb, r, n in zip(labels, self.rows, notes, strict=True)
                        ],
                    ),
                    Series(
                        "consumed",
                        [
                            Point(lb, Decimal(r.consumed), r.position)
                            for lb, r in zip(labels, self.rows, strict=True)
                        ],
                    ),
                ],
            )
        ]


def _per_period(money: Money | None, period: str | None) -> str:
    """A row's true-up or savings with the period it recurs in (``101.10 EUR/month``): rows
    of different periods sit in one column, and a reader must not add them up."""
    return "—" if money is None else per(money, period)


def _total(currency: str, amount: Decimal) -> str:
    """``—`` where nothing applies: ``0.00`` would read as a computed zero."""
    return Money(currency, amount).display() if amount else "—"


def _term(row: LicenseRow) -> str:
    if row.days_left is None or row.term_status not in ("expiring", "expired"):
        return row.term_status
    if row.term_status == "expired":
        return f"expired {-row.days_left} days ago"
    return f"expiring in {row.days_left} days"
