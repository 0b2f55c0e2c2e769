from __future__ import annotations

from pathlib import Path

from tests.unit.policy.helpers import PERSON, TEAM, doc, policy, run

DOCS = [
    doc("Service", "svc", {"criticality": "tier-1"}, labels={"env": "prod"}),
    doc(
        "Application",
        "app",
        labels={"env": "prod"},
        relations=[("part_of", "svc"), ("runs_on", "srv-prod"), ("depends_on", "db-dev")],
    ),
    doc("Database", "db-dev", labels={"env": "dev"}, relations=[("runs_on", "srv-dev")]),
    doc(
        "Server",
        "srv-prod",
        {"hostname": "p"},
        labels={"env": "prod"},
        relations=[("connected_to", "net-lab")],
    ),
    doc("Server", "srv-dev", {"hostname": "d"}, labels={"env": "dev"}),
    doc("NetworkDevice", "net-lab", {"role": "switch"}, labels={"env": "test"}),
]


def _found(tmp_path: Path, **params: object) -> dict[str | None, tuple[str | None, str]]:
    rule = policy(
        "deps",
        "forbid-dependency",
        params={
            "from": {"labels": {"env": "prod"}},
            "to": {"labels": {"env": ["dev", "test"]}},
            **params,
        },
    )
    result = run(tmp_path, [TEAM, PERSON, *DOCS], [rule])
    return {p.id: (p.path, p.message) for p in result.problems if p.rule == "policy/deps"}


def test_each_from_document_is_reported_once_with_its_path(tmp_path: Path) -> None:
    found = _found(tmp_path)
    assert found == {
        "app": (
            "relations[2].target",
            "depends on db-dev (Database), which this policy forbids: app → db-dev",
        ),
        "srv-prod": (
            "relations[0].target",
            "depends on net-lab (NetworkDevice), which this policy forbids: srv-prod → net-lab",
        ),
        # The service needs its part (part_of is written on the application): kind line.
        "svc": (
            "kind",
            "depends on db-dev (Database), which this policy forbids: svc → app → db-dev",
        ),
    }


def test_via_restricts_relation_types(tmp_path: Path) -> None:
    # app runs on srv-prod, which is connected to the lab switch: transitive through both types.
    assert sorted(_found(tmp_path, via=["runs_on", "connected_to"])) == ["app", "srv-prod"]
    assert sorted(_found(tmp_path, via=["depends_on"])) == ["app"]


def test_the_policy_match_narrows_from(tmp_path: Path) -> None:
    rule = policy(
        "deps",
        "forbid-dependency",
        match={"kinds": ["Service"]},
        params={"from": {}, "to": {"labels": {"env": "dev"}}},
    )
    result = run(tmp_path, [TEAM, PERSON, *DOCS], [rule])
    assert [p.id for p in result.problems if p.rule == "policy/deps"] == ["svc"]


def test_nothing_to_forbid(tmp_path: Path) -> None:
    rule = policy("deps", "forbid-dependency", params={"from": {}, "to": {"kinds": ["SLA"]}})
    result = run(tmp_path, [TEAM, PERSON, *DOCS], [rule])
    assert [p for p in result.problems if p.rule == "policy/deps"] == []


def test_long_paths_name_their_start_and_end(tmp_path: Path) -> None:
    chain = [
        doc("Application", f"a{i:02d}", relations=[("depends_on", f"a{i + 1:02d}")])
        for i in range(12)
    ]
    chain.append(doc("Application", "a12", labels={"env": "dev"}))
    rule = policy(
        "deps", "forbid-dependency", params={"from": {}, "to": {"labels": {"env": "dev"}}}
    )
    result = run(tmp_path, [TEAM, PERSON, *chain], [rule])
    first = next(p for p in result.problems if p.id == "a00")
    assert first.message.endswith(
        "a00 → a01 → a02 → a03 → a04 → a05 → a06 → a07 → a08 → … → a12 (12 steps)"
    )
    assert len([p for p in result.problems if p.rule == "policy/deps"]) == 12
