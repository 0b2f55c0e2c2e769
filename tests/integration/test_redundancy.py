"""Impact that knows redundancy: a member lost from a cluster that still holds is *degraded*,
fewer than ``min_healthy`` members left is *down*; states travel on to the services."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GitRepo, run_json
from tests.integration.review_org import example_repo


@pytest.fixture
def example(git_repo: GitRepo) -> GitRepo:
    return example_repo(git_repo)


def _impact(repo: GitRepo, *ids: str) -> dict[str, Any]:
    code, data = run_json("impact", *ids, repo=repo.path)
    assert code == 0
    return data


def _states(data: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    rows = [*data["impacted"], *data["services"]]
    return {row["id"]: (row["state"], row["remaining"]) for row in rows}


def test_the_standby_failing_degrades_payments(example: GitRepo) -> None:
    states = _states(_impact(example, "db-payments-replica"))
    assert states["cl-payments-db"] == ("degraded", ["db-payments"])
    # db-payments-replica is part_of svc-payments, yet the cluster carries the load.
    assert states["svc-payments"] == ("degraded", ["db-payments"])
    assert states["app-payments-api"] == ("degraded", ["db-payments"])


def test_the_standby_box_failing_is_degraded_too(example: GitRepo) -> None:
    states = _states(_impact(example, "hw-srv-db-02"))
    assert states["srv-pay-db-02"] == ("down", [])
    assert states["db-payments-replica"] == ("down", [])
    assert states["svc-payments"] == ("degraded", ["db-payments"])


def test_the_primary_failing_takes_the_standby_and_payments_down(example: GitRepo) -> None:
    # The standby depends_on the primary (it replicates from it): between members of one
    # cluster a failure travels in full, so both are lost and 0 < min_healthy 1.
    for root in ("db-payments", "hw-srv-db-01"):
        states = _states(_impact(example, root))
        assert states["db-payments-replica"][0] == "down"
        assert states["cl-payments-db"] == ("down", [])
        assert states["svc-payments"] == ("down", [])


def test_a_site_and_a_box_reach_the_services_on_them(example: GitRepo) -> None:
    site = _impact(example, "loc-dc-fra1")
    services = {s["id"]: s["state"] for s in site["services"]}
    assert services["svc-payments"] == "down" and services["svc-identity"] == "down"
    assert {"srv-pay-db-01", "srv-pay-db-02"} <= {i["id"] for i in site["impacted"]}
    box = _impact(example, "hw-srv-db-01")
    assert [s["id"] for s in box["services"]][:1] == ["svc-payments"]


def test_reverse_impact_has_no_state(example: GitRepo) -> None:
    data = run_json("impact", "svc-payments", "--reverse", repo=example.path)[1]
    assert data["impacted"] and all("state" not in row for row in data["impacted"])


CLUSTER = """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {{id: team-a, name: Team A}}
---
apiVersion: cmdbgit/v1
kind: Cluster
metadata: {{id: cl-web, name: Web tier, owner: team-a}}
spec: {{type: active-active, min_healthy: {quorum}, description: three web nodes}}
---
apiVersion: cmdbgit/v1
kind: Service
metadata: {{id: svc-shop, name: Shop, owner: team-a}}
spec: {{criticality: tier-1}}
---
apiVersion: cmdbgit/v1
kind: Application
metadata: {{id: app-shop, name: Shop front, owner: team-a}}
relations:
  - {{type: part_of, target: svc-shop}}
  - {{type: runs_on, target: cl-web}}
"""
NODE = """\
---
apiVersion: cmdbgit/v1
kind: Server
metadata: {{id: srv-web-{n}, name: Web {n}, owner: team-a}}
spec: {{hostname: web-{n}.example.org}}
relations:
  - {{type: member_of, target: cl-web}}
"""


@pytest.mark.parametrize(
    ("quorum", "lost", "state"),
    [
        (2, ("srv-web-1",), "degraded"),  # 2 of 3 left: min_healthy 2 holds
        (2, ("srv-web-1", "srv-web-2"), "down"),  # 1 of 3 left: below min_healthy 2
        (1, ("srv-web-1", "srv-web-2"), "degraded"),  # 1 left is enough for min_healthy 1
        (1, ("srv-web-1", "srv-web-2", "srv-web-3"), "down"),
    ],
)
def test_min_healthy_counts_the_members_left(
    scaffold_repo: GitRepo, quorum: int, lost: tuple[str, ...], state: str
) -> None:
    text = CLUSTER.format(quorum=quorum) + "".join(NODE.format(n=n) for n in (1, 2, 3))
    scaffold_repo.write("inventory/web.yaml", text)
    scaffold_repo.commit("web tier")
    data = _impact(scaffold_repo, *lost)
    states = _states(data)
    left = sorted({"srv-web-1", "srv-web-2", "srv-web-3"} - set(lost))
    expected_left = left if state == "degraded" else []
    assert states["cl-web"] == (state, expected_left)
    assert states["app-shop"] == (state, expected_left)
    assert states["svc-shop"] == (state, expected_left)
