"""Report calendar arithmetic: clamped months, whole months elapsed, quarters."""

from __future__ import annotations

from datetime import date

import pytest

from cmdbgit.model.dates import (
    Quarter,
    add_months,
    is_past,
    months_elapsed,
    parse_date,
    quarters_from,
    within,
)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year clamp
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 1, 15), 34, date(2026, 11, 15)),
        (date(2024, 12, 31), 2, date(2025, 2, 28)),
        (date(2024, 5, 31), -3, date(2024, 2, 29)),
        (date(2024, 1, 1), 0, date(2024, 1, 1)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 1, 15), date(2026, 11, 27), 34),  # docs/reports.md
        (date(2024, 1, 1), date(2026, 11, 27), 34),
        (date(2024, 1, 28), date(2026, 11, 27), 33),  # the 28th has not come yet
        (date(2024, 1, 27), date(2026, 11, 27), 34),  # on the day: a whole month
        (date(2024, 1, 31), date(2024, 2, 29), 1),  # clamped month end counts
        (date(2024, 1, 31), date(2024, 2, 28), 0),
        (date(2026, 8, 31), date(2026, 11, 27), 2),  # 08-31 + 3 = 11-30 > 11-27
        (date(2026, 11, 27), date(2026, 11, 27), 0),
        (date(2027, 1, 1), date(2026, 11, 27), 0),  # before the start
    ],
)
def test_months_elapsed(start: date, end: date, expected: int) -> None:
    assert months_elapsed(start, end) == expected


def test_inclusive_limits() -> None:
    as_of = date(2026, 11, 27)
    assert not is_past(as_of, as_of)
    assert is_past(date(2026, 11, 26), as_of)
    assert within(date(2027, 2, 25), as_of, 90)  # day 90 included
    assert not within(date(2027, 2, 26), as_of, 90)
    assert within(as_of, as_of, 0)
    assert not within(date(2026, 11, 26), as_of, 90)  # past is not "within"


def test_quarters() -> None:
    quarters = quarters_from(date(2026, 11, 27), 8)
    assert [q.label for q in quarters] == [
        "2026-Q4",
        "2027-Q1",
        "2027-Q2",
        "2027-Q3",
        "2027-Q4",
        "2028-Q1",
        "2028-Q2",
        "2028-Q3",
    ]
    assert (Quarter(2027, 1).start, Quarter(2027, 1).end) == (date(2027, 1, 1), date(2027, 3, 31))
    assert Quarter(2024, 4).end == date(2024, 12, 31)
    assert Quarter.of(date(2024, 4, 1)) == Quarter(2024, 2)


@pytest.mark.parametrize("value", [None, 20240101, "2024-13-01", "soon", ""])
def test_parse_date_rejects(value: object) -> None:
    assert parse_date(value) is None


def test_parse_date_accepts() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date(date(2024, 1, 1)) == date(2024, 1, 1)
