from __future__ import annotations

from datetime import date

import pytest

from cmdbgit.model.dates import add_months, parse_date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2020, 2, 29), 84, date(2027, 2, 28)),
        (date(2024, 11, 15), 2, date(2025, 1, 15)),
        (date(2024, 1, 15), 0, date(2024, 1, 15)),
        (date(2024, 1, 15), -1, date(2023, 12, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-27", date(2026, 11, 27)),
        ("2026-02-30", None),
        ("2026-1-5", None),
        (20261127, None),
        (None, None),
    ],
)
def test_parse_date_is_strict(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected
