"""Pieces of the report formats that need no inventory: markdown escaping and the size
limit, CSV formula neutralising, chart axis ticks."""

from __future__ import annotations

import pytest

from cmdbgit.reports.formats.csv_format import safe_cell
from cmdbgit.reports.formats.markdown_format import LIMIT, escape, fit
from cmdbgit.reports.formats.svg import nice_ticks, short


def test_markdown_escape() -> None:
    assert escape("a|b") == r"a\|b"
    assert escape("<b>x</b>") == r"\<b\>x\</b\>"
    assert escape("*x* _y_ `z` [l](u) ~s~") == r"\*x\* \_y\_ \`z\` \[l\](u) \~s\~"
    assert escape("line\nbreak\r\nand\ttab") == "line break and tab"
    assert escape("a&amp;b") == "a&amp;amp;b"
    assert escape("2026-11-27 12,000.00 EUR") == "2026-11-27 12,000.00 EUR"


def test_fit_keeps_everything_that_fits() -> None:
    sections = ["## a\n" + "x" * 10, "## b\n" + "y" * 10]
    assert fit("pre", sections) == "\n".join(["pre", *sections])


def test_fit_drops_whole_sections_from_the_end_with_a_note() -> None:
    sections = [f"## s{i}\n" + "x" * 20_000 for i in range(5)]
    out = fit("pre", sections)
    assert len(out) <= LIMIT
    assert out.count("## s") == 3
    assert "## s2" in out and "## s3" not in out
    assert "2 section(s) left out" in out


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1+2", "'+1+2"),
        ("@cmd", "'@cmd"),
        ("-1280", "-1280"),  # a number stays a number
        ("-12.50", "-12.50"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_csv_safe_cell(cell: str, expected: str) -> None:
    assert safe_cell(cell) == expected


def test_nice_ticks() -> None:
    assert nice_ticks(68070) == [0, 20000, 40000, 60000, 80000]
    assert nice_ticks(6) == [0, 2, 4, 6]
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert short(68070) == "68.1k" and short(2_500_000) == "2.5M" and short(12) == "12"


def test_text_tables_show_at_most_max_rows() -> None:
    from datetime import date
    from typing import Any, ClassVar

    from cmdbgit.model.config import ReportSettings
    from cmdbgit.reports.bundle import ReportBundle
    from cmdbgit.reports.formats.base import FormatOptions
    from cmdbgit.reports.formats.text_format import MAX_ROWS, render
    from cmdbgit.reports.model import CsvTable, Report, Table, cols

    class Many(Report):
        name: ClassVar[str] = "many"
        title: ClassVar[str] = "Many rows"

        def payload(self) -> dict[str, Any]:
            return {}

        def summary(self) -> list[tuple[str, str]]:
            return [("Rows", "205")]

        def tables(self) -> list[Table]:
            rows = [(f"id-{i:03d}", str(i)) for i in range(MAX_ROWS + 5)]
            return [Table("All", cols("Id", "N", numeric=("N",)), rows)]

        def csv(self) -> CsvTable:
            return CsvTable(("id",), [])

    bundle = ReportBundle("many", date(2026, 11, 27), "WORKTREE", ReportSettings(), [Many()])
    text = render(bundle, FormatOptions())
    assert f"id-{MAX_ROWS - 1:03d}" in text and f"id-{MAX_ROWS:03d}" not in text
    assert "… 5 more rows (use --format csv, json or html for all)" in text
    assert "\x1b[" not in text
