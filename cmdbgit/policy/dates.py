"""Dates as the rules need them: ISO strings from documents, and month arithmetic that clamps
to the month's end (SPEC §6: 2024-01-31 + 1 month is 2024-02-29)."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any


def as_date(value: Any) -> date | None:
    """The date written ``YYYY-MM-DD`` (documents keep dates as ISO strings), else None.

    Anything else is the ``schema`` layer's business; a rule simply has no date to judge.
    """
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
