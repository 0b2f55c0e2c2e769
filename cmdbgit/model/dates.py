"""Calendar arithmetic (docs/reports.md), shared by policies and reports: inclusive limits, clamped
months, quarters.

* ``add_months`` clamps to the end of the month: 2024-01-31 + 1 month is 2024-02-29.
* ``months_elapsed`` counts *whole* months: the largest ``n`` with
  ``add_months(start, n) <= end`` (2024-01-15 → 2026-11-27 is 34), and 0 before ``start``.
  Defining it through ``add_months`` keeps the two consistent at month ends.
* "past" a date means ``as_of > date``; "within N days" includes day N.
* Documents keep dates as the ISO strings they were written as; ``parse_date`` reads only a
  real calendar date written ``YYYY-MM-DD`` (anything else is the ``schema`` layer's business:
  a rule or report simply has no date to judge).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


def parse_date(value: object) -> date | None:
    """The date ``value`` holds (a ``YYYY-MM-DD`` string or a date), else None."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the last day of the month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def months_elapsed(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is before ``start``)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    # ``add_months(start, months)`` is in ``end``'s month, on day min(start.day, last day);
    # it passes ``end`` only when start's day is later and ``end`` is not the month's last.
    if start.day > end.day and (end.day < 28 or end.day < _last_day(end.year, end.month)):
        months -= 1
    return months


def days_left(until: date, as_of: date) -> int:
    """Days from ``as_of`` to ``until``; negative once ``until`` has passed."""
    return (until - as_of).days


def is_past(day: date, as_of: date) -> bool:
    """Past a date means the as-of date is after it."""
    return as_of > day


def within(day: date, as_of: date, days: int) -> bool:
    """Not past, and at most ``days`` days ahead (inclusive)."""
    return 0 <= (day - as_of).days <= days


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return date.fromordinal(add_months(self.start, 3).toordinal() - 1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)


def quarters_from(day: date, count: int) -> list[Quarter]:
    """The quarter containing ``day`` and the ``count - 1`` quarters after it."""
    out = [Quarter.of(day)]
    while len(out) < count:
        out.append(out[-1].next())
    return out
