from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.unit.policy.helpers import PERSON, TEAM, doc, policy, run

PRODUCT = doc(
    "SoftwareProduct",
    "prod-os",
    {
        "versions": [
            {"version": "22.0", "eol": "2020-01-31"},
            {"version": "22.04", "eol": "2027-04-30"},
            {"version": "8", "eol": "2026-11-30"},
            {"version": "8.1"},
        ]
    },
)


def _found(
    tmp_path: Path, docs: list[dict[str, object]], as_of: date = date(2026, 12, 1), **params: object
) -> dict[str | None, tuple[str | None, str]]:
    rule = policy("eol", "lifecycle-supported", params=params)
    result = run(tmp_path, [TEAM, PERSON, PRODUCT, *docs], [rule], as_of)
    return {p.id: (p.path, p.message) for p in result.problems if p.rule == "policy/eol"}


def test_dotted_prefix_version_lines(tmp_path: Path) -> None:
    docs = [
        doc(
            "Server",
            "srv-2204",
            {"hostname": "a", "os": {"product": "prod-os", "version": "22.04.3"}},
        ),
        doc("Server", "srv-8", {"hostname": "b", "os": {"product": "prod-os", "version": "8.0.2"}}),
        doc(
            "Server", "srv-81", {"hostname": "c", "os": {"product": "prod-os", "version": "8.1.7"}}
        ),
        doc("Server", "srv-80", {"hostname": "d", "os": {"product": "prod-os", "version": "80.1"}}),
        doc("Database", "db-8", {"engine": {"product": "prod-os", "version": "8"}}),
        doc(
            "Application",
            "app",
            {
                "software": [
                    {"product": "prod-os", "version": "22.04"},
                    {"product": "prod-os", "version": "8.2"},
                ]
            },
        ),
    ]
    assert _found(tmp_path, docs) == {
        "srv-8": (
            "spec.os.version",
            "runs prod-os 8.0.2 (version line 8), past its end of life on 2026-11-30",
        ),
        "db-8": ("spec.engine.version", "runs prod-os 8, past its end of life on 2026-11-30"),
        "app": (
            "spec.software[1].version",
            "runs prod-os 8.2 (version line 8), past its end of life on 2026-11-30",
        ),
    }


def test_eol_day_is_supported_and_min_days_left(tmp_path: Path) -> None:
    docs = [doc("Server", "srv", {"hostname": "a", "os": {"product": "prod-os", "version": "8.0"}})]
    assert _found(tmp_path, docs, date(2026, 11, 30)) == {}
    assert _found(tmp_path, docs, date(2026, 11, 1), min_days_left=29) == {}
    assert _found(tmp_path, docs, date(2026, 11, 1), min_days_left=30) == {
        "srv": (
            "spec.os.version",
            "runs prod-os 8.0 (version line 8), whose end of life is 2026-11-30, in 29 days (at least 30 required)",
        )
    }


def test_unlisted_versions_and_dangling_products(tmp_path: Path) -> None:
    docs = [
        doc(
            "Server",
            "srv-unlisted",
            {"hostname": "a", "os": {"product": "prod-os", "version": "9.1"}},
        ),
        doc(
            "Server",
            "srv-unknown",
            {"hostname": "b", "os": {"product": "prod-none", "version": "1"}},
        ),
    ]
    assert _found(tmp_path, docs) == {}
    assert _found(tmp_path, docs, report_unlisted=True) == {
        "srv-unlisted": ("spec.os.version", "prod-os 9.1 is not a version prod-os lists"),
    }


def test_needed_by_judges_only_what_those_documents_need(tmp_path: Path) -> None:
    old = {"product": "prod-os", "version": "8.0"}
    docs = [
        doc("Service", "svc-gold", {"criticality": "tier-1"}),
        doc("Service", "svc-tin", {"criticality": "tier-4"}),
        doc(
            "Application",
            "app-gold",
            {"software": [old]},
            relations=[("part_of", "svc-gold"), ("runs_on", "srv-gold")],
        ),
        doc(
            "Server",
            "srv-gold",
            {"hostname": "g", "os": old},
            relations=[("hosted_on", "srv-host")],
        ),
        doc("Server", "srv-host", {"hostname": "h", "os": old}),
        doc("Application", "app-tin", {"software": [old]}, relations=[("part_of", "svc-tin")]),
        doc("Server", "srv-idle", {"hostname": "i", "os": old}),
    ]
    found = _found(
        tmp_path, docs, needed_by={"kinds": ["Service"], "where": {"spec.criticality": "tier-1"}}
    )
    assert sorted(found) == ["app-gold", "srv-gold", "srv-host"]
    assert found["srv-host"][1].endswith("(needed by svc-gold)")
    assert sorted(_found(tmp_path, docs)) == [
        "app-gold",
        "app-tin",
        "srv-gold",
        "srv-host",
        "srv-idle",
    ]


def test_user_kinds_are_found_through_their_schema(tmp_path: Path) -> None:
    schema = (
        '{"type": "object", "properties": {"firmware": {"type": "object", "properties": {'
        '"product": {"type": "string", "x-ref": "SoftwareProduct"}, "version": {"type": "string"}}}}}'
    )
    (tmp_path / "schemas").mkdir()
    from tests.conftest import ROOT

    for path in (ROOT / "schemas").iterdir():
        (tmp_path / "schemas" / path.name).write_bytes(path.read_bytes())
    (tmp_path / "schemas" / "Printer.schema.json").write_text(schema)
    docs = [doc("Printer", "prn-1", {"firmware": {"product": "prod-os", "version": "8.3"}})]
    assert _found(tmp_path, docs) == {
        "prn-1": (
            "spec.firmware.version",
            "runs prod-os 8.3 (version line 8), past its end of life on 2026-11-30",
        )
    }
