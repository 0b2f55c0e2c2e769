"""``report warranty``: deployed hardware out of warranty or within N days (inclusive), with
the covering contract found by ``warranty.contract`` or by a Contract's ``covers``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo
from tests.integration.report_org import (
    doc,
    person,
    report_csv,
    report_json,
    team,
    valid,
    vendor,
    write_docs,
)


def hw(ident: str, status: str = "deployed", **spec: Any) -> dict[str, Any]:
    return doc(
        "HardwareAsset",
        ident,
        {"serial": ident.upper(), "vendor": "vendor-dell", "lifecycle": {"status": status}, **spec},
    )


def contract(ident: str, end: str, covers: list[str]) -> dict[str, Any]:
    return doc(
        "Contract",
        ident,
        {
            "vendor": "vendor-dell",
            "type": "warranty",
            "start": "2023-01-01",
            "end": end,
            "covers": covers,
        },
    )


@pytest.fixture
def warranty_repo(scaffold_repo: GitRepo) -> Path:
    docs = [
        team(),
        vendor("vendor-dell"),
        person("person-ann"),
        person("person-bob"),
        contract("ctr-named", "2026-11-26", []),
        contract("ctr-old", "2025-01-01", ["hw-day90"]),
        contract("ctr-new", "2027-02-25", ["hw-day90"]),
        contract("ctr-only", "2026-12-01", ["hw-contract-only"]),
        hw(
            "hw-expired",
            warranty={"end": "2026-11-26", "contract": "ctr-named"},
            assigned_to="person-ann",
        ),
        hw("hw-day90", warranty={"end": "2027-02-25"}),
        hw("hw-day91", warranty={"end": "2027-02-26"}),
        hw("hw-stock", "in_stock", warranty={"end": "2020-01-01"}),
        hw("hw-none"),
        hw("hw-contract-only"),
        # A laptop: the person is on its Endpoint, not on the asset.
        doc(
            "Endpoint",
            "ep-day90",
            {"hostname": "lt-1", "asset": "hw-day90", "assigned_to": "person-bob"},
        ),
    ]
    write_docs(scaffold_repo, docs)
    scaffold_repo.commit("warranty")
    valid(scaffold_repo.path)
    return scaffold_repo.path


def test_rows(warranty_repo: Path) -> None:
    data = report_json(warranty_repo, "warranty")
    rows = [
        (
            r["id"],
            r["status"],
            r["warranty_end"],
            r["days_left"],
            r["assigned_to"],
            r["contract"],
            r["contract_end"],
            r["vendor"],
        )
        for r in data["assets"]
    ]
    assert rows == [
        (
            "hw-expired",
            "expired",
            "2026-11-26",
            -1,
            "person-ann",
            "ctr-named",
            "2026-11-26",
            "vendor-dell",
        ),
        (
            "hw-contract-only",
            "expiring",
            "2026-12-01",
            4,
            None,
            "ctr-only",
            "2026-12-01",
            "vendor-dell",
        ),
        (
            "hw-day90",
            "expiring",
            "2027-02-25",
            90,
            "person-bob",
            "ctr-new",
            "2027-02-25",
            "vendor-dell",
        ),
        ("hw-none", "unknown", None, None, None, None, None, "vendor-dell"),
    ]
    assert data["summary"] == {"expired": 1, "expiring": 2, "unknown": 1}
    assert data["settings"] == {"warranty_days": 90}


def test_days_flag_and_config(warranty_repo: Path) -> None:
    ids = [r["id"] for r in report_json(warranty_repo, "warranty", "--days", "91")["assets"]]
    assert "hw-day91" in ids
    (warranty_repo / "cmdbgit.yaml").write_text("reports: {warranty_days: 3}\n")
    ids = [r["id"] for r in report_json(warranty_repo, "warranty")["assets"]]
    assert ids == ["hw-expired", "hw-none"]


def test_csv(warranty_repo: Path) -> None:
    rows = report_csv(warranty_repo, "warranty")
    assert [r["id"] for r in rows] == ["hw-expired", "hw-contract-only", "hw-day90", "hw-none"]
    assert rows[0]["days_left"] == "-1"
    assert rows[3]["warranty_end"] == ""
