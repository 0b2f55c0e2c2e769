"""Hardware models: an asset without an end of life of its own reaches it when its model's
vendor support ends — in the lifecycle report and in the ``lifecycle-supported`` rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, GitRepo, run_json
from tests.integration.report_org import doc, money, report_json, team, valid, write_docs

POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: hw-supported, owner: team-a}
spec:
  description: Hardware is supported by its vendor for 60 more days
  severity: error
  match: {kinds: [HardwareAsset, Server]}
  rule: lifecycle-supported
  params: {hardware: true, min_days_left: 60}
---
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: software-only, owner: team-a}
spec:
  description: Without hardware, the rule judges software only
  severity: error
  match: {kinds: [HardwareAsset, Server]}
  rule: lifecycle-supported
"""


def model(ident: str, end_of_support: str) -> dict[str, object]:
    spec = {"vendor": "vendor-x", "model": ident.upper(), "end_of_support": end_of_support}
    return doc("HardwareModel", ident, spec)


@pytest.fixture
def models_repo(scaffold_repo: GitRepo) -> Path:
    def hw(ident: str, bought: str, hwm: str, **lifecycle: str) -> dict[str, object]:
        spec = {
            "serial": ident.upper(),
            "hardware_model": hwm,
            "purchase": {"date": bought, "cost": money("1000.00")},
            "lifecycle": {"status": "deployed", **lifecycle},
        }
        return doc("HardwareAsset", ident, spec)

    docs = [
        team(),
        doc("Vendor", "vendor-x", {}),
        model("hwm-gone", "2026-06-30"),  # past on 2026-11-27
        model("hwm-soon", "2027-01-15"),  # 49 days left
        model("hwm-far", "2032-12-31"),
        # No EOL of its own: the model's (past) end of support is its end of life.
        hw("hw-from-model", "2025-01-10", "hwm-gone"),
        # Its own EOL wins over the model's, even when the model's is already past.
        hw("hw-own-eol", "2025-01-10", "hwm-gone", eol="2030-01-31"),
        # Refresh due 2029-01, support ends 2027-01-15: replaced when support ends.
        hw("hw-support-first", "2025-01-10", "hwm-soon"),
        # Refresh due 2029-01, support to 2032: replaced at its refresh age.
        hw("hw-refresh-first", "2025-01-10", "hwm-far"),
        doc("Server", "srv-old-box", {"hostname": "old", "hardware_model": "hwm-gone"}),
    ]
    write_docs(scaffold_repo, docs)
    scaffold_repo.commit("models")
    valid(scaffold_repo.path)
    return scaffold_repo.path


def test_lifecycle_report_takes_the_model_end_of_support(models_repo: Path) -> None:
    data = report_json(models_repo, "lifecycle")
    rows = [(r["id"], r["eol"], r["eol_from"], r["reasons"]) for r in data["hardware"]]
    assert rows == [
        ("hw-from-model", "2026-06-30", "hwm-gone", ["past end of support of hwm-gone"]),
    ]
    quarters = {q["quarter"]: q["assets"] for q in data["forecast"]["quarters"]}
    assert data["forecast"]["overdue"]["assets"] == ["hw-from-model"]
    assert quarters["2027-Q1"] == ["hw-support-first"]
    assert "hw-refresh-first" not in str(quarters) and "hw-own-eol" not in str(quarters)


def test_lifecycle_supported_judges_hardware_when_asked(models_repo: Path) -> None:
    models_repo.joinpath("policies").mkdir()
    models_repo.joinpath("policies/hardware.yaml").write_text(POLICY, encoding="utf-8")
    code, report = run_json("validate", repo=models_repo)
    found = sorted((p["rule"], p["id"], p["path"], p["message"]) for p in report["problems"])
    assert found == [
        (
            "policy/hw-supported",
            "hw-from-model",
            "spec.hardware_model",
            "past its hardware model hwm-gone's end of support on 2026-06-30",
        ),
        (
            "policy/hw-supported",
            "hw-support-first",
            "spec.hardware_model",
            "its hardware model hwm-soon's end of support is 2027-01-15, in 49 days "
            "(at least 60 required)",
        ),
        (
            "policy/hw-supported",
            "srv-old-box",
            "spec.hardware_model",
            "past its hardware model hwm-gone's end of support on 2026-06-30",
        ),
    ]
    assert code == 1
    related = next(p for p in report["problems"] if p["id"] == "srv-old-box")["related"]
    assert [r["id"] for r in related] == ["hwm-gone"]


def test_the_example_shows_an_asset_whose_end_of_life_comes_from_its_model() -> None:
    code, data = run_json("report", "lifecycle", repo=ROOT)
    assert code == 0
    rows = {r["id"]: r for r in data["hardware"]}
    edi = rows["hw-srv-edi-01"]
    assert (edi["eol"], edi["eol_from"]) == ("2025-07-31", "hwm-hpe-dl360-gen9")
    assert edi["reasons"][0] == "past end of support of hwm-hpe-dl360-gen9"
    # An asset with its own lifecycle.eol keeps it, and says so.
    assert rows["hw-net-sw-hh-01"]["eol_from"] is None
