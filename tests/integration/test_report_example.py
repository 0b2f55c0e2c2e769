"""Every report on the project's example organisation (``inventory/``) as of 2026-11-27:
each shows at least one finding, the known facts of the example appear, and every format
renders. The example is copied into a fresh repository committed on a pinned date so
freshness does not depend on the state of the checkout."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cmdbgit.reports import REPORTS
from tests.conftest import run_cli
from tests.integration.report_org import build_example


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    return build_example(tmp_path_factory.mktemp("example"))


def test_the_example_inventory_is_valid(example: tuple[Path, dict[str, Any]]) -> None:
    _repo, data = example
    assert data["skipped_documents"] == 0, data["notes"]


def test_licenses_over_deployed(example: tuple[Path, dict[str, Any]]) -> None:
    rows = example[1]["reports"]["licenses"]["licenses"]
    positions = {r["position"] for r in rows}
    assert "over-deployed" in positions
    over = [r for r in rows if r["position"] == "over-deployed"]
    assert all(r["true_up"] is None or Decimal(r["true_up"]["amount"]) > 0 for r in over)


def test_warranty_expired(example: tuple[Path, dict[str, Any]]) -> None:
    assets = example[1]["reports"]["warranty"]["assets"]
    assert any(a["status"] == "expired" for a in assets)


def test_lifecycle_eol_software_and_old_hardware(example: tuple[Path, dict[str, Any]]) -> None:
    life = example[1]["reports"]["lifecycle"]
    assert any(g["status"] == "past-eol" for g in life["software"])
    assert life["hardware"]
    assert len(life["forecast"]["quarters"]) == 8
    assert sum(q["count"] for q in life["forecast"]["quarters"]) > 0


def test_depreciation_adds_up(example: tuple[Path, dict[str, Any]]) -> None:
    dep = example[1]["reports"]["depreciation"]
    assert dep["assets"]
    assert dep["summary"]["fully_depreciated"] >= 1
    for row in dep["assets"]:
        cost, acc, book = (Decimal(row[k]["amount"]) for k in ("cost", "accumulated", "book_value"))
        assert abs(cost - acc - book) <= Decimal("0.01")
        assert book >= Decimal(row["salvage"]["amount"]) - Decimal("0.01")


def test_health_has_failing_items(example: tuple[Path, dict[str, Any]]) -> None:
    health = example[1]["reports"]["health"]
    assert sum(len(d["failing"]) for d in health["dimensions"].values()) >= 1
    assert health["summary"]["overall"] is not None


def test_offboarded_person_with_laptop(example: tuple[Path, dict[str, Any]]) -> None:
    people = example[1]["reports"]["offboarding"]["people"]
    assert any(
        p["status"] == "offboarded" and any(h["category"] == "hardware" for h in p["held"])
        for p in people
    )


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_has_a_finding_in_csv(example: tuple[Path, dict[str, Any]], name: str) -> None:
    result = run_cli("report", name, "--format", "csv", repo=example[0])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows, f"the example inventory shows no {name} finding"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_renders(example: tuple[Path, dict[str, Any]], fmt: str) -> None:
    result = run_cli("report", "all", "--format", fmt, repo=example[0])
    assert result.exit_code == 0
    assert "Licence position" in result.stdout
    if fmt == "markdown":
        assert len(result.stdout) <= 65_000
