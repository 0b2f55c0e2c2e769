"""``report health``: the four scores with their failing items, on an inventory whose every
field, duplicate, orphan and date was chosen by hand."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo
from tests.integration.report_org import (
    commit_at,
    doc,
    money,
    person,
    report_csv,
    report_json,
    team,
    write_docs,
)

ORG = [
    team(members=["person-ann"]),  # 2/2
    person("person-ann"),  # 3/3
    doc("Person", "person-bob", {"email": "bob@example.com", "status": "active"}),  # 2/3
    doc("Vendor", "vendor-a", {"website": "https://a.example", "support_email": "s@a.example"}),
]
HARDWARE = [
    doc(
        "HardwareAsset",
        "hw-1",
        {  # 8/8
            "serial": "SN-1",
            "asset_tag": "T1",
            "model": "M",
            "vendor": "vendor-a",
            "purchase": {"date": "2024-01-01", "cost": money("10")},
            "warranty": {"end": "2027-01-01"},
            "lifecycle": {"status": "deployed"},
            "cost_center": "CC",
        },
        last_verified="2026-11-20",
    ),
    doc("HardwareAsset", "hw-2", {"serial": " sn-1"}),  # 1/8, duplicate serial
]
CIS = [
    doc(
        "Server",
        "srv-1",
        {"hostname": "Web.Example.com.", "ip": "10.0.0.1", "cpu_cores": 4, "memory_gb": 8},
        last_verified="2026-05-31",
    ),  # 4/5, 180 days
    doc(
        "Server", "srv-2", {"hostname": "srv-2", "ip": "10.0.0.1"}, last_verified="2026-05-30"
    ),  # 2/5, 181 days, orphan
    doc("Application", "app-1", {"description": "x"}, relations=(("runs_on", "srv-1"),)),  # 1/3
    doc(
        "Endpoint",
        "ep-1",
        {"hostname": "web.example.com", "asset": "hw-1", "assigned_to": "person-ann"},
        relations=(("connected_to", "net-1"),),
    ),  # 3/4
    doc("NetworkDevice", "net-1", {"hostname": "net-1", "ip": "2001:db8::1", "role": "switch"}),
    doc(
        "NetworkDevice", "net-2", {"hostname": "net-2", "ip": "2001:DB8:0:0::1", "role": "switch"}
    ),  # orphan
]
UNCOMMITTED = [doc("Vendor", "vendor-new", {"website": "https://new.example"})]  # 1/2


@pytest.fixture
def health_repo(scaffold_repo: GitRepo) -> Path:
    write_docs(scaffold_repo, ORG, "inventory/org.yaml")
    write_docs(scaffold_repo, HARDWARE, "inventory/hw.yaml")
    write_docs(scaffold_repo, CIS, "inventory/ci.yaml")
    commit_at(scaffold_repo, "2026-01-01T10:00:00+00:00")
    scaffold_repo.write(
        "inventory/org.yaml",
        "# touched\n" + (scaffold_repo.path / "inventory/org.yaml").read_text(),
    )
    commit_at(scaffold_repo, "2026-11-01T10:00:00+00:00")
    write_docs(scaffold_repo, UNCOMMITTED, "inventory/new.yaml")
    return scaffold_repo.path


def _dimension(data: dict[str, Any], name: str) -> dict[str, Any]:
    dim = data["dimensions"][name]
    assert isinstance(dim, dict)
    return dim


def test_completeness(health_repo: Path) -> None:
    dim = _dimension(report_json(health_repo, "health"), "completeness")
    assert (dim["checked"], dim["passed"], dim["score"]) == (55, 35, 63.6)
    assert {i["id"]: i["missing"] for i in dim["failing"]} == {
        "person-bob": ["spec.github"],
        "hw-2": [
            "spec.asset_tag",
            "spec.model",
            "spec.vendor",
            "spec.purchase",
            "spec.warranty",
            "spec.lifecycle",
            "spec.cost_center",
        ],
        "srv-1": ["spec.os"],
        "srv-2": ["spec.os", "spec.cpu_cores", "spec.memory_gb"],
        "app-1": ["spec.software", "spec.repository"],
        "ep-1": ["spec.os"],
        "net-1": ["spec.os", "spec.asset"],
        "net-2": ["spec.os", "spec.asset"],
        "vendor-new": ["spec.support_email"],
    }


def test_correctness(health_repo: Path) -> None:
    dim = _dimension(report_json(health_repo, "health"), "correctness")
    assert (dim["checked"], dim["passed"], dim["score"]) == (8, 1, 12.5)
    issues = {
        i["id"]: [(x["issue"], x.get("value"), x.get("others")) for x in i["issues"]]
        for i in dim["failing"]
    }
    assert issues == {
        "hw-1": [("duplicate-serial", "SN-1", ["hw-2"])],
        "hw-2": [("duplicate-serial", "SN-1", ["hw-1"])],
        "srv-1": [
            ("duplicate-hostname", "web.example.com", ["ep-1"]),
            ("duplicate-ip", "10.0.0.1", ["srv-2"]),
        ],
        "ep-1": [("duplicate-hostname", "web.example.com", ["srv-1"])],
        "srv-2": [("duplicate-ip", "10.0.0.1", ["srv-1"]), ("orphan", None, None)],
        "net-1": [("duplicate-ip", "2001:db8::1", ["net-2"])],
        "net-2": [("duplicate-ip", "2001:db8::1", ["net-1"]), ("orphan", None, None)],
    }


def test_freshness_from_last_verified_and_one_git_log(health_repo: Path) -> None:
    data = report_json(health_repo, "health")
    dim = _dimension(data, "freshness")
    assert (dim["checked"], dim["passed"], dim["score"]) == (12, 6, 50.0)
    assert [(i["id"], i["source"], i["date"], i["age_days"]) for i in dim["failing"]] == [
        ("app-1", "last commit", "2026-01-01", 330),
        ("ep-1", "last commit", "2026-01-01", 330),
        ("hw-2", "last commit", "2026-01-01", 330),
        ("net-1", "last commit", "2026-01-01", 330),
        ("net-2", "last commit", "2026-01-01", 330),
        ("srv-2", "last_verified", "2026-05-30", 181),
    ]
    assert any("1 document(s) have no last_verified and no commit" in n for n in data["notes"])
    assert data["shallow_clone"] is False


def test_days_flag_sets_staleness(health_repo: Path) -> None:
    dim = _dimension(report_json(health_repo, "health", "--days", "330"), "freshness")
    assert (dim["passed"], dim["score"]) == (12, 100.0)


def test_shallow_clone_counts_only_last_verified(health_repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{health_repo}", str(clone)], check=True
    )
    data = report_json(clone, "health")
    dim = _dimension(data, "freshness")
    assert data["shallow_clone"] is True
    assert (dim["checked"], dim["passed"], dim["score"]) == (3, 2, 66.7)
    assert any("shallow clone: only metadata.last_verified counts" in n for n in data["notes"])


def test_compliance_without_policies(health_repo: Path) -> None:
    data = report_json(health_repo, "health")
    dim = _dimension(data, "compliance")
    assert (dim["score"], dim["status"]) == (None, "no policies")
    assert data["summary"]["compliance"] is None
    # The overall score averages the dimensions that have one: (63.6 + 12.5 + 50.0) / 3.
    assert data["summary"]["overall"] == 42.0


def test_compliance_with_policies(health_repo: Path) -> None:
    (health_repo / "policies").mkdir()
    (health_repo / "policies/hw-model.yaml").write_text(
        "apiVersion: cmdbgit/v1\nkind: Policy\nmetadata: {id: hw-model, owner: team-a}\n"
        "spec:\n  description: hardware names its model\n  severity: error\n"
        "  match: {kinds: [HardwareAsset]}\n  rule: required-fields\n"
        "  params: {fields: [spec.model]}\n"
    )
    data = report_json(health_repo, "health")
    dim = _dimension(data, "compliance")
    assert (dim["checked"], dim["passed"], dim["score"]) == (13, 12, 92.3)
    [item] = dim["failing"]
    assert item["id"] == "hw-2"
    assert [p["rule"] for p in item["problems"]] == ["policy/hw-model"]
    # A policy error does not make the document unreadable: it is still reported on.
    assert data["skipped_documents"] == 0
    assert "hw-2" in {i["id"] for i in _dimension(data, "completeness")["failing"]}


def test_csv(health_repo: Path) -> None:
    rows = report_csv(health_repo, "health")
    # truth has a row too: "no imports" here, not counted in the overall score
    dimensions = {"completeness", "compliance", "correctness", "freshness", "truth"}
    assert {r["dimension"] for r in rows} == {"overall", *dimensions}
    failing = [r["id"] for r in rows if r["dimension"] == "correctness" and r["id"]]
    assert failing[:2] == ["ep-1", "net-1"]
    assert {r["score"] for r in rows if r["dimension"] == "freshness"} == {"50.0"}


def test_csv_carries_every_dimension_and_the_overall_score(health_repo: Path) -> None:
    """A dimension with nothing failing, and one with no score, still have their row."""
    rows = report_csv(health_repo, "health")
    summary = {r["dimension"]: r for r in rows if not r["id"]}
    assert set(summary) == {
        "overall",
        "completeness",
        "compliance",
        "correctness",
        "freshness",
        "truth",
    }
    data = report_json(health_repo, "health")
    assert summary["overall"]["score"] == f"{data['summary']['overall']:.1f}"
    for name, dim in data["dimensions"].items():
        row = summary[name]
        assert row["status"] == dim["status"]
        assert (row["passed"], row["checked"], row["unit"]) == (
            str(dim["passed"]),
            str(dim["checked"]),
            dim["unit"],
        )
        assert row["score"] == ("" if dim["score"] is None else f"{dim['score']:.1f}")


def test_completeness_nested_fields_count_only_where_their_parent_exists(
    scaffold_repo: GitRepo,
) -> None:
    """A user kind with recommended fields inside an object and inside list items."""
    scaffold_repo.write(
        "schemas/Widget.schema.json",
        """{
      "type": "object", "additionalProperties": false,
      "properties": {
        "info": {"type": "object", "properties": {"note": {"type": "string", "x-recommended": true}}},
        "parts": {"type": "array", "items": {"type": "object",
                  "properties": {"label": {"type": "string", "x-recommended": true}}}}
      }}""",
    )
    write_docs(
        scaffold_repo,
        [
            team(members=["person-ann"]),
            person("person-ann"),
            doc("Widget", "w-1", {"info": {"note": "x"}, "parts": [{"label": "a"}, {}]}),
            doc("Widget", "w-2", {}),
        ],
    )
    scaffold_repo.commit()
    dim = _dimension(report_json(scaffold_repo.path, "health"), "completeness")
    # team 2 + person 3 + w-1: info.note, parts[0].label, parts[1].label; w-2: nothing.
    assert (dim["checked"], dim["passed"]) == (8, 7)
    assert [(i["id"], i["missing"]) for i in dim["failing"]] == [("w-1", ["spec.parts[1].label"])]
