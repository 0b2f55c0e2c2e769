"""Failure follows the model's new links on the example organisation: containment, a
reference field marked ``x-impact``, power, clusters and APIs — all read from the registry
and the schemas, never from names in code."""

from __future__ import annotations

from typing import Any

from tests.conftest import ROOT, run_json


def _paths(*ids: str) -> dict[str, list[str]]:
    code, data = run_json("impact", *ids, repo=ROOT)
    assert code == 0
    impacted: list[dict[str, Any]] = data["impacted"]
    return {row["id"]: row["path"] for row in impacted}


def test_a_failing_hardware_box_takes_its_server_down() -> None:
    # Server.spec.asset carries "x-impact": "to-source"; the DB host is a member of a cluster.
    paths = _paths("hw-srv-db-01")
    assert paths["srv-pay-db-01"] == ["hw-srv-db-01", "srv-pay-db-01"]
    assert paths["cl-payments-db"] == [
        "hw-srv-db-01",
        "srv-pay-db-01",
        "db-payments",
        "cl-payments-db",
    ]
    assert "svc-payments" in paths


def test_a_failing_region_reaches_the_racks_inside_it() -> None:
    paths = _paths("loc-region-europe")
    assert paths["hw-srv-hv-01"] == [
        "loc-region-europe",
        "loc-dc-fra1",
        "loc-fra1-hall-2",
        "loc-fra1-rack-r01",
        "hw-srv-hv-01",
    ]
    assert "pdu-fra1-r01-a" in paths and "svc-identity" in paths


def test_power_and_apis_carry_failure() -> None:
    power = _paths("cl-fra1-r01-power")
    assert power["hw-net-core-sw-01"] == ["cl-fra1-r01-power", "hw-net-core-sw-01"]
    api = _paths("app-payments-api")
    # provides_api (to-target) then consumes_api (to-source): provider -> API -> consumer.
    assert api["app-customer-portal-api"] == [
        "app-payments-api",
        "api-payments-v2",
        "app-customer-portal-api",
    ]


def test_nothing_flows_back_up_the_tree() -> None:
    # A rack's failure reaches its devices, never the room or site around it; a team's parent
    # carries no failure at all.
    paths = _paths("loc-fra1-rack-r01")
    assert not {"loc-fra1-hall-2", "loc-dc-fra1", "loc-region-europe"} & paths.keys()
    assert _paths("team-it") == {}
