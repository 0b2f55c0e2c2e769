"""Depreciation schedules against hand-computed tables, worked example first.

Expected values are computed independently: by hand for the small tables, and with exact
fractions (``Fraction``) for closed forms, then rounded half-even to cents.
"""

from __future__ import annotations

import itertools
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest

from cmdbgit.reports.depreciation_math import (
    METHODS,
    accumulated,
    charge,
    declining_balance,
    straight_line,
    sum_of_years_digits,
)
from cmdbgit.reports.money import cents

D = Decimal


def book(method: str, cost: str, salvage: str, life: int, months: int) -> Decimal:
    schedule = METHODS[method](D(cost), D(salvage), life)
    return cents(D(cost) - accumulated(schedule, months))


def to_cents(value: Fraction) -> Decimal:
    return (D(value.numerator) / D(value.denominator)).quantize(D("0.01"), ROUND_HALF_EVEN)


# -- the worked example: 12000, salvage 0, 48 months, 34 months elapsed -------------------


def test_worked_example_straight_line() -> None:
    assert book("straight_line", "12000", "0", 48, 34) == D("3500.00")


def test_worked_example_declining_balance() -> None:
    assert book("declining_balance", "12000", "0", 48, 34) == D("2520.56")


def test_worked_example_sum_of_years_digits() -> None:
    assert book("sum_of_years_digits", "12000", "0", 48, 34) == D("1071.43")


def test_worked_example_declining_balance_switches_in_month_25() -> None:
    """Month m: max(book × 2/48, book / (48 − m + 1)). Both are book/24 in month 25, so from
    there straight line over the rest is never smaller: months 25..48 charge B24/24 each."""
    schedule = declining_balance(D(12000), D(0), 48)
    b24 = Fraction(12000) * Fraction(23, 24) ** 24
    for month in range(1, 25):
        expected = Fraction(12000) * Fraction(23, 24) ** (month - 1) * Fraction(2, 48)
        assert cents(charge(schedule, month)) == to_cents(expected), month
    for month in range(25, 49):
        assert cents(charge(schedule, month)) == to_cents(b24 / 24), month
    assert to_cents(b24 * Fraction(14, 24)) == D("2520.56")  # 10 of 24 SL months taken
    assert accumulated(schedule, 48) == D(12000)


def test_worked_example_sum_of_years_digits_monthly_digits() -> None:
    schedule = sum_of_years_digits(D(12000), D(0), 48)
    total = 48 * 49 // 2  # 1176
    for month in (1, 2, 34, 48):
        assert cents(charge(schedule, month)) == to_cents(Fraction(12000 * (49 - month), total))
    assert cents(charge(schedule, 1)) == D("489.80")
    assert cents(charge(schedule, 48)) == D("10.20")


# -- hand tables --------------------------------------------------------------------------------


def test_straight_line_with_salvage_table() -> None:
    # (1000 - 100) / 10 = 90 a month.
    schedule = straight_line(D(1000), D(100), 10)
    assert [cents(D(1000) - accumulated(schedule, k)) for k in range(0, 11, 2)] == [
        D("1000.00"),
        D("820.00"),
        D("640.00"),
        D("460.00"),
        D("280.00"),
        D("100.00"),
    ]
    assert accumulated(schedule, 99) == D(900)  # never below salvage


def test_declining_balance_with_salvage_table() -> None:
    """cost 1000, salvage 100, 5 months, rate 2/5:
    m1 max(400, 900/5=180)=400 -> 600; m2 max(240, 500/4=125)=240 -> 360;
    m3 max(144, 260/3=86.67)=144 -> 216; m4 max(86.4, 116/2=58)=86.4 -> 129.6;
    m5 max(51.84, 29.6)=51.84 but capped at book - salvage = 29.6 -> 100."""
    schedule = declining_balance(D(1000), D(100), 5)
    books = [D(1000) - accumulated(schedule, k) for k in range(6)]
    assert books == [D(1000), D(600), D(360), D(216), D("129.6"), D(100)]


def test_declining_balance_switch_with_salvage() -> None:
    """cost 1000, salvage 400, 4 months, rate 1/2:
    m1 max(500, 600/4=150) = 500 but capped at 600 -> 500; m2 max(250, 100/3)=250 capped at
    100 -> 100: book reaches salvage and stays."""
    schedule = declining_balance(D(1000), D(400), 4)
    assert [D(1000) - accumulated(schedule, k) for k in range(5)] == [
        D(1000),
        D(500),
        D(400),
        D(400),
        D(400),
    ]


def test_sum_of_years_digits_life_not_a_multiple_of_12() -> None:
    """30 months, 9300: digits sum to 465, so each digit is worth 20. After 18 months the
    digits 30..13 sum to 387 -> 7740 depreciated, book 1560."""
    schedule = sum_of_years_digits(D(9300), D(0), 30)
    assert charge(schedule, 1) == D(600)
    assert charge(schedule, 30) == D(20)
    assert accumulated(schedule, 18) == D(7740)
    assert book("sum_of_years_digits", "9300", "0", 30, 18) == D("1560.00")


def test_straight_line_life_not_a_multiple_of_12() -> None:
    # 7 months of 1000: 142.857142… a month; after 3 months 428.571428… -> book 571.43.
    assert book("straight_line", "1000", "0", 7, 3) == D("571.43")
    assert straight_line(D(1000), D(0), 7)[7] == D(1000)


def test_sum_of_years_digits_with_salvage() -> None:
    # base 900 over 3 months: digits 3,2,1 of 6 -> 450, 300, 150.
    schedule = sum_of_years_digits(D(1000), D(100), 3)
    assert [charge(schedule, m) for m in (1, 2, 3)] == [D(450), D(300), D(150)]


@pytest.mark.parametrize("method", sorted(METHODS))
def test_nothing_before_purchase_and_full_after_life(method: str) -> None:
    schedule = METHODS[method](D("2500.00"), D("250.00"), 24)
    assert accumulated(schedule, 0) == D(0)
    assert accumulated(schedule, -3) == D(0)
    full = D(0) if method == "none" else D("2250.00")
    assert cents(accumulated(schedule, 24)) == full
    assert cents(accumulated(schedule, 240)) == full


@pytest.mark.parametrize("method", ["straight_line", "declining_balance", "sum_of_years_digits"])
def test_book_never_below_salvage_and_never_rises(method: str) -> None:
    schedule = METHODS[method](D("1234.56"), D("100.01"), 37)
    books = [D("1234.56") - accumulated(schedule, k) for k in range(40)]
    assert all(b >= D("100.01") - D("1e-30") for b in books)
    assert all(later <= earlier for earlier, later in itertools.pairwise(books))


def test_salvage_above_cost_depreciates_nothing() -> None:
    for method in ("straight_line", "declining_balance", "sum_of_years_digits"):
        assert accumulated(METHODS[method](D(100), D(150), 12), 12) == D(0)
