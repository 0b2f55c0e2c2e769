"""``report lifecycle``: hardware past EOL or refresh age, software past or near EOL grouped
by product and matched version line, and the replacement forecast per quarter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo
from tests.integration.report_org import (
    doc,
    money,
    report_csv,
    report_json,
    team,
    valid,
    write_docs,
)


def hw(
    ident: str,
    *,
    bought: str | None = None,
    cost: str = "1000.00",
    status: str = "deployed",
    **lifecycle: Any,
) -> dict[str, Any]:
    spec: dict[str, Any] = {"serial": ident.upper(), "lifecycle": {"status": status, **lifecycle}}
    if bought:
        spec["purchase"] = {"date": bought, "cost": money(cost, "USD")}
    return doc("HardwareAsset", ident, spec)


def os_server(ident: str, version: str) -> dict[str, Any]:
    return doc(
        "Server",
        ident,
        {"hostname": ident, "os": {"product": "prod-os", "version": version}},
        relations=(("uses_license", "lic-x"),),
    )


@pytest.fixture
def lifecycle_repo(scaffold_repo: GitRepo) -> Path:
    docs = [
        team(),
        doc(
            "SoftwareLicense", "lic-x", {"product": "prod-os", "metric": "device", "quantity": 100}
        ),
        doc(
            "SoftwareProduct",
            "prod-os",
            {
                "versions": [
                    {"version": "20.04", "eol": "2025-05-31"},
                    {"version": "22.04", "eol": "2027-02-25"},  # day 90: within (inclusive)
                    {"version": "22.04.5", "eol": "2029-01-01"},
                    {"version": "24.04", "eol": "2029-05-31"},
                ]
            },
        ),
        doc(
            "SoftwareProduct",
            "prod-rt",
            {"versions": [{"version": "1.1", "eol": "2020-01-01"}, {"version": "1.10"}]},
        ),
        doc("SoftwareProduct", "prod-db", {"versions": [{"version": "14", "eol": "2026-11-12"}]}),
        os_server("srv-1", "20.04.6"),
        os_server("srv-2", "22.04.3"),
        os_server("srv-3", "22.04.5"),
        os_server("srv-4", "22.04"),
        os_server("srv-5", "18.04"),
        doc(
            "Application",
            "app-1",
            {"software": [{"product": "prod-rt", "version": "1.10.2"}]},
            relations=(("runs_on", "srv-3"),),
        ),
        doc(
            "Database",
            "db-1",
            {"engine": {"product": "prod-db", "version": "14.13"}},
            relations=(("runs_on", "srv-3"),),
        ),
        # Hardware (refresh default 48 months).
        doc(
            "HardwareAsset",
            "hw-eol-past",
            {
                "serial": "A1",
                "lifecycle": {"status": "deployed", "eol": "2026-11-26"},
                "replacement_cost": money("2000.00"),
                "purchase": {"date": "2025-01-01", "cost": money("999.00")},
            },
        ),
        hw("hw-eol-today", eol="2026-11-27"),
        hw("hw-old", bought="2022-11-26"),
        hw("hw-exact", bought="2022-11-27"),
        hw("hw-own-refresh", bought="2024-01-31", refresh_months=13),
        hw("hw-q1", bought="2023-03-31"),  # due 2027-03-31: last day of 2027-Q1
        hw("hw-q2", bought="2023-04-01", cost="500.00"),  # due 2027-04-01: first day of Q2
        hw("hw-far", bought="2026-01-01"),  # due 2030: beyond the 8 quarters
        hw("hw-retired", bought="2010-01-01", status="retired"),
        hw("hw-undated"),
    ]
    write_docs(scaffold_repo, docs)
    scaffold_repo.commit("lifecycle")
    valid(scaffold_repo.path)
    return scaffold_repo.path


def test_hardware(lifecycle_repo: Path) -> None:
    rows = [
        (r["id"], r["reasons"], r["age_months"], r["refresh_months"])
        for r in report_json(lifecycle_repo, "lifecycle")["hardware"]
    ]
    assert rows == [
        ("hw-eol-past", ["past EOL"], 22, 48),
        ("hw-old", ["older than 48 months"], 48, 48),
        ("hw-own-refresh", ["older than 13 months"], 33, 13),
    ]


def test_software_grouped_by_product_and_version_line(lifecycle_repo: Path) -> None:
    data = report_json(lifecycle_repo, "lifecycle")
    groups = [
        (
            g["product"],
            g["version"],
            g["status"],
            g["days_left"],
            [(c["id"], c["version"], c["path"]) for c in g["cis"]],
        )
        for g in data["software"]
    ]
    assert groups == [
        ("prod-os", "20.04", "past-eol", -545, [("srv-1", "20.04.6", "spec.os")]),
        ("prod-db", "14", "past-eol", -15, [("db-1", "14.13", "spec.engine")]),
        (
            "prod-os",
            "22.04",
            "eol-soon",
            90,
            [("srv-2", "22.04.3", "spec.os"), ("srv-4", "22.04", "spec.os")],
        ),
    ]
    # 1.10.2 matches 1.10 (no EOL), never 1.1; 18.04 is not listed at all.
    assert any("srv-5 (prod-os 18.04)" in n for n in data["notes"])
    assert not any("app-1" in n for n in data["notes"])


def test_forecast(lifecycle_repo: Path) -> None:
    forecast = report_json(lifecycle_repo, "lifecycle")["forecast"]
    overdue = forecast["overdue"]
    assert (overdue["assets"], overdue["cost"]) == (
        ["hw-eol-past", "hw-old", "hw-own-refresh"],
        [{"amount": "2000.00", "currency": "EUR"}, {"amount": "2000.00", "currency": "USD"}],
    )
    quarters = {q["quarter"]: (q["count"], q["cost"], q["assets"]) for q in forecast["quarters"]}
    assert list(quarters) == [
        "2026-Q4",
        "2027-Q1",
        "2027-Q2",
        "2027-Q3",
        "2027-Q4",
        "2028-Q1",
        "2028-Q2",
        "2028-Q3",
    ]
    usd = lambda a: [{"amount": a, "currency": "USD"}]  # noqa: E731
    # hw-eol-today has no cost at all: counted, and said to be without cost.
    assert quarters["2026-Q4"] == (2, usd("1000.00"), ["hw-eol-today", "hw-exact"])
    assert forecast["quarters"][0]["without_cost"] == 1
    assert quarters["2027-Q1"] == (1, usd("1000.00"), ["hw-q1"])
    assert quarters["2027-Q2"] == (1, usd("500.00"), ["hw-q2"])
    assert all(quarters[q][0] == 0 for q in list(quarters)[3:])
    assert forecast["quarters"][0]["start"] == "2026-11-27"
    notes = report_json(lifecycle_repo, "lifecycle")["notes"]
    assert any(n.startswith("1 hardware asset(s) have neither") for n in notes)


def test_eol_days_flag(lifecycle_repo: Path) -> None:
    data = report_json(lifecycle_repo, "lifecycle", "--days", "89")
    assert [g["version"] for g in data["software"]] == ["20.04", "14"]


def test_csv_sections(lifecycle_repo: Path) -> None:
    rows = report_csv(lifecycle_repo, "lifecycle")
    sections = [r["section"] for r in rows]
    assert sections.count("hardware") == 3
    assert sections.count("software") == 4
    overdue = [r for r in rows if r["section"] == "forecast" and r["id"] == "overdue"]
    assert [(r["amount"], r["currency"]) for r in overdue] == [
        ("2000.00", "EUR"),
        ("2000.00", "USD"),
    ]
