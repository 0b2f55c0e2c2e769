"""``report offboarding``: what people who are leaving or offboarded still hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import GitRepo
from tests.integration.report_org import (
    doc,
    person,
    report,
    report_csv,
    report_json,
    team,
    valid,
    write_docs,
)


@pytest.fixture
def offboarding_repo(scaffold_repo: GitRepo) -> Path:
    docs = [
        team("team-a", ["person-ann", "person-leo"]),
        team("team-b", ["person-leo"]),
        doc("SoftwareProduct", "prod-x", {"versions": [{"version": "1"}]}, name="Product X"),
        doc("SoftwareLicense", "lic-1", {"product": "prod-x", "metric": "user", "quantity": 5}),
        person("person-ann", relations=(("uses_license", "lic-1"),)),
        person("person-leo", "leaving", relations=(("uses_license", "lic-1"),)),
        person("person-olga", "offboarded"),
        doc(
            "HardwareAsset",
            "hw-laptop",
            {
                "serial": "L1",
                "asset_tag": "NW-1",
                "assigned_to": "person-leo",
                "lifecycle": {"status": "deployed"},
            },
        ),
        doc(
            "Endpoint",
            "ep-laptop",
            {"hostname": "lt-1", "asset": "hw-laptop", "assigned_to": "person-leo"},
            relations=(("uses_license", "lic-1"),),
        ),
        doc(
            "Endpoint",
            "ep-phone",
            {"hostname": "ph-1", "assigned_to": "person-leo"},
            relations=(("uses_license", "lic-1"),),
        ),
        doc(
            "HardwareAsset",
            "hw-old",
            {"serial": "L0", "assigned_to": "person-leo", "lifecycle": {"status": "disposed"}},
        ),
        doc("HardwareAsset", "hw-ann", {"serial": "L2", "assigned_to": "person-ann"}),
    ]
    write_docs(scaffold_repo, docs)
    scaffold_repo.commit()
    valid(scaffold_repo.path)
    return scaffold_repo.path


def test_rows(offboarding_repo: Path) -> None:
    data = report_json(offboarding_repo, "offboarding")
    people = {
        p["id"]: (
            p["status"],
            [(h["category"], h["id"], h["kind"], h["detail"]) for h in p["held"]],
        )
        for p in data["people"]
    }
    assert people == {
        "person-leo": (
            "leaving",
            [
                (
                    "hardware",
                    "hw-laptop",
                    "HardwareAsset",
                    "tag NW-1, status deployed, Endpoint ep-laptop",
                ),
                ("hardware", "ep-phone", "Endpoint", "no asset recorded"),
                ("licence", "lic-1", "SoftwareLicense", "product Product X"),
                ("team", "team-a", "Team", "member"),
                ("team", "team-b", "Team", "member"),
            ],
        ),
        "person-olga": ("offboarded", []),
    }
    assert [p["id"] for p in data["people"]] == ["person-leo", "person-olga"]
    assert data["summary"] == {
        "people": 2,
        "with_items": 1,
        "hardware": 2,
        "licences": 1,
        "teams": 2,
    }


def test_text_lists_the_clear_and_the_held(offboarding_repo: Path) -> None:
    out = report(offboarding_repo, "offboarding", "--no-color").stdout
    assert "hw-laptop" in out and "ep-phone" in out and "team-b" in out
    assert "Nothing left to reclaim" in out and "person-olga@example.com" in out
    assert "hw-old" not in out and "hw-ann" not in out


def test_csv(offboarding_repo: Path) -> None:
    rows = report_csv(offboarding_repo, "offboarding")
    assert [(r["person"], r["category"], r["id"]) for r in rows] == [
        ("person-leo", "hardware", "hw-laptop"),
        ("person-leo", "hardware", "ep-phone"),
        ("person-leo", "licence", "lic-1"),
        ("person-leo", "team", "team-a"),
        ("person-leo", "team", "team-b"),
    ]
