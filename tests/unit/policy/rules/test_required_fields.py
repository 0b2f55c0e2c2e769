from __future__ import annotations

from pathlib import Path

from tests.unit.policy.helpers import PERSON, TEAM, doc, policy, run, violators

FULL = {
    "serial": "S1",
    "vendor": "v",
    "purchase": {"date": "2024-01-15", "cost": {"amount": 1, "currency": "EUR"}},
}


def _policy(*fields: str) -> dict[str, object]:
    return policy(
        "fields",
        "required-fields",
        match={"kinds": ["HardwareAsset"]},
        params={"fields": list(fields)},
    )


def test_missing_null_and_empty_fields_violate(tmp_path: Path) -> None:
    docs = [
        doc("HardwareAsset", "hw-full", FULL),
        doc(
            "HardwareAsset", "hw-no-date", {**FULL, "purchase": {"cost": FULL["purchase"]["cost"]}}
        ),
        doc("HardwareAsset", "hw-null", {**FULL, "vendor": None}),
        doc("HardwareAsset", "hw-empty", {**FULL, "purchase": {}}),
        doc("Server", "srv-not-matched", {"hostname": "a"}),
    ]
    result = run(tmp_path, [TEAM, PERSON, *docs], [_policy("spec.purchase.date", "spec.vendor")])
    found = sorted((p.id, p.path) for p in result.problems if p.rule == "policy/fields")
    assert found == [
        ("hw-empty", "spec.purchase.date"),
        ("hw-no-date", "spec.purchase.date"),
        ("hw-null", "spec.vendor"),
    ]
    assert all(
        "is required by this policy" in p.message
        for p in result.problems
        if p.rule == "policy/fields"
    )


def test_wildcards_fan_out_over_list_items(tmp_path: Path) -> None:
    app = doc(
        "Application", "app-1", {"software": [{"product": "p", "version": "1"}, {"product": "p"}]}
    )
    bare = doc("Application", "app-2", {"description": "no software list"})
    fields = policy(
        "fields",
        "required-fields",
        match={"kinds": ["Application"]},
        params={"fields": ["spec.software.*.version"]},
    )
    result = run(tmp_path, [TEAM, PERSON, app, bare], [fields])
    assert sorted((p.id, p.path) for p in result.problems if p.rule == "policy/fields") == [
        ("app-1", "spec.software[1].version"),
        ("app-2", "spec.software"),
    ]


def test_fields_the_schema_requires_are_left_to_the_schema_layer(tmp_path: Path) -> None:
    hw = doc("HardwareAsset", "hw-1", {"vendor": "v"})  # no serial: a schema error already
    result = run(tmp_path, [TEAM, PERSON, hw], [_policy("spec.serial", "spec.model")])
    found = [p for p in result.problems if p.id == "hw-1" and p.rule != "dangling-reference"]
    assert sorted((p.rule, p.path) for p in found) == [
        ("policy/fields", "spec.model"),
        ("schema", "spec.serial"),
    ]
    assert violators(result, "fields") == {"hw-1"}
