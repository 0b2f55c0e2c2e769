"""The ``depreciation`` report as data, and how it shows (computed in ``depreciation``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any, ClassVar

from cmdbgit.reports.model import Chart, CsvTable, Point, Report, Series, Table, cols
from cmdbgit.reports.money import Money, Totals, plain

NO_COST_CENTER = "(none)"


@dataclass(slots=True)
class AssetValue:
    id: str
    name: str
    status: str | None
    cost_center: str
    method: str
    life_months: int
    purchased: date
    currency: str
    cost: Decimal
    salvage: Decimal
    months: int  # months depreciated so far (0 … life)
    accumulated: Decimal
    book: Decimal
    next_12_months: Decimal
    before_purchase: bool
    fully_depreciated: bool
    fully_depreciated_on: date | None

    def money(self, amount: Decimal) -> Money:
        return Money(self.currency, amount)

    @property
    def state(self) -> str:
        if self.before_purchase:
            return "before purchase"
        if self.method == "none":
            return "not depreciated"
        return "fully depreciated" if self.fully_depreciated else "depreciating"

    def to_json(self) -> dict[str, Any]:
        currency = self.currency
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "cost_center": self.cost_center,
            "method": self.method,
            "life_months": self.life_months,
            "purchased": self.purchased.isoformat(),
            "months_elapsed": self.months,
            # ``Money.to_json`` written out: five per asset, 10^5 assets.
            "cost": {"amount": plain(self.cost), "currency": currency},
            "salvage": {"amount": plain(self.salvage), "currency": currency},
            "accumulated": {"amount": plain(self.accumulated), "currency": currency},
            "book_value": {"amount": plain(self.book), "currency": currency},
            "next_12_months": {"amount": plain(self.next_12_months), "currency": currency},
            "state": self.state,
            "fully_depreciated": self.fully_depreciated,
            "fully_depreciated_on": (
                self.fully_depreciated_on.isoformat() if self.fully_depreciated_on else None
            ),
        }


@dataclass(slots=True)
class CostCenterTotal:
    cost_center: str
    currency: str
    assets: int = 0
    cost: Decimal = field(default_factory=Decimal)
    accumulated: Decimal = field(default_factory=Decimal)
    book: Decimal = field(default_factory=Decimal)
    next_12_months: Decimal = field(default_factory=Decimal)

    def add(self, asset: AssetValue) -> None:
        self.assets += 1
        self.cost += asset.cost
        self.accumulated += asset.accumulated
        self.book += asset.book
        self.next_12_months += asset.next_12_months

    def to_json(self) -> dict[str, Any]:
        money = {
            k: Money(self.currency, getattr(self, k)).to_json()
            for k in ("cost", "accumulated", "next_12_months")
        }
        return {
            "cost_center": self.cost_center,
            "currency": self.currency,
            "assets": self.assets,
            **money,
            "book_value": Money(self.currency, self.book).to_json(),
        }


@dataclass(frozen=True, slots=True)
class ValuePoint:
    quarter: str
    date: date
    book_value: Decimal
    current: bool = False  # the as-of date's point


def _g(amount: Decimal, currency: str) -> str:
    return Money(currency, amount).display()


@dataclass(slots=True)
class DepreciationReport(Report):
    name: ClassVar[str] = "depreciation"
    title: ClassVar[str] = "Depreciation and book value"
    assets: list[AssetValue]
    totals: list[CostCenterTotal]
    history: dict[str, list[ValuePoint]]

    def _per_currency(self, attr: str) -> Totals:
        totals = Totals()
        add = totals.add_amount
        for currency, amount in map(attrgetter("currency", attr), self.assets):
            add(currency, amount)
        return totals

    def payload(self) -> dict[str, Any]:
        return {
            "summary": {
                "assets": len(self.assets),
                "fully_depreciated": sum(a.fully_depreciated for a in self.assets),
                "cost": self._per_currency("cost").to_json(),
                "accumulated": self._per_currency("accumulated").to_json(),
                "book_value": self._per_currency("book").to_json(),
                "next_12_months": self._per_currency("next_12_months").to_json(),
            },
            "assets": [a.to_json() for a in self.assets],
            "totals": [t.to_json() for t in self.totals],
            "book_value_history": {
                c: [
                    {
                        "quarter": p.quarter,
                        "date": p.date.isoformat(),
                        "book_value": plain(p.book_value),
                    }
                    for p in points
                ]
                for c, points in self.history.items()
            },
        }

    def summary(self) -> list[tuple[str, str]]:
        return [
            ("Assets valued", str(len(self.assets))),
            ("Fully depreciated", str(sum(a.fully_depreciated for a in self.assets))),
            ("Purchase cost", self._per_currency("cost").display()),
            ("Book value", self._per_currency("book").display()),
            ("Depreciation next 12 months", self._per_currency("next_12_months").display()),
        ]

    def tables(self) -> list[Table]:
        per_asset = Table(
            "Book value per asset",
            cols(
                "Asset",
                "Cost centre",
                "Method",
                "Purchased",
                "Months",
                "Cost",
                "Salvage",
                "Accumulated",
                "Book value",
                "Next 12 months",
                "State",
                numeric=(
                    "Months",
                    "Cost",
                    "Salvage",
                    "Accumulated",
                    "Book value",
                    "Next 12 months",
                ),
            ),
            [
                (
                    a.id,
                    a.cost_center,
                    a.method,
                    a.purchased.isoformat(),
                    f"{a.months}/{a.life_months}",
                    _g(a.cost, a.currency),
                    _g(a.salvage, a.currency),
                    _g(a.accumulated, a.currency),
                    _g(a.book, a.currency),
                    _g(a.next_12_months, a.currency),
                    a.state,
                )
                for a in self.assets
            ],
            "No hardware asset has purchase and depreciation data.",
        )
        done = Table(
            "Fully depreciated",
            cols(
                "Asset",
                "Name",
                "Purchased",
                "Fully depreciated on",
                "Cost",
                "Book value",
                numeric=("Cost", "Book value"),
            ),
            [
                (
                    a.id,
                    a.name,
                    a.purchased.isoformat(),
                    a.fully_depreciated_on.isoformat() if a.fully_depreciated_on else "—",
                    _g(a.cost, a.currency),
                    _g(a.book, a.currency),
                )
                for a in self.assets
                if a.fully_depreciated
            ],
            "No asset is fully depreciated.",
        )
        totals = Table(
            "Totals per cost centre and currency",
            cols(
                "Cost centre",
                "Currency",
                "Assets",
                "Cost",
                "Accumulated",
                "Book value",
                "Next 12 months",
                numeric=("Assets", "Cost", "Accumulated", "Book value", "Next 12 months"),
            ),
            [
                (
                    t.cost_center,
                    t.currency,
                    str(t.assets),
                    _g(t.cost, t.currency),
                    _g(t.accumulated, t.currency),
                    _g(t.book, t.currency),
                    _g(t.next_12_months, t.currency),
                )
                for t in self.totals
            ],
        )
        return [per_asset, done, totals]

    def csv(self) -> CsvTable:
        header = (
            "id",
            "name",
            "cost_center",
            "method",
            "life_months",
            "purchased",
            "months_elapsed",
            "currency",
            "cost",
            "salvage",
            "accumulated",
            "book_value",
            "next_12_months",
            "state",
            "fully_depreciated_on",
        )
        return CsvTable(
            header,
            [
                (
                    a.id,
                    a.name,
                    a.cost_center,
                    a.method,
                    str(a.life_months),
                    a.purchased.isoformat(),
                    str(a.months),
                    a.currency,
                    plain(a.cost),
                    plain(a.salvage),
                    plain(a.accumulated),
                    plain(a.book),
                    plain(a.next_12_months),
                    a.state,
                    a.fully_depreciated_on.isoformat() if a.fully_depreciated_on else "",
                )
                for a in self.assets
            ],
        )

    def charts(self) -> list[Chart]:
        return [
            Chart(
                "line",
                f"Book value over time ({currency})",
                currency,
                [
                    Series(
                        currency,
                        [
                            Point(
                                p.quarter,
                                p.book_value,
                                f"{p.date.isoformat()}: {_g(p.book_value, currency)}",
                            )
                            for p in points
                        ],
                    )
                ],
                marker=next((p.quarter for p in points if p.current), None),
            )
            for currency, points in self.history.items()
        ]
