"""``report depreciation`` through the CLI: the documented worked example, then salvage, a
purchase mid-month and at a month end, fully depreciated, before purchase, a life that is
not a multiple of 12, the ``none`` method, totals per cost centre and currency, and the
next-12-months expense."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo
from tests.integration.report_org import (
    doc,
    money,
    report_csv,
    report_json,
    team,
    valid,
    write_docs,
)


def asset(
    ident: str,
    bought: str,
    cost: str,
    method: str,
    life: int | None = None,
    salvage: str | None = None,
    currency: str = "EUR",
    center: str | None = "CC-1",
    cost_literal: Any = None,
) -> dict[str, Any]:
    dep: dict[str, Any] = {"method": method}
    if life is not None:
        dep["life_months"] = life
    if salvage is not None:
        dep["salvage_value"] = salvage
    spec: dict[str, Any] = {
        "serial": ident.upper(),
        "purchase": {
            "date": bought,
            "cost": money(cost, currency) if cost_literal is None else cost_literal,
        },
        "depreciation": dep,
    }
    if center:
        spec["cost_center"] = center
    return doc("HardwareAsset", ident, spec)


@pytest.fixture
def dep_repo(scaffold_repo: GitRepo) -> Path:
    docs = [
        team(),
        asset("hw-sl", "2024-01-01", "12000", "straight_line", 48),
        asset("hw-db", "2024-01-01", "12000", "declining_balance", 48),
        asset("hw-syd", "2024-01-01", "12000", "sum_of_years_digits", 48),
        # A float amount in the YAML (18450.5 as a binary double) must come out exact.
        asset(
            "hw-float",
            "2024-01-01",
            "",
            "straight_line",
            48,
            center="CC-2",
            cost_literal={"amount": 1690.1, "currency": "EUR"},
        ),
        asset("hw-salvage", "2026-06-15", "1000", "straight_line", 10, "100", center="CC-2"),
        asset("hw-midmonth", "2024-01-15", "4800", "straight_line", 48, center="CC-2"),
        asset("hw-monthend", "2026-08-31", "1200", "straight_line", 12, center="CC-2"),
        asset("hw-done", "2020-01-01", "2000", "declining_balance", 48, "200", center="CC-2"),
        asset("hw-future", "2027-01-10", "1200", "straight_line", 12, center="CC-2"),
        asset("hw-30", "2025-05-27", "9300", "sum_of_years_digits", 30, center="CC-2"),
        asset("hw-none", "2020-01-01", "500", "none", center=None),
        asset("hw-usd", "2024-01-01", "1200", "straight_line", 12, currency="USD"),
        doc(
            "HardwareAsset",
            "hw-nodep",
            {"serial": "ND", "purchase": {"date": "2024-01-01", "cost": money("10")}},
        ),
    ]
    write_docs(scaffold_repo, docs)
    scaffold_repo.commit("assets")
    valid(scaffold_repo.path)
    return scaffold_repo.path


#: Book value of the worked example's declining balance after 24 months (exact).
B24 = Fraction(12000) * Fraction(23, 24) ** 24


def _cents(value: Fraction) -> str:
    return f"{(Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal('0.01'), ROUND_HALF_EVEN)}"


def _assets(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in data["assets"]}


def _amounts(a: dict[str, Any]) -> tuple[Any, ...]:
    return (
        a["months_elapsed"],
        a["accumulated"]["amount"],
        a["book_value"]["amount"],
        a["next_12_months"]["amount"],
        a["state"],
    )


def test_worked_example(dep_repo: Path) -> None:
    assets = _assets(report_json(dep_repo, "depreciation"))
    assert _amounts(assets["hw-sl"]) == (34, "8500.00", "3500.00", "3000.00", "depreciating")
    assert _amounts(assets["hw-db"])[:3] == (34, "9479.44", "2520.56")
    assert _amounts(assets["hw-syd"])[:3] == (34, "10928.57", "1071.43")
    # SYD next 12 months: digits 14..3 of 1176 -> 102/1176 of 12000 = 1040.82
    assert assets["hw-syd"]["next_12_months"]["amount"] == "1040.82"
    # DB next 12 months (35..46): all straight line on B24, 12 × B24/24 = B24/2
    assert assets["hw-db"]["next_12_months"]["amount"] == _cents(B24 / 2) == "2160.48"


def test_cases(dep_repo: Path) -> None:
    assets = _assets(report_json(dep_repo, "depreciation"))
    # 1690.1 read as a float: Decimal(repr(x)) keeps it exact, 48 months, 34 elapsed.
    assert assets["hw-float"]["cost"] == {"amount": "1690.10", "currency": "EUR"}
    assert assets["hw-float"]["book_value"]["amount"] == "492.95"  # 1690.1 × 14/48
    # 5 of 10 months at 90: half of the base gone, the rest next year; salvage stays.
    assert _amounts(assets["hw-salvage"]) == (5, "450.00", "550.00", "450.00", "depreciating")
    assert assets["hw-salvage"]["salvage"]["amount"] == "100.00"
    # Bought on the 15th: 2024-01-15 -> 2026-11-27 is 34 whole months.
    assert _amounts(assets["hw-midmonth"])[:3] == (34, "3400.00", "1400.00")
    # 2026-08-31 + 3 months clamps to 2026-11-30, after the as-of date: 2 whole months.
    assert _amounts(assets["hw-monthend"])[:3] == (2, "200.00", "1000.00")
    # Fully depreciated: book equals salvage, nothing left to expense.
    assert _amounts(assets["hw-done"]) == (48, "1800.00", "200.00", "0.00", "fully depreciated")
    assert assets["hw-done"]["fully_depreciated_on"] == "2024-01-01"
    # Before the purchase date: nothing depreciated; 10 months of 100 fall in the next 12.
    assert _amounts(assets["hw-future"]) == (0, "0.00", "1200.00", "1000.00", "before purchase")
    # 30 months SYD, 18 elapsed: 387 of 465 digits.
    assert _amounts(assets["hw-30"])[:3] == (18, "7740.00", "1560.00")
    assert _amounts(assets["hw-none"]) == (0, "0.00", "500.00", "0.00", "not depreciated")
    assert assets["hw-none"]["cost_center"] == "(none)"
    assert "hw-nodep" not in assets


def test_totals_per_cost_centre_and_currency(dep_repo: Path) -> None:
    data = report_json(dep_repo, "depreciation")
    totals = {(t["cost_center"], t["currency"]): t for t in data["totals"]}
    assert list(totals) == [("(none)", "EUR"), ("CC-1", "EUR"), ("CC-1", "USD"), ("CC-2", "EUR")]
    cc1 = totals[("CC-1", "EUR")]
    # Sums of the exact values, rounded once: 3500 + 2520.5557… + 1071.4285… = 7091.98
    # (rounding each row first would give 7091.99).
    exact = 3500 + B24 * Fraction(14, 24) + Fraction(12000 * 105, 1176)
    assert (cc1["assets"], cc1["cost"]["amount"], cc1["book_value"]["amount"]) == (
        3,
        "36000.00",
        _cents(exact),
    )
    assert _cents(exact) == "7091.98"
    assert totals[("CC-1", "USD")]["book_value"] == {"amount": "0.00", "currency": "USD"}
    summary = data["summary"]
    assert summary["assets"] == 12  # every asset but hw-nodep
    assert summary["fully_depreciated"] == 2  # hw-done and hw-usd (12 months, 34 elapsed)
    assert [m["currency"] for m in summary["book_value"]] == ["EUR", "USD"]
    assert any("hw-nodep" in n and "no depreciation method" in n for n in data["notes"])


def test_every_figure_adds_up(dep_repo: Path) -> None:
    """cost = accumulated + book for every asset and every total, to the cent."""
    data = report_json(dep_repo, "depreciation")
    for row in [*data["assets"], *data["totals"]]:
        cost, acc, bv = (Decimal(row[k]["amount"]) for k in ("cost", "accumulated", "book_value"))
        assert cost == acc + bv or abs(cost - acc - bv) <= Decimal("0.01"), row


def test_book_value_history(dep_repo: Path) -> None:
    history = report_json(dep_repo, "depreciation")["book_value_history"]
    eur = history["EUR"]
    now = next(p for p in eur if p["date"] == "2026-11-27")
    assert now["quarter"] == "2026-Q4"
    assert eur[0]["quarter"] == "2021-Q4"  # 20 quarters back (the 2020 assets are older)
    assert eur[-1]["quarter"] == "2028-Q4"


def test_csv(dep_repo: Path) -> None:
    rows = {r["id"]: r for r in report_csv(dep_repo, "depreciation")}
    assert (rows["hw-db"]["book_value"], rows["hw-db"]["currency"]) == ("2520.56", "EUR")
    assert rows["hw-future"]["state"] == "before purchase"
