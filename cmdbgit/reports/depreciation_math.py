"""Monthly depreciation schedules (docs/reports.md), in exact decimals.

A schedule is the sequence ``accumulated[k]`` = depreciation after ``k`` whole months,
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


class Schedule:
    """``schedule[k]``: the depreciation after ``k`` whole months, ``k = 0 .. life``.

    Straight line and sum-of-years-digits compute an entry from its closed form when asked (a
    report asks for the as-of month and a few quarter ends, not for every month of every
    asset); declining balance is a recurrence and keeps its table."""

    __slots__ = ("_life", "at")

    def __init__(self, life: int, at: Callable[[int], Decimal]) -> None:
        self._life = life
        #: ``at(k)`` is ``self[k]`` for a ``k`` known to be in range, without the check.
        self.at = at

    def __len__(self) -> int:
        return self._life + 1

    def __getitem__(self, k: int) -> Decimal:
        if not 0 <= k <= self._life:
            raise IndexError(k)
        return self.at(k)


Method = Callable[[Decimal, Decimal, int], Schedule]


def straight_line(cost: Decimal, salvage: Decimal, life: int) -> Schedule:
    base = max(cost - salvage, Decimal(0))
    # ``base * k / life`` at 40 digits (the context's methods are its operators).
    return Schedule(life, lambda k: PRECISION.divide(PRECISION.multiply(base, k), life))


def declining_balance(cost: Decimal, salvage: Decimal, life: int) -> Schedule:
    floor = min(salvage, cost)
    with localcontext(PRECISION):
        rate = Decimal(2) / life
        book = cost
        out = [Decimal(0)]
        for month in range(1, life + 1):
            # max() and min() written out: they keep the first of equal values, and equal
            # decimals may differ in exponent (what the JSON shows).
            left = book - floor
            charge = book * rate
            by_line = left / (life - month + 1)
            if by_line > charge:
                charge = by_line
            if left < charge:
                charge = left
            book -= charge
            out.append(cost - book)
    return Schedule(life, out.__getitem__)


def sum_of_years_digits(cost: Decimal, salvage: Decimal, life: int) -> Schedule:
    base = max(cost - salvage, Decimal(0))
    total = Decimal(life * (life + 1))
    # ``base * (k(2N - k + 1)) / (N(N + 1))`` at 40 digits.
    return Schedule(
        life,
        lambda k: PRECISION.divide(PRECISION.multiply(base, k * (2 * life - k + 1)), total),
    )


def no_depreciation(cost: Decimal, salvage: Decimal, life: int) -> Schedule:
    return Schedule(life, lambda _k: Decimal(0))


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
