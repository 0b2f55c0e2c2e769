"""``assert``: a JSON Schema fragment over the whole document; failures located, values unsaid."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdbgit.policy.assertion import describe
from tests.unit.policy.helpers import PERSON, TEAM, doc, policy, run

SECRETISH = "Sup3rS3cretValue!"


def _assert(schema: dict[str, object], **match: object) -> dict[str, object]:
    return policy("shape", None, match=match or {"kinds": ["Server"]}, **{"assert": schema})


def test_failures_are_located_at_their_path(tmp_path: Path) -> None:
    servers = [
        doc("Server", "srv-ok", {"hostname": "a", "os": {"product": "p", "version": "1"}}),
        doc("Server", "srv-bad", {"hostname": SECRETISH, "os": {"product": "p"}, "cpu_cores": 3}),
    ]
    schema = {
        "properties": {
            "spec": {
                "properties": {
                    "hostname": {"pattern": "^[a-z0-9.-]+$"},
                    "os": {"required": ["version"]},
                    "cpu_cores": {"multipleOf": 2},
                },
                "required": ["os"],
            }
        }
    }
    result = run(tmp_path, [TEAM, PERSON, *servers], [_assert(schema)])
    found = sorted((p.id, p.path, p.message) for p in result.problems if p.rule == "policy/shape")
    assert found == [
        ("srv-bad", "spec.cpu_cores", "must be a multiple of 2"),
        ("srv-bad", "spec.hostname", "must match the pattern ^[a-z0-9.-]+$"),
        ("srv-bad", "spec.os.version", "is required by this policy"),
    ]
    assert all(SECRETISH not in p.message for p in result.problems)


def test_formats_are_enforced_and_the_whole_document_is_seen(tmp_path: Path) -> None:
    schema = {
        "properties": {
            "metadata": {
                "required": ["labels"],
                "properties": {"annotations": {"properties": {"since": {"format": "date"}}}},
            },
            "relations": {"minItems": 1},
        },
        "required": ["relations"],
    }
    servers = [
        doc("Server", "srv-1", {"hostname": "a"}, annotations={"since": "2026-02-30"}),
        doc("Server", "srv-2", {"hostname": "b"}, labels={"env": "prod"}, relations=[]),
    ]
    result = run(tmp_path, [TEAM, PERSON, *servers], [_assert(schema)])
    found = sorted((p.id, p.path, p.message) for p in result.problems)
    assert found == [
        ("srv-1", "metadata.annotations.since", "must be a valid date"),
        ("srv-1", "metadata.labels", "is required by this policy"),
        ("srv-1", "relations", "is required by this policy"),
        ("srv-2", "relations", "must have at least 1 item"),
    ]


def test_a_failure_of_the_whole_document_points_at_its_kind(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        [TEAM, PERSON, doc("Server", "srv-1", {"hostname": "a"})],
        [_assert({"not": {"properties": {"kind": {"const": "Server"}}}})],
    )
    [problem] = result.problems
    assert (problem.path, problem.message) == (
        "kind",
        "the document must not match the policy's 'not' schema",
    )


@pytest.mark.parametrize(
    ("name", "detail", "expected"),
    [
        ("Type", {"types": ["string", "null"]}, "must be of type string or null"),
        ("Enum", {"options": ["a", 1]}, "must be one of: 'a', 1"),
        ("Constant", {"expected_value": "governed_by"}, "must be 'governed_by'"),
        ("Maximum", {"limit": 3}, "must be at most 3"),
        ("Unknown", {}, "does not satisfy the policy (Unknown)"),
        ("Minimum", {}, "does not satisfy the policy (Minimum)"),
    ],
)
def test_describe(name: str, detail: dict[str, object], expected: str) -> None:
    assert describe(name, detail) == expected
