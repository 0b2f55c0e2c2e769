from __future__ import annotations

from pathlib import Path

from tests.unit.policy.helpers import TEAM, doc, policy, run

PEOPLE = [
    doc("Person", "p-a", {"email": "a@example.com", "status": "active"}),
    doc("Person", "p-leaving", {"email": "l@example.com", "status": "leaving"}),
    doc("Person", "p-gone", {"email": "g@example.com", "status": "offboarded"}),
]
ASSETS = [
    doc("HardwareAsset", "hw-a", {"serial": "1", "assigned_to": "p-a"}),
    doc("HardwareAsset", "hw-leaving", {"serial": "2", "assigned_to": "p-leaving"}),
    doc("HardwareAsset", "hw-gone", {"serial": "3", "assigned_to": "p-gone"}),
    doc("HardwareAsset", "hw-spare", {"serial": "4"}),
    doc("HardwareAsset", "hw-dangling", {"serial": "5", "assigned_to": "p-nobody"}),
    doc("Endpoint", "ep-gone", {"hostname": "e", "assigned_to": "p-gone"}),
]


def _run(tmp_path: Path, **params: object) -> list[tuple[str | None, str | None, str]]:
    rule = policy(
        "staff",
        "assigned-to-active-person",
        params=params,
        match={"kinds": ["HardwareAsset", "Endpoint"]},
    )
    result = run(tmp_path, [TEAM, *PEOPLE, *ASSETS], [rule])
    return sorted((p.id, p.path, p.message) for p in result.problems if p.rule == "policy/staff")


def test_default_only_active_people_hold_assets(tmp_path: Path) -> None:
    assert _run(tmp_path) == [
        ("ep-gone", "spec.assigned_to", "assigned to 'p-gone', whose status is 'offboarded'"),
        ("hw-gone", "spec.assigned_to", "assigned to 'p-gone', whose status is 'offboarded'"),
        ("hw-leaving", "spec.assigned_to", "assigned to 'p-leaving', whose status is 'leaving'"),
    ]


def test_statuses_and_field_params(tmp_path: Path) -> None:
    assert [p[0] for p in _run(tmp_path, statuses=["active", "leaving"])] == ["ep-gone", "hw-gone"]
    assert _run(tmp_path, field="spec.owner_person") == []
