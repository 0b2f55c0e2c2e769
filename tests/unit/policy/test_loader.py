"""Malformed policies are located ``policy`` problems (and the run fails); good ones load."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.policy.helpers import PERSON, TEAM, run

HEADER = "apiVersion: cmdbgit/v1\nkind: Policy\nmetadata: {id: p1, owner: team-a}\n"


def _problems(tmp_path: Path, text: str) -> list[tuple[int, int, str, str | None, str]]:
    result = run(tmp_path, [TEAM, PERSON], text)
    return [
        (p.line, p.column, p.severity, p.path, p.message)
        for p in result.problems
        if p.rule in ("policy", "yaml")
    ]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            "spec:\n  rule: no-such-rule\n",
            (5, 9, "error", "spec.rule", "unknown rule 'no-such-rule'"),
        ),
        (
            'spec:\n  rule: max-age\n  params: {months: "84"}\n',
            (6, 20, "error", "spec.params.months", "expected an integer, found the string '84'"),
        ),
        (
            "spec:\n  rule: max-age\n",
            (4, 1, "error", "spec.params.months", "this required field is missing"),
        ),
        (
            "spec:\n  rule: owner-active\n  assert: {required: [spec]}\n",
            (5, 3, "error", "spec", "exactly one of 'rule'"),
        ),
        (
            "spec:\n  description: nothing to do\n",
            (5, 3, "error", "spec", "exactly one of 'rule'"),
        ),
        (
            "spec:\n  rule: owner-active\n  severity: fatal\n",
            (6, 13, "error", "spec.severity", "must be 'error', 'warning' or 'info'"),
        ),
        (
            "spec:\n  rule: owner-active\n  mach: {kinds: [Server]}\n",
            (6, 3, "error", "spec.mach", "unknown field 'mach' (did you mean 'match'?)"),
        ),
        (
            "spec:\n  rule: owner-active\n  match: {labels: {env: 1}}\n",
            (6, 25, "error", "spec.match.labels.env", "expected a string, found the integer 1"),
        ),
        (
            "spec:\n  rule: owner-active\n  exceptions:\n    - {id: x, reason: r, expires: 2027-02-30}\n",
            (
                7,
                35,
                "error",
                "spec.exceptions[0].expires",
                "'2027-02-30' is not a valid date (YYYY-MM-DD)",
            ),
        ),
        (
            "spec:\n  rule: owner-active\n  exceptions:\n    - {id: x, expires: 2027-01-31}\n",
            (7, 7, "error", "spec.exceptions[0].reason", "this required field is missing"),
        ),
        (
            "spec:\n  assert: {type: 12}\n",
            (5, 11, "error", "spec.assert", "'assert' is not a valid JSON Schema"),
        ),
        (
            "spec:\n  rule: forbid-dependency\n  params: {from: {}, to: {kinds: [Sever]}}\n",
            (6, 35, "warning", "spec.params.to.kinds[0]", "unknown kind 'Sever'"),
        ),
        (
            "spec:\n  rule: owner-active\n  match: {kinds: [Server, Sevrer]}\n",
            (6, 27, "warning", "spec.match.kinds[1]", "unknown kind 'Sevrer'"),
        ),
        (
            "spec:\n  rule: owner-active\n  match: {kinds: []}\n",
            (6, 18, "error", "spec.match.kinds", "must not be empty"),
        ),
    ],
)
def test_malformed_policy_is_located(
    tmp_path: Path, spec: str, expected: tuple[int, int, str, str, str]
) -> None:
    [(line, column, severity, path, message)] = _problems(tmp_path, HEADER + spec)
    assert (line, column, severity, path) == expected[:4], message
    assert expected[4] in message


def test_every_mistake_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = HEADER + "spec:\n  rule: warranty-valid\n  params: {min_days_left: -1, days: 3}\n"
    found = _problems(tmp_path, text)
    assert [(p[0], p[1], p[3]) for p in found] == [
        (6, 27, "spec.params.min_days_left"),
        (6, 31, "spec.params.days"),
    ]
    assert found[1][4] == "unknown field 'days'"
    misspelt = _problems(tmp_path, HEADER + "spec:\n  rule: max-age\n  params: {month: 84}\n")
    assert sorted(p[3] for p in misspelt) == ["spec.params.month", "spec.params.months"]


def test_a_malformed_policy_fails_the_run_and_the_others_still_apply(tmp_path: Path) -> None:
    text = (
        HEADER.replace("p1", "broken")
        + "spec:\n  rule: nope\n---\n"
        + HEADER.replace("p1", "labels")
        + "spec:\n  rule: required-labels\n  params: {labels: [env]}\n  match: {kinds: [Team]}\n"
    )
    result = run(tmp_path, [TEAM, PERSON], text)
    assert not result.ok
    assert sorted((p.rule, p.id) for p in result.problems) == [
        ("policy", "broken"),
        ("policy/labels", "team-a"),
    ]


def test_duplicate_policy_ids(tmp_path: Path) -> None:
    text = HEADER + "spec: {rule: owner-active}\n---\n" + HEADER + "spec: {rule: owner-active}\n"
    [(line, column, severity, path, message)] = _problems(tmp_path, text)
    assert (line, column, path, severity) == (8, 16, "metadata.id", "error")
    assert "defined twice" in message


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- just a list\n", "must be a mapping"),
        (
            "apiVersion: cmdbgit/v1\nkind: PolicyTest\nmetadata: {id: t}\nspec: {}\n",
            "policies/tests/",
        ),
        ("apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: t}\nspec: {}\n", "kind"),
        (
            "apiVersion: v2\nkind: Policy\nmetadata: {id: t}\nspec: {rule: owner-active}\n",
            "apiVersion",
        ),
        ("kind: Policy\nspec: {rule: owner-active}\n", "required field is missing"),
        ("kind: Policy\nmetadata: {id: [x}\n", "yaml"),
    ],
)
def test_documents_that_are_not_policies(tmp_path: Path, text: str, needle: str) -> None:
    result = run(tmp_path, [TEAM, PERSON], text)
    bad = [p for p in result.problems if p.file == "policies/policy.yaml"]
    assert bad and all(p.severity == "error" for p in bad)
    assert any(needle in p.message or needle in (p.rule, p.path) for p in bad), bad
    assert not result.ok


def test_policy_tests_folder_is_not_read_as_policies(tmp_path: Path) -> None:
    (tmp_path / "policies" / "tests").mkdir(parents=True)
    (tmp_path / "policies" / "tests" / "t.yaml").write_text("kind: PolicyTest\n")
    result = run(tmp_path, [TEAM, PERSON], "")
    assert [p for p in result.problems if p.file.startswith("policies/tests")] == []


def test_policies_in_subfolders_are_read(tmp_path: Path) -> None:
    sub = tmp_path / "policies" / "team-a"
    sub.mkdir(parents=True)
    (sub / "labels.yaml").write_text(
        HEADER + "spec: {rule: required-labels, params: {labels: [env]}, match: {kinds: [Team]}}\n"
    )
    result = run(tmp_path, [TEAM, PERSON], "")
    assert [(p.rule, p.id) for p in result.problems] == [("policy/p1", "team-a")]
