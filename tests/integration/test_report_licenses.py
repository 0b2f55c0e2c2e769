"""``report licenses`` on a purpose-built inventory: every metric, every position, the
boundaries (a ratio exactly at the threshold, a term ending on day N), totals per vendor,
currency and period, and the flags that override the config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo
from tests.integration.report_org import (
    doc,
    money,
    person,
    report_csv,
    report_json,
    team,
    valid,
    vendor,
    write_docs,
)

USES = "uses_license"


def lic(
    ident: str,
    metric: str,
    quantity: int,
    cost: dict[str, str] | None = None,
    vendor_id: str = "vendor-a",
    **term: str,
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "product": "prod-x",
        "vendor": vendor_id,
        "metric": metric,
        "quantity": quantity,
    }
    if cost is not None:
        spec["cost"] = cost
    if term:
        spec["term"] = term
    return doc("SoftwareLicense", ident, spec)


def server(ident: str, cores: int | None, *licences: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"hostname": f"{ident}.example.com"}
    if cores is not None:
        spec["cpu_cores"] = cores
    return doc("Server", ident, spec, relations=tuple((USES, x) for x in licences))


def endpoint(ident: str, cores: int, *licences: str) -> dict[str, Any]:
    return doc(
        "Endpoint",
        ident,
        {"hostname": ident, "cpu_cores": cores},
        relations=tuple((USES, x) for x in licences),
    )


def user(ident: str, *licences: str) -> dict[str, Any]:
    return person(ident, relations=tuple((USES, x) for x in licences))


@pytest.fixture
def licence_repo(scaffold_repo: GitRepo) -> Path:
    docs = [
        team(),
        vendor("vendor-a"),
        vendor("vendor-b"),
        doc("SoftwareProduct", "prod-x", {"versions": [{"version": "1"}]}),
        # user: 2 people count, the endpoint is a mismatch; 2/3 < 0.70 -> under-used.
        lic("lic-user", "user", 3, {**money("10.00"), "period": "monthly"}),
        # device: an endpoint and a server count, the person is a mismatch -> over-deployed.
        lic("lic-device", "device", 1, {**money("99.50", "USD"), "period": "yearly"}, "vendor-b"),
        # core: 8 + 4 cores; a server without cpu_cores is unknown; 12/16 = 0.75 -> compliant.
        lic("lic-core", "core", 16, {**money("5"), "period": "yearly"}),
        # site: three users are one site.
        lic("lic-site", "site", 1, {**money("4900.00"), "period": "once"}),
        # subscription: 7 of 10 is exactly 0.70 -> not strictly below -> compliant.
        lic("lic-sub", "subscription", 10),
        # term ended yesterday: nothing entitled, the one user is a shortfall.
        lic(
            "lic-expired",
            "user",
            5,
            {**money("20.00"), "period": "yearly"},
            start="2025-11-27",
            end="2026-11-26",
        ),
        # term ends on day 90 (inclusive) and on day 91.
        lic("lic-day90", "user", 1, None, end="2027-02-25"),
        lic("lic-day91", "user", 1, None, end="2027-02-26"),
        user(
            "person-ann", "lic-user", "lic-site", "lic-sub", "lic-expired", "lic-day90", "lic-day91"
        ),
        user("person-bob", "lic-user", "lic-device", "lic-site", "lic-sub"),
        user("person-cy", "lic-site", "lic-sub"),
        endpoint("ep-1", 4, "lic-user", "lic-device", "lic-core", "lic-sub"),
        server("srv-1", 8, "lic-device", "lic-core", "lic-sub"),
        server("srv-2", None, "lic-core", "lic-sub"),
        server("srv-3", 2, "lic-sub"),
    ]
    write_docs(scaffold_repo, docs)
    scaffold_repo.commit("licences")
    valid(scaffold_repo.path)
    return scaffold_repo.path


def _rows(data: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        r["id"]: (
            r["metric"],
            r["entitled"],
            r["consumed"],
            r["position"],
            r["shortfall"],
            r["unused"],
            r["true_up"],
            r["savings"],
            r["term_status"],
        )
        for r in data["licenses"]
    }


def test_positions_per_metric(licence_repo: Path) -> None:
    data = report_json(licence_repo, "licenses")
    eur = lambda a: {"amount": a, "currency": "EUR"}  # noqa: E731
    assert _rows(data) == {
        "lic-expired": ("user", 0, 1, "expired", 1, 0, eur("20.00"), None, "expired"),
        "lic-device": (
            "device",
            1,
            2,
            "over-deployed",
            1,
            0,
            {"amount": "99.50", "currency": "USD"},
            None,
            "open",
        ),
        "lic-user": ("user", 3, 2, "under-used", 0, 1, None, eur("10.00"), "open"),
        "lic-core": ("core", 16, 12, "compliant", 0, 4, None, eur("20.00"), "open"),
        "lic-day90": ("user", 1, 1, "compliant", 0, 0, None, None, "expiring"),
        "lic-day91": ("user", 1, 1, "compliant", 0, 0, None, None, "active"),
        "lic-site": ("site", 1, 1, "compliant", 0, 0, None, None, "open"),
        "lic-sub": ("subscription", 10, 7, "compliant", 0, 3, None, None, "open"),
    }
    # Worst first, then by id.
    assert [r["id"] for r in data["licenses"]] == [
        "lic-expired",
        "lic-device",
        "lic-user",
        "lic-core",
        "lic-day90",
        "lic-day91",
        "lic-site",
        "lic-sub",
    ]
    assert data["summary"] == {
        "licenses": 8,
        "expired": 1,
        "over-deployed": 1,
        "under-used": 1,
        "compliant": 5,
        "expiring": 1,
    }


def test_consumers_unknown_and_mismatched(licence_repo: Path) -> None:
    rows = {r["id"]: r for r in report_json(licence_repo, "licenses")["licenses"]}
    core = rows["lic-core"]
    assert [(c["id"], c["units"]) for c in core["consumers"]] == [("ep-1", 4), ("srv-1", 8)]
    assert [c["id"] for c in core["unknown"]] == ["srv-2"]
    assert rows["lic-user"]["mismatched"] == [{"id": "ep-1", "kind": "Endpoint", "units": None}]
    assert [c["id"] for c in rows["lic-device"]["mismatched"]] == ["person-bob"]
    assert [c["id"] for c in rows["lic-device"]["consumers"]] == ["ep-1", "srv-1"]
    assert rows["lic-expired"]["days_left"] == -1
    assert rows["lic-day90"]["days_left"] == 90


def test_totals_per_vendor_currency_and_period(licence_repo: Path) -> None:
    totals = report_json(licence_repo, "licenses")["totals"]
    assert [
        (
            t["vendor"],
            t["currency"],
            t["period"],
            t["licenses"],
            t["true_up"]["amount"],
            t["savings"]["amount"],
        )
        for t in totals
    ] == [
        ("vendor-a", "EUR", "monthly", 1, "0.00", "10.00"),
        ("vendor-a", "EUR", "once", 1, "0.00", "0.00"),
        ("vendor-a", "EUR", "yearly", 2, "20.00", "20.00"),
        ("vendor-b", "USD", "yearly", 1, "99.50", "0.00"),
    ]


def test_threshold_and_days_flags(licence_repo: Path) -> None:
    data = report_json(licence_repo, "licenses", "--threshold", "80%", "--days", "91")
    rows = _rows(data)
    assert rows["lic-core"][3] == "under-used"  # 0.75 < 0.80
    assert rows["lic-sub"][3] == "under-used"  # 0.70 < 0.80
    assert rows["lic-day91"][-1] == "expiring"
    assert data["settings"] == {"under_use_ratio": "0.8", "expiring_days": 91}


def test_threshold_from_config(licence_repo: Path) -> None:
    (licence_repo / "cmdbgit.yaml").write_text("reports: {under_use_ratio: 0.5}\n")
    rows = _rows(report_json(licence_repo, "licenses"))
    assert rows["lic-user"][3] == "compliant"  # 2/3 is not below 0.5


def test_csv_rows(licence_repo: Path) -> None:
    rows = {r["id"]: r for r in report_csv(licence_repo, "licenses")}
    assert rows["lic-device"]["true_up"] == "99.50"
    assert rows["lic-device"]["currency"] == "USD"
    assert rows["lic-device"]["consumers"] == "ep-1;srv-1"
    assert rows["lic-core"]["unknown"] == "srv-2"
    assert rows["lic-sub"]["unit_price"] == ""
