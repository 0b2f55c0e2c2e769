"""The engine: rule id and severity stamping, locations, exceptions (active, expired, dangling)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.unit.policy.helpers import PERSON, TEAM, doc, policy, run

EXPIRED = doc(
    "HardwareAsset",
    "hw-old",
    {"serial": "S1", "warranty": {"end": "2025-01-31"}},
)
VALID = doc("HardwareAsset", "hw-new", {"serial": "S2", "warranty": {"end": "2030-01-31"}})


def _warranty(**spec: object) -> dict[str, object]:
    return policy("warranty", "warranty-valid", match={"kinds": ["HardwareAsset"]}, **spec)


def test_rule_id_severity_and_location_are_stamped(tmp_path: Path) -> None:
    result = run(tmp_path, [TEAM, PERSON, EXPIRED, VALID], [_warranty(severity="warning")])
    [problem] = result.problems
    assert (problem.rule, problem.severity, problem.id) == ("policy/warranty", "warning", "hw-old")
    assert (problem.file, problem.path) == ("inventory/docs.yaml", "spec.warranty.end")
    # The located loader points at the value inside the flow mapping on line 8.
    text = (tmp_path / "inventory/docs.yaml").read_text().splitlines()
    assert text[problem.line - 1][problem.column - 1 :].startswith('"2025-01-31"')
    assert result.ok  # a warning does not fail the run …
    result = run(tmp_path, [TEAM, PERSON, EXPIRED], [_warranty(severity="info")])
    assert [p.severity for p in result.problems] == ["info"]


def test_policy_message_prefixes_the_detail(tmp_path: Path) -> None:
    result = run(tmp_path, [TEAM, PERSON, EXPIRED], [_warranty(message="Replace or renew")])
    assert result.problems[0].message.startswith("Replace or renew: warranty ended on 2025-01-31")


@pytest.mark.parametrize(
    ("as_of", "suppressed"),
    [(date(2026, 11, 27), True), (date(2027, 3, 31), True), (date(2027, 4, 1), False)],
)
def test_exception_holds_through_its_expiry_day(
    tmp_path: Path, as_of: date, suppressed: bool
) -> None:
    waiver = {"id": "hw-old", "reason": "replaced in Q1 (TICKET-1)", "expires": "2027-03-31"}
    result = run(tmp_path, [TEAM, PERSON, EXPIRED, VALID], [_warranty(exceptions=[waiver])], as_of)
    if suppressed:
        assert result.problems == []
        [waived] = result.suppressed
        assert waived.problem.rule == "policy/warranty" and waived.problem.id == "hw-old"
        assert result.to_json()["suppressed"] == [
            {
                "problem": waived.problem.to_json(),
                "exception": {"reason": "replaced in Q1 (TICKET-1)", "expires": "2027-03-31"},
            }
        ]
        assert result.summary()["suppressed"] == 1
        assert result.ok
    else:
        [problem] = result.problems
        assert problem.message.endswith("(exception expired on 2027-03-31)")
        assert problem.severity == "error" and not result.ok
        assert result.suppressed == []


def test_an_exception_waives_only_its_own_document_and_policy(tmp_path: Path) -> None:
    other = doc("HardwareAsset", "hw-other", {"serial": "S3", "warranty": {"end": "2024-01-01"}})
    waiver = {"id": "hw-old", "reason": "r", "expires": "2027-03-31"}
    second = policy("warranty-2", "warranty-valid", match={"kinds": ["HardwareAsset"]})
    result = run(tmp_path, [TEAM, PERSON, EXPIRED, other], [_warranty(exceptions=[waiver]), second])
    assert sorted((p.rule, p.id) for p in result.problems) == [
        ("policy/warranty", "hw-other"),
        ("policy/warranty-2", "hw-old"),
        ("policy/warranty-2", "hw-other"),
    ]
    assert [(s.problem.rule, s.problem.id) for s in result.suppressed] == [
        ("policy/warranty", "hw-old")
    ]


def test_the_longest_of_several_waivers_counts(tmp_path: Path) -> None:
    waivers = [
        {"id": "hw-old", "reason": "first", "expires": "2026-01-31"},
        {"id": "hw-old", "reason": "extended", "expires": "2027-01-31"},
    ]
    result = run(tmp_path, [TEAM, PERSON, EXPIRED], [_warranty(exceptions=waivers)])
    assert [s.reason for s in result.suppressed] == ["extended"]


def test_an_exception_naming_no_document_is_a_warning_at_the_exception(tmp_path: Path) -> None:
    text = (
        "apiVersion: cmdbgit/v1\nkind: Policy\nmetadata: {id: warranty}\nspec:\n"
        "  rule: warranty-valid\n  match: {kinds: [HardwareAsset]}\n  exceptions:\n"
        "    - {id: hw-old, reason: r, expires: 2027-01-31}\n"
        "    - {id: hw-gone, reason: decommissioned, expires: 2027-01-31}\n"
    )
    result = run(tmp_path, [TEAM, PERSON, EXPIRED], text)
    [dangling] = result.problems
    assert (dangling.rule, dangling.severity) == ("policy-exception", "warning")
    assert (dangling.file, dangling.line, dangling.column) == ("policies/policy.yaml", 9, 12)
    assert (dangling.id, dangling.path) == ("warranty", "spec.exceptions[1].id")
    assert "'hw-gone'" in dangling.message
    assert len(result.suppressed) == 1


def test_duplicates_are_each_judged_and_broken_documents_not_at_all(tmp_path: Path) -> None:
    inventory = (
        "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a}\nspec: {members: [p-a]}\n---\n"
        "apiVersion: cmdbgit/v1\nkind: Person\nmetadata: {id: p-a}\nspec: {email: a@example.com, status: active}\n---\n"
        "apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: srv-1, owner: team-a}\nspec: {hostname: a}\n---\n"
        "apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: srv-1, owner: team-a}\nspec: {hostname: b}\n---\n"
        "apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: srv-2, owner: team-a, owner: team-b}\n"
    )
    labels = policy(
        "labels", "required-labels", params={"labels": ["env"]}, match={"kinds": ["Server"]}
    )
    result = run(tmp_path, inventory, [labels])
    # Both definitions of srv-1 (a duplicate id must not hide the other's problems); srv-2,
    # whose metadata does not parse, not at all.
    assert [(p.id, p.line) for p in result.problems if p.rule == "policy/labels"] == [
        ("srv-1", 13),
        ("srv-1", 18),
    ]
