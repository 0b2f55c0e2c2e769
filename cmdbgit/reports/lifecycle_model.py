"""The ``lifecycle`` report as data, and how it shows (computed in ``lifecycle``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from cmdbgit.reports.model import Chart, CsvTable, Point, Report, Series, Table, cols
from cmdbgit.reports.money import Money, Totals, money_display, money_json, plain


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(slots=True)
class HardwareRow:
    id: str
    name: str
    status: str | None
    owner: str | None
    purchased: date | None
    age_months: int | None
    refresh_months: int
    eol: date | None
    #: The HardwareModel whose end of support is ``eol`` (None: the asset's own date).
    eol_from: str | None
    reasons: list[str]
    replacement_cost: Money | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "owner": self.owner,
            "purchased": _iso(self.purchased),
            "age_months": self.age_months,
            "refresh_months": self.refresh_months,
            "eol": _iso(self.eol),
            "eol_from": self.eol_from,
            "reasons": self.reasons,
            "replacement_cost": money_json(self.replacement_cost),
        }


@dataclass(frozen=True, slots=True)
class SoftwareCI:
    id: str
    kind: str
    name: str
    version: str  # as installed
    path: str  # where the document names it

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "version": self.version,
            "path": self.path,
        }


@dataclass(slots=True)
class SoftwareGroup:
    product: str
    product_name: str
    version: str  # the matched version line
    eol: date
    days_left: int
    status: str  # past-eol | eol-soon
    cis: list[SoftwareCI]

    def to_json(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "product_name": self.product_name,
            "version": self.version,
            "eol": self.eol.isoformat(),
            "days_left": self.days_left,
            "status": self.status,
            "cis": [c.to_json() for c in self.cis],
        }


@dataclass(slots=True)
class Bucket:
    """Replacements due in one quarter (or already overdue)."""

    label: str
    start: date | None
    end: date | None
    assets: list[str] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    without_cost: int = 0

    def add(self, asset: str, cost: Money | None) -> None:
        self.assets.append(asset)
        if cost is None:
            self.without_cost += 1
        self.totals.add(cost)

    @property
    def cost(self) -> list[Money]:
        return list(self.totals)

    def to_json(self) -> dict[str, Any]:
        return {
            "quarter": self.label,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "count": len(self.assets),
            "cost": self.totals.to_json(),
            "without_cost": self.without_cost,
            "assets": sorted(self.assets),
        }


@dataclass(slots=True)
class LifecycleReport(Report):
    name: ClassVar[str] = "lifecycle"
    title: ClassVar[str] = "Lifecycle and end of life"
    hardware: list[HardwareRow]
    software: list[SoftwareGroup]
    overdue: Bucket
    quarters: list[Bucket]
    eol_days: int
    refresh_default: int

    def payload(self) -> dict[str, Any]:
        return {
            "settings": {"eol_days": self.eol_days, "refresh_months": self.refresh_default},
            "summary": {
                "hardware": len(self.hardware),
                "software_past_eol": sum(
                    len(g.cis) for g in self.software if g.status == "past-eol"
                ),
                "software_eol_soon": sum(
                    len(g.cis) for g in self.software if g.status == "eol-soon"
                ),
                "overdue": len(self.overdue.assets),
            },
            "hardware": [r.to_json() for r in self.hardware],
            "software": [g.to_json() for g in self.software],
            "forecast": {
                "overdue": self.overdue.to_json(),
                "quarters": [b.to_json() for b in self.quarters],
            },
        }

    def summary(self) -> list[tuple[str, str]]:
        next_q = self.quarters[0] if self.quarters else None
        return [
            ("Hardware past EOL or refresh age", str(len(self.hardware))),
            (
                "CIs on software past EOL",
                str(sum(len(g.cis) for g in self.software if g.status == "past-eol")),
            ),
            (
                f"CIs on software reaching EOL within {self.eol_days} days",
                str(sum(len(g.cis) for g in self.software if g.status == "eol-soon")),
            ),
            (
                "Replacements overdue",
                f"{len(self.overdue.assets)} ({self.overdue.totals.display()})",
            ),
            *(
                [
                    (
                        f"Replacements due {next_q.label}",
                        f"{len(next_q.assets)} ({next_q.totals.display()})",
                    )
                ]
                if next_q
                else []
            ),
        ]

    def tables(self) -> list[Table]:
        hardware = Table(
            "Hardware past EOL or refresh age",
            cols(
                "Asset",
                "Name",
                "Status",
                "Purchased",
                "Age (months)",
                "Refresh (months)",
                "EOL",
                "Why",
                "Replacement cost",
                numeric=("Age (months)", "Refresh (months)", "Replacement cost"),
            ),
            [
                (
                    r.id,
                    r.name,
                    r.status or "—",
                    _iso(r.purchased) or "—",
                    "—" if r.age_months is None else str(r.age_months),
                    str(r.refresh_months),
                    _iso(r.eol) or "—",
                    ", ".join(r.reasons),
                    money_display(r.replacement_cost),
                )
                for r in self.hardware
            ],
            "No hardware is past its EOL or refresh age.",
        )
        software = Table(
            f"Software past EOL or within {self.eol_days} days of it",
            cols(
                "Product",
                "Version",
                "EOL",
                "Days left",
                "Status",
                "CIs",
                "Running it",
                numeric=("Days left", "CIs"),
            ),
            [
                (
                    g.product_name,
                    g.version,
                    g.eol.isoformat(),
                    str(g.days_left),
                    g.status,
                    str(len(g.cis)),
                    ", ".join(f"{c.id} ({c.version})" for c in g.cis),
                )
                for g in self.software
            ],
            "No CI runs software past or near its end of life.",
        )
        forecast = Table(
            "Replacement forecast per quarter",
            cols(
                "Quarter",
                "From",
                "To",
                "Assets",
                "Cost",
                "Without cost",
                numeric=("Assets", "Cost", "Without cost"),
            ),
            [
                (
                    b.label,
                    _iso(b.start) or "—",
                    _iso(b.end) or "—",
                    str(len(b.assets)),
                    b.totals.display(),
                    str(b.without_cost),
                )
                for b in [self.overdue, *self.quarters]
            ],
        )
        return [hardware, software, forecast]

    def csv(self) -> CsvTable:
        """One long table; ``section`` says which part of the report a row belongs to."""
        header = (
            "section",
            "id",
            "name",
            "product",
            "version",
            "status",
            "date",
            "days_left",
            "detail",
            "count",
            "amount",
            "currency",
        )
        rows: list[tuple[str, ...]] = []
        for r in self.hardware:
            cost = r.replacement_cost
            rows.append(
                (
                    "hardware",
                    r.id,
                    r.name,
                    "",
                    "",
                    r.status or "",
                    _iso(r.eol) or "",
                    "",
                    "; ".join(r.reasons),
                    "1",
                    plain(cost.amount) if cost else "",
                    cost.currency if cost else "",
                )
            )
        for g in self.software:
            for ci in g.cis:
                rows.append(
                    (
                        "software",
                        ci.id,
                        ci.name,
                        g.product,
                        ci.version,
                        g.status,
                        g.eol.isoformat(),
                        str(g.days_left),
                        f"line {g.version}",
                        "1",
                        "",
                        "",
                    )
                )
        for b in [self.overdue, *self.quarters]:
            costs: list[Money | None] = [*b.cost] or [None]
            for money in costs:
                rows.append(
                    (
                        "forecast",
                        b.label,
                        "",
                        "",
                        "",
                        "",
                        _iso(b.end) or "",
                        "",
                        ";".join(sorted(b.assets)),
                        str(len(b.assets)),
                        plain(money.amount) if money else "",
                        money.currency if money else "",
                    )
                )
        return CsvTable(header, rows)

    def charts(self) -> list[Chart]:
        currencies = sorted({m.currency for b in self.quarters for m in b.cost})
        charts = [
            Chart(
                "bars",
                "Replacements due per quarter (count)",
                "assets",
                [
                    Series(
                        "count",
                        [
                            Point(
                                b.label,
                                Decimal(len(b.assets)),
                                ", ".join(sorted(b.assets)) or "none",
                            )
                            for b in self.quarters
                        ],
                    )
                ],
            )
        ]
        for currency in currencies:
            charts.append(
                Chart(
                    "bars",
                    f"Replacement cost per quarter ({currency})",
                    currency,
                    [
                        Series(
                            currency,
                            [
                                Point(b.label, b.totals.get(currency), f"{len(b.assets)} asset(s)")
                                for b in self.quarters
                            ],
                        )
                    ],
                )
            )
        return charts
