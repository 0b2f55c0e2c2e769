"""Exact money: Decimal from int, str and float (via repr), cents half-even, per currency."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cmdbgit.reports.money import Money, Totals, cents, grouped, money_from, plain, to_decimal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12000, "12000"),
        ("12000.00", "12000.00"),
        (" 0.10 ", "0.10"),
        (0.1, "0.1"),  # Decimal(0.1) would be 0.1000000000000000055511151231257827…
        (18450.00, "18450.0"),
        (1690.1, "1690.1"),
        (123456789012.345, "123456789012.345"),  # 15 significant digits: still exact
        (-3.3, "-3.3"),
    ],
)
def test_to_decimal_is_exact(raw: object, expected: str) -> None:
    assert to_decimal(raw) == Decimal(expected)
    assert str(to_decimal(raw)) == expected


@pytest.mark.parametrize("raw", [True, None, "abc", "NaN", "Infinity", float("nan"), [1]])
def test_to_decimal_rejects(raw: object) -> None:
    assert to_decimal(raw) is None


def test_sum_of_float_literals_is_exact() -> None:
    # 0.1 + 0.2 as floats is 0.30000000000000004; as report amounts it is 0.3.
    assert to_decimal(0.1) + to_decimal(0.2) == Decimal("0.3")  # type: ignore[operator]


def test_cents_round_half_even() -> None:
    assert cents(Decimal("2.345")) == Decimal("2.34")
    assert cents(Decimal("2.355")) == Decimal("2.36")
    assert cents(Decimal("1071.428571")) == Decimal("1071.43")
    assert plain(Decimal("12000")) == "12000.00"
    assert grouped(Decimal("1234567.005")) == "1,234,567.00"


def test_money_from_document_data() -> None:
    assert money_from({"amount": "9.99", "currency": "EUR"}) == Money("EUR", Decimal("9.99"))
    assert money_from({"amount": 5}) is None
    assert money_from({"amount": "x", "currency": "EUR"}) is None
    assert money_from("9.99 EUR") is None
    assert Money("USD", Decimal("1.5")).to_json() == {"amount": "1.50", "currency": "USD"}


def test_totals_never_add_currencies() -> None:
    totals = Totals()
    totals.extend(
        [
            Money("USD", Decimal(1)),
            Money("EUR", Decimal("2.5")),
            Money("USD", Decimal("0.25")),
            None,
        ]
    )
    assert totals.to_json() == [
        {"amount": "2.50", "currency": "EUR"},
        {"amount": "1.25", "currency": "USD"},
    ]
    assert totals.display() == "2.50 EUR; 1.25 USD"
    assert Totals().display() == "—"
