"""Every format of every report through the real CLI: JSON round-trips with money as cent
strings, CSV parses back (one file per report with ``all``), markdown and html escape
untrusted text, text honours --no-color, --output writes files, --ref reads any commit."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from cmdbgit.reports import REPORTS
from tests.conftest import GitRepo, run_cli
from tests.integration.report_org import doc, money, person, report, report_json, team, write_docs

EVIL = '=HYPERLINK("http://x")|<script>alert(1)</script> *bold* [x](y)'


@pytest.fixture
def small_repo(scaffold_repo: GitRepo) -> Path:
    docs = [
        team(members=["person-leo"]),
        person("person-leo", "leaving"),
        doc(
            "SoftwareProduct",
            "prod-x",
            {"versions": [{"version": "1", "eol": "2026-01-01"}]},
            name=EVIL,
        ),
        doc(
            "SoftwareLicense",
            "lic-1",
            {
                "product": "prod-x",
                "metric": "user",
                "quantity": 1,
                "cost": {**money("12.50"), "period": "monthly"},
            },
        ),
        doc(
            "HardwareAsset",
            "hw-1",
            {
                "serial": "S1",
                "assigned_to": "person-leo",
                "purchase": {"date": "2024-01-01", "cost": money("12000")},
                "depreciation": {"method": "declining_balance", "life_months": 48},
                "warranty": {"end": "2026-01-01"},
                "lifecycle": {"status": "deployed"},
            },
            name=EVIL,
        ),
        doc(
            "Server",
            "srv-1",
            {"hostname": "srv-1", "os": {"product": "prod-x", "version": "1.2"}},
            relations=(("uses_license", "lic-1"),),
        ),
    ]
    write_docs(scaffold_repo, docs)
    scaffold_repo.commit("first")
    return scaffold_repo.path


def test_json_round_trips_and_money_is_cent_strings(small_repo: Path) -> None:
    result = report(small_repo, "all", fmt="json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert json.loads(json.dumps(data)) == data
    assert list(data["reports"]) == list(REPORTS)
    assert (data["report"], data["as_of"], data["source"]) == ("all", "2026-11-27", "WORKTREE")
    asset = data["reports"]["depreciation"]["assets"][0]
    assert asset["book_value"] == {"amount": "2520.56", "currency": "EUR"}

    def amounts(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [node["amount"]] if set(node) == {"amount", "currency"} else []
            return found + [a for v in node.values() for a in amounts(v)]
        if isinstance(node, list):
            return [a for v in node for a in amounts(v)]
        return []

    found = amounts(data)
    assert len(found) > 10
    assert all(isinstance(a, str) and re.fullmatch(r"-?\d+\.\d\d", a) for a in found)
    # Stable: the same inventory and date give the same bytes.
    assert report(small_repo, "all", fmt="json").stdout == result.stdout


@pytest.mark.parametrize("name", list(REPORTS))
def test_single_report_json_has_header(small_repo: Path, name: str) -> None:
    data = report_json(small_repo, name)
    assert (data["report"], data["as_of"], data["skipped_documents"]) == (name, "2026-11-27", 0)
    assert isinstance(data["notes"], list) and data["title"]


@pytest.mark.parametrize("name", list(REPORTS))
def test_csv_parses_back(small_repo: Path, name: str) -> None:
    text = report(small_repo, name, fmt="csv").stdout
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) >= 2, f"{name}: the purpose-built inventory has a finding in every report"
    assert len({len(r) for r in rows}) == 1  # rectangular


def test_csv_file_is_rfc4180(small_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "lic.csv"
    assert (
        run_cli(
            "report", "licenses", "--format", "csv", "-o", str(target), repo=small_repo
        ).exit_code
        == 0
    )
    raw = target.read_bytes()
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == 2


def test_csv_neutralises_formulas(small_repo: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(report(small_repo, "warranty", fmt="csv").stdout)))
    assert rows[0]["name"] == "'" + EVIL


def test_all_csv_writes_one_file_per_report(small_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = run_cli("report", "all", "--format", "csv", "--output", str(out), repo=small_repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.csv" for n in REPORTS)
    for name in REPORTS:
        single = report(small_repo, name, fmt="csv").stdout
        written = (out / f"{name}.csv").read_bytes().decode()
        assert written.replace("\r\n", "\n") == single


def test_output_file_matches_stdout(small_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "deep" / "licences.md"
    result = run_cli(
        "report", "licenses", "--format", "markdown", "-o", str(target), repo=small_repo
    )
    assert result.exit_code == 0
    assert target.read_text() == report(small_repo, "licenses", fmt="markdown").stdout
    assert not list(target.parent.glob(".*.tmp"))


def test_markdown_escapes_untrusted_text(small_repo: Path) -> None:
    text = report(small_repo, "all", fmt="markdown").stdout
    assert "<script>" not in text
    assert r"\<script\>" in text
    assert r"\*bold\*" in text and r"\[x\]" in text
    table_rows = [line for line in text.splitlines() if line.startswith("| hw-1 ")]
    assert table_rows
    header = next(line for line in text.splitlines() if line.startswith("| Asset | Name"))
    # The | inside the name is escaped, so the row has as many cells as its header.
    cells = re.split(r"(?<!\\)\|", table_rows[0])
    assert len(cells) == len(header.split("|"))


def test_html_is_self_contained_and_escaped(small_repo: Path) -> None:
    html = report(small_repo, "all", fmt="html").stdout
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # No reference to anything outside the file (the SVG namespace URI is not a fetch).
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", html)
    assert "@import" not in html and "url(" not in html
    assert html.count("<svg") >= 4
    assert "@media print" in html


def test_text_no_color_and_color(small_repo: Path) -> None:
    plain = report(small_repo, "all", "--no-color").stdout
    assert "\x1b[" not in plain
    for title in (
        "Licence position",
        "Warranty",
        "Lifecycle and end of life",
        "Depreciation and book value",
        "CMDB health",
        "Offboarding",
    ):
        assert title in plain
    assert "2,520.56 EUR" in plain


def test_ref_reads_an_older_commit(scaffold_repo: GitRepo, small_repo: Path) -> None:
    first = scaffold_repo.git("rev-parse", "HEAD")
    text = (
        (small_repo / "inventory/all.yaml").read_text().replace('"quantity": 1,', '"quantity": 9,')
    )
    (small_repo / "inventory/all.yaml").write_text(text)
    scaffold_repo.commit("more seats")
    now = report_json(small_repo, "licenses")["licenses"][0]
    then = report_json(small_repo, "licenses", "--ref", "HEAD~1")
    assert (now["quantity"], then["licenses"][0]["quantity"]) == (9, 1)
    assert then["source"] == first


def test_invalid_documents_are_skipped_and_counted(small_repo: Path) -> None:
    broken = doc("HardwareAsset", "hw-bad", {"serial": "B", "purchase": {"date": "someday"}})
    (small_repo / "inventory/bad.yaml").write_text(json.dumps(broken) + "\n")
    (small_repo / "inventory/garbage.yaml").write_text("key: [unclosed\n")
    result = report(small_repo, "depreciation", fmt="json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["skipped_documents"] == 1
    assert data["notes"][0].startswith("1 document(s) with errors were left out")
    assert [a["id"] for a in data["assets"]] == ["hw-1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "nope"], "Invalid value for 'NAME'"),
        (["report", "licenses", "--ref", "no-such-ref"], "unknown Git ref"),
        (["report", "depreciation", "--days", "3"], "--days does not apply"),
        (["report", "all", "--days", "3"], "--days does not apply"),
        (["report", "all", "--format", "csv"], "give --output DIR"),
        (["report", "licenses", "--threshold", "150%"], "not between 0 and 1"),
        (["report", "licenses", "--format", "pdf"], "Invalid value for '--format'"),
    ],
)
def test_usage_errors_exit_2(small_repo: Path, args: list[str], message: str) -> None:
    result = run_cli(*args, repo=small_repo)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_output_directory_for_a_single_report_is_refused(small_repo: Path, tmp_path: Path) -> None:
    result = run_cli("report", "licenses", "--output", str(tmp_path), repo=small_repo)
    assert result.exit_code == 2
    assert "is a directory" in result.output


def test_not_a_repository_still_reports(tmp_path: Path) -> None:
    """Reports read the working tree; without Git only freshness loses its commit dates."""
    (tmp_path / "inventory").mkdir()
    (tmp_path / "inventory/a.yaml").write_text(json.dumps(team()) + "\n")
    data = report_json(tmp_path, "health")
    assert data["source"] == "WORKTREE"


def test_unreadable_config_exits_2(small_repo: Path) -> None:
    (small_repo / "cmdbgit.yaml").write_text("reports: {warranty_days: -1}\n")
    result = report(small_repo, "warranty")
    assert result.exit_code == 2
    assert "cmdbgit.yaml" in result.output
