"""Loading PolicyTest files: good tests are placed in their file, malformed ones are located."""

from __future__ import annotations

import pytest

from cmdbgit.policy.testcase import load_tests

GOOD = """\
apiVersion: cmdbgit/v1
kind: PolicyTest
metadata: {id: t1}
spec:
  policy: p
  as_of: 2026-11-27
  documents:
    - apiVersion: cmdbgit/v1
      kind: Server
      metadata: {id: srv-1, owner: team-a}
      spec: {hostname: a}
  expect:
    - {id: srv-1, violates: true}
"""


def test_inline_documents_keep_their_place_in_the_test_file() -> None:
    loaded = load_tests([("policies/tests/t.yaml", GOOD.encode())])
    assert loaded.problems == []
    [test] = loaded.tests
    assert (test.id, test.policy, str(test.as_of), test.line) == ("t1", "p", "2026-11-27", 1)
    [server] = test.documents
    assert (server.file, server.line, server.id) == ("policies/tests/t.yaml", 8, "srv-1")
    # Positions are re-rooted at the inline document: its hostname is on line 11.
    assert test.positions[0].locate(("spec", "hostname")) == (11, 24)


@pytest.mark.parametrize(
    ("edit", "line", "path", "needle"),
    [
        (("violates: true", "violates: yes"), 13, "spec.expect[0].violates", "true or false"),
        (
            ("{id: srv-1, violates", "{id: srv-9, violates"),
            13,
            "spec.expect[0].id",
            "not an inline document",
        ),
        (("  as_of: 2026-11-27\n", "  as_of: someday\n"), 6, "spec.as_of", "is not a valid date"),
        (("  policy: p\n", ""), 4, "spec.policy", "is required"),
        (
            ("metadata: {id: srv-1, owner: team-a}", "metadata: {owner: team-a}"),
            8,
            "spec.documents[0]",
            "metadata.id",
        ),
        (("kind: PolicyTest", "kind: Policy"), 2, "kind", "PolicyTest"),
        (
            ("  expect:\n    - {id: srv-1, violates: true}\n", "  expect: []\n"),
            12,
            "spec.expect",
            "must not be empty",
        ),
    ],
)
def test_malformed_tests_are_located(
    edit: tuple[str, str], line: int, path: str, needle: str
) -> None:
    text = GOOD.replace(*edit)
    assert text != GOOD
    loaded = load_tests([("policies/tests/t.yaml", text.encode())])
    assert loaded.tests == []
    problem = loaded.problems[0]
    assert len(loaded.problems) == (2 if "metadata.id" in needle else 1)  # + the orphan expectation
    assert (problem.rule, problem.line, problem.path) == ("policy-test", line, path), problem
    assert needle in problem.message


def test_duplicate_ids_are_malformed() -> None:
    twice = GOOD + "---\n" + GOOD
    loaded = load_tests([("a.yaml", twice.encode())])
    assert [t.id for t in loaded.tests] == ["t1"]
    assert [(p.line, p.message) for p in loaded.problems] == [(17, "test id 't1' is used twice")]
    doubled = GOOD.replace(
        "  expect:",
        "    - {apiVersion: cmdbgit/v1, kind: Server, metadata: {id: srv-1}}\n  expect:",
    )
    loaded = load_tests([("b.yaml", doubled.encode())])
    assert [p.message for p in loaded.problems] == ["inline id 'srv-1' is used twice"]


def test_yaml_errors_are_reported_as_yaml() -> None:
    loaded = load_tests([("c.yaml", b"kind: PolicyTest\nmetadata: {id: [t}\n")])
    assert [p.rule for p in loaded.problems] == ["yaml"]
