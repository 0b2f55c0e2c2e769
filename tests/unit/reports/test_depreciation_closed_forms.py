"""The schedules computed on demand (closed forms for straight line and sum-of-years-digits)
equal, digit for digit, the month-by-month tables they replaced; ``months_elapsed`` without
a calendar call equals its definition through ``add_months``."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from cmdbgit.model.dates import add_months, months_elapsed
from cmdbgit.reports.depreciation_math import METHODS, accumulated

PRECISION = Context(prec=40, rounding=ROUND_HALF_EVEN)


def old_straight_line(cost: Decimal, salvage: Decimal, life: int) -> list[Decimal]:
    base = max(cost - salvage, Decimal(0))
    with localcontext(PRECISION):
        return [base * k / life for k in range(life + 1)]


def old_declining_balance(cost: Decimal, salvage: Decimal, life: int) -> list[Decimal]:
    floor = min(salvage, cost)
    with localcontext(PRECISION):
        rate = Decimal(2) / life
        book = cost
        out = [Decimal(0)]
        for month in range(1, life + 1):
            remaining = life - month + 1
            charge = max(book * rate, (book - floor) / remaining)
            charge = min(charge, book - floor)
            book -= charge
            out.append(cost - book)
        return out


def old_sum_of_years_digits(cost: Decimal, salvage: Decimal, life: int) -> list[Decimal]:
    base = max(cost - salvage, Decimal(0))
    with localcontext(PRECISION):
        total = Decimal(life * (life + 1))
        return [base * (k * (2 * life - k + 1)) / total for k in range(life + 1)]


OLD = {
    "straight_line": old_straight_line,
    "declining_balance": old_declining_balance,
    "sum_of_years_digits": old_sum_of_years_digits,
    "none": lambda _cost, _salvage, life: [Decimal(0)] * (life + 1),
}

_AMOUNTS = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from(sorted(METHODS)),
    cost=_AMOUNTS,
    salvage=_AMOUNTS,
    life=st.integers(min_value=1, max_value=400),
)
def test_schedule_equals_the_monthly_table(
    method: str, cost: Decimal, salvage: Decimal, life: int
) -> None:
    table = OLD[method](cost, salvage, life)
    schedule = METHODS[method](cost, salvage, life)
    assert len(schedule) == len(table)
    for k in range(-2, life + 5):
        new = accumulated(schedule, k)
        old = Decimal(0) if k <= 0 else table[min(k, life)]
        # Same value and same spelling (exponent included): the JSON shows str(Decimal).
        assert (new, str(new)) == (old, str(old)), k


def test_the_worked_example_month_by_month() -> None:
    for method, build in OLD.items():
        table = build(Decimal("12000.00"), Decimal("1000.00"), 48)
        schedule = METHODS[method](Decimal("12000.00"), Decimal("1000.00"), 48)
        assert [str(schedule[k]) for k in range(49)] == [str(v) for v in table], method


def _months_by_definition(start: date, end: date) -> int:
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months - 1 if add_months(start, months) > end else months


@settings(max_examples=1000, deadline=None)
@given(
    start=st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
    end=st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
)
def test_months_elapsed_matches_its_definition(start: date, end: date) -> None:
    assert months_elapsed(start, end) == _months_by_definition(start, end)


def test_months_elapsed_at_month_ends() -> None:
    for start, end in [
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2024, 1, 31), date(2024, 2, 28)),
        (date(2023, 1, 31), date(2023, 2, 28)),
        (date(2024, 3, 31), date(2024, 4, 30)),
        (date(2024, 3, 31), date(2024, 4, 29)),
        (date(9999, 11, 30), date(9999, 12, 31)),
    ]:
        assert months_elapsed(start, end) == _months_by_definition(start, end)
