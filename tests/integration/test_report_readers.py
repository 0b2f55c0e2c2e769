"""Reports a finance reader reads without asking: every amount carries its period, nothing
reads as a computed zero, the charts agree with the tables, counts are whole, dates stay on
one line, and empty states say what they mean. On the project's example organisation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cmdbgit.reports.formats.svg import nice_ticks
from tests.conftest import run_cli
from tests.integration.report_org import build_example


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    return build_example(tmp_path_factory.mktemp("readers"))


def _text(repo: Path, name: str, fmt: str = "text") -> str:
    result = run_cli("report", name, "--format", fmt, repo=repo)
    assert result.exit_code == 0, result.output
    return result.stdout


def _row(text: str, ident: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(ident))


def test_licence_true_up_and_savings_carry_their_period(
    example: tuple[Path, dict[str, Any]],
) -> None:
    text = _text(example[0], "licenses")
    assert "101.10 EUR/month" in _row(text, "lic-m365-e3")
    assert "1,299.00 EUR/year" in _row(text, "lic-rhel-server")
    assert "1,558.00 EUR/year" in _row(text, "lic-jetbrains-all-products")
    markdown = _text(example[0], "licenses", "markdown")
    assert "101.10 EUR/month" in markdown and "1,299.00 EUR/year" in markdown


def test_vendor_totals_show_a_dash_where_nothing_applies(
    example: tuple[Path, dict[str, Any]],
) -> None:
    text = _text(example[0], "licenses")
    totals = text[text.index("Totals per vendor") :]
    veeam = _row(totals, "Veeam Software").split()
    assert veeam[-2:] == ["—", "—"]
    assert "0.00" not in totals
    redhat = _row(totals, "Red Hat")
    assert redhat.split()[-3:] == ["—", "1,299.00", "EUR"]


def test_replacement_charts_include_the_overdue_bucket(
    example: tuple[Path, dict[str, Any]],
) -> None:
    html = _text(example[0], "lifecycle", "html")
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    count = next(c for c in charts if "Replacements due per quarter (count)" in c)
    cost = next(c for c in charts if "Replacement cost per quarter (EUR)" in c)
    assert "overdue: 3 assets" in count
    assert "overdue: 14,790 EUR — 3 assets" in cost
    overdue = example[1]["reports"]["lifecycle"]["forecast"]["overdue"]
    assert overdue["count"] == 3  # the chart and the table tell the same story


def test_count_charts_have_whole_number_ticks(example: tuple[Path, dict[str, Any]]) -> None:
    html = _text(example[0], "lifecycle", "html")
    count = next(c for c in re.findall(r"<svg.*?</svg>", html, re.S) if "(count)" in c)
    ticks = re.findall(r'text-anchor="end"[^>]*>([^<]*)</text>', count)
    assert ticks and all(t.isdigit() for t in ticks), ticks
    assert nice_ticks(2, whole=True) == [0, 1, 2]
    assert nice_ticks(2) == [0.0, 0.5, 1.0, 1.5, 2.0]  # money keeps its fractions


def test_dates_do_not_wrap_in_html_tables(example: tuple[Path, dict[str, Any]]) -> None:
    html = _text(example[0], "warranty", "html")
    assert ".date { white-space: nowrap; }" in html
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    dated = [c for c in cells if re.search(r"\d{4}-\d{2}-\d{2}", c)]
    assert dated
    for cell in dated:
        bare = re.sub(r'<span class="date">\d{4}-\d{2}-\d{2}</span>', "", cell)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", bare), cell


def test_empty_states_read_right(example: tuple[Path, dict[str, Any]]) -> None:
    text = _text(example[0], "licenses")
    assert "Consumers to check\n  No consumer to check: every consumer counts" in text
    assert "Consumers to check: Every" not in text
    markdown = _text(example[0], "licenses", "markdown")
    assert "_No consumer to check: every consumer counts" in markdown
