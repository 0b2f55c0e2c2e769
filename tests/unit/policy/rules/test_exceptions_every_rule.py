"""Every built-in rule honours exceptions the same way: active, expired, dangling.

One violating document per rule; the table must cover every registered rule.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cmdbgit.policy.rules import RULES
from tests.unit.policy.helpers import PERSON, TEAM, doc, policy, run

GONE = doc("Person", "p-gone", {"email": "g@example.com", "status": "offboarded"})
OLD_OS = doc("SoftwareProduct", "prod-os", {"versions": [{"version": "1", "eol": "2020-01-01"}]})

#: rule -> (documents, params, match, the violating document)
CASES: dict[str, tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any], str]] = {
    "required-fields": (
        [doc("Server", "bad", {"hostname": "a"})],
        {"fields": ["spec.ip"]},
        {"kinds": ["Server"]},
        "bad",
    ),
    "required-labels": (
        [doc("Server", "bad", {"hostname": "a"})],
        {"labels": ["env"]},
        {"kinds": ["Server"]},
        "bad",
    ),
    "owner-active": (
        [
            GONE,
            doc("Team", "team-gone", {"members": ["p-gone"]}),
            doc("Server", "bad", {"hostname": "a"}, owner="team-gone"),
        ],
        {},
        {"kinds": ["Server"]},
        "bad",
    ),
    "forbid-dependency": (
        [
            doc("Application", "bad", labels={"env": "prod"}, relations=[("depends_on", "db")]),
            doc("Database", "db", labels={"env": "dev"}),
        ],
        {"from": {"labels": {"env": "prod"}}, "to": {"labels": {"env": "dev"}}},
        {},
        "bad",
    ),
    "warranty-valid": (
        [doc("HardwareAsset", "bad", {"serial": "1", "warranty": {"end": "2025-01-01"}})],
        {},
        {"kinds": ["HardwareAsset"]},
        "bad",
    ),
    "lifecycle-supported": (
        [
            OLD_OS,
            doc("Server", "bad", {"hostname": "a", "os": {"product": "prod-os", "version": "1.2"}}),
        ],
        {},
        {},
        "bad",
    ),
    "license-within-entitlement": (
        [
            doc(
                "Person",
                "p1",
                {"email": "x@example.com", "status": "active"},
                relations=[("uses_license", "bad")],
            ),
            doc("SoftwareLicense", "bad", {"product": "x", "metric": "user", "quantity": 0}),
        ],
        {},
        {"kinds": ["SoftwareLicense"]},
        "bad",
    ),
    "assigned-to-active-person": (
        [GONE, doc("HardwareAsset", "bad", {"serial": "1", "assigned_to": "p-gone"})],
        {},
        {},
        "bad",
    ),
    "no-plaintext-secrets": (
        [doc("Server", "bad", {"hostname": "a"}, annotations={"password": "x"})],
        {},
        {},
        "bad",
    ),
    "max-age": (
        [doc("HardwareAsset", "bad", {"serial": "1", "purchase": {"date": "2010-01-01"}})],
        {"months": 60},
        {},
        "bad",
    ),
}


def test_the_table_covers_every_rule() -> None:
    assert set(CASES) == set(RULES)


def _run(tmp_path: Path, rule: str, exceptions: list[dict[str, str]], as_of: date) -> Any:
    docs, params, match, _ = CASES[rule]
    spec: dict[str, Any] = {"match": match, "exceptions": exceptions}
    if params:
        spec["params"] = params
    return run(tmp_path, [TEAM, PERSON, *docs], [policy("p", rule, **spec)], as_of)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_exceptions(tmp_path: Path, rule: str) -> None:
    bad = CASES[rule][3]
    waiver = {"id": bad, "reason": "accepted until the migration", "expires": "2026-12-31"}

    plain = _run(tmp_path, rule, [], date(2026, 11, 27))
    assert [(p.rule, p.id) for p in plain.problems if p.rule.startswith("policy")] == [
        ("policy/p", bad)
    ]
    assert not plain.ok

    active = _run(tmp_path, rule, [waiver], date(2026, 12, 31))
    assert [p for p in active.problems if p.rule.startswith("policy")] == []
    assert [(s.problem.id, s.reason, s.expires) for s in active.suppressed] == [
        (bad, "accepted until the migration", "2026-12-31")
    ]

    expired = _run(tmp_path, rule, [waiver], date(2027, 1, 1))
    [problem] = [p for p in expired.problems if p.rule.startswith("policy")]
    assert problem.id == bad and problem.message.endswith("(exception expired on 2026-12-31)")
    assert expired.suppressed == []

    stale = {"id": "gone-long-ago", "reason": "r", "expires": "2030-01-01"}
    dangling = _run(tmp_path, rule, [waiver, stale], date(2026, 11, 27))
    assert [
        (p.rule, p.severity, p.path) for p in dangling.problems if p.rule.startswith("policy")
    ] == [("policy-exception", "warning", "spec.exceptions[1].id")]
