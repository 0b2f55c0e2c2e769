"""Monthly depreciation schedules (docs/reports.md), in exact decimals.

A schedule is the list ``accumulated[k]`` = depreciation after ``k`` whole months,
``k = 0 .. life_months``; the charge of month ``m`` is ``accumulated[m] - accumulated[m-1]``.
Base = cost − salvage (never negative): book value never goes below salvage.

* ``straight_line``: base × k / N.
* ``declining_balance`` (double declining): each month the larger of book × 2 / N and
  (book − salvage) / remaining months — the second wins from the month straight line over
  what is left is larger (the switch) — capped so book stays ≥ salvage.
* ``sum_of_years_digits`` with monthly digits: month m takes (N − m + 1) / (N(N+1)/2) of base,
  so after k months base × k(2N − k + 1) / (N(N + 1)).
* ``none``: no depreciation.

Decimal arithmetic runs at 40 significant digits (not exact for 1/3, but 12 orders of
magnitude below a cent on any realistic amount); callers round half-even to cents only when
printing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext

PRECISION = Context(prec=40, rounding=ROUND_HALF_EVEN)

Schedule = list[Decimal]
Method = Callable[[Decimal, Decimal, int], Schedule]


def straight_line(cost: Decimal, salvage: Decimal, life: int) -> Schedule:
    base = max(cost - salvage, Decimal(0))
    with localcontext(PRECISION):
        return [base * k / life for k in range(life + 1)]


def declining_balance(cost: Decimal, salvage: Decimal, life: int) -> Schedule:
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


def sum_of_years_digits(cost: Decimal, salvage: Decimal, life: int) -> Schedule:
    base = max(cost - salvage, Decimal(0))
    with localcontext(PRECISION):
        total = Decimal(life * (life + 1))
        return [base * (k * (2 * life - k + 1)) / total for k in range(life + 1)]


def no_depreciation(cost: Decimal, salvage: Decimal, life: int) -> Schedule:
    return [Decimal(0)] * (life + 1)


#: The methods of ``depreciation.method`` by name.
METHODS: dict[str, Method] = {
    "straight_line": straight_line,
    "declining_balance": declining_balance,
    "sum_of_years_digits": sum_of_years_digits,
    "none": no_depreciation,
}


def accumulated(schedule: Schedule, months: int) -> Decimal:
    """Depreciation after ``months`` whole months (0 before, the full base after the life)."""
    if months <= 0:
        return Decimal(0)
    return schedule[min(months, len(schedule) - 1)]


def charge(schedule: Schedule, month: int) -> Decimal:
    """The depreciation of month ``month`` (1-based); 0 outside the life."""
    return accumulated(schedule, month) - accumulated(schedule, month - 1)
