"""``cmdbgit policy test`` and ``cmdbgit policy list`` through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cmdbgit.model.kinds import KindRegistry
from cmdbgit.policy.loader import load_policies
from cmdbgit.policy.rules import RULES
from cmdbgit.policy.testcase import load_tests
from cmdbgit.source import WorktreeSource, open_repo
from tests.conftest import ROOT, run_cli


def test_the_project_policy_tests_pass() -> None:
    result = run_cli("policy", "test", repo=ROOT)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(line.startswith("PASS ") for line in lines[:-1])
    assert lines[-1] == f"{len(lines) - 1} tests: {len(lines) - 1} passed, 0 failed"
    data = json.loads(run_cli("policy", "test", "--format", "json", repo=ROOT).stdout)
    assert data["ok"] is True and data["summary"]["failed"] == 0
    assert data["summary"]["tests"] == len(lines) - 1 >= 19


def test_every_built_in_rule_and_every_starter_policy_is_tested() -> None:
    handle = open_repo(ROOT)
    policies = load_policies(WorktreeSource(handle), "policies", KindRegistry({}))
    files = [
        (p.relative_to(ROOT).as_posix(), p.read_bytes())
        for p in sorted((ROOT / "policies/tests").glob("*.yaml"))
    ]
    tests = load_tests(files).tests
    tested = {t.policy for t in tests}
    assert tested == {p.id for p in policies.policies}
    rules = {p.spec.rule for p in policies.policies if p.id in tested}
    assert rules >= set(RULES)
    # Each policy's tests expect violations and passes, so they can fail both ways.
    for ident in tested:
        verdicts = {e.violates for t in tests if t.policy == ident for e in t.expect}
        assert verdicts == {True, False}, ident


def _project_copy(tmp_path: Path) -> Path:
    repo = tmp_path / "project"
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    shutil.copytree(ROOT / "policies", repo / "policies")
    (repo / "inventory").mkdir()
    return repo


FAILING = """\
apiVersion: cmdbgit/v1
kind: PolicyTest
metadata: {id: wrong-expectations}
spec:
  policy: no-plaintext-secrets
  as_of: 2026-11-27
  documents:
    - apiVersion: cmdbgit/v1
      kind: Server
      metadata: {id: srv-leaky, owner: team-a, annotations: {db_password: "Sup3r-S3cret-Value"}}
      spec: {hostname: a}
    - apiVersion: cmdbgit/v1
      kind: Server
      metadata: {id: srv-clean, owner: team-a}
      spec: {hostname: b}
  expect:
    - {id: srv-leaky, violates: false}
    - {id: srv-clean, violates: true}
"""


def test_a_failed_expectation_is_exit_1_and_says_why(tmp_path: Path) -> None:
    repo = _project_copy(tmp_path)
    (repo / "policies/tests/zz-failing.yaml").write_text(FAILING)
    result = run_cli("policy", "test", repo=repo)
    assert result.exit_code == 1
    out = result.stdout
    assert (
        "FAIL wrong-expectations (policies/tests/zz-failing.yaml:1, policy no-plaintext-secrets, "
        "as of 2026-11-27, 2 expectations)\n"
        "     srv-leaky: expected no violation, found:\n"
        "       policies/tests/zz-failing.yaml:10:75: metadata.annotations.db_password: looks like"
    ) in out
    assert "     srv-clean: expected a violation, found none\n" in out
    assert out.splitlines()[-1].endswith("passed, 1 failed")
    assert "Sup3r-S3cret-Value" not in result.output
    data = json.loads(run_cli("policy", "test", "--format", "json", repo=repo).stdout)
    [failed] = [t for t in data["tests"] if not t["passed"]]
    assert [(e["id"], e["violates"], e["actual"]) for e in failed["expectations"]] == [
        ("srv-leaky", False, True),
        ("srv-clean", True, False),
    ]
    assert "Sup3r-S3cret-Value" not in json.dumps(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            FAILING.replace("violates: false", "violates: nope"),
            "policies/tests/zz-bad.yaml:17:33: error [policy-test] spec.expect[0].violates: expected true or false",
        ),
        (
            FAILING.replace("policy: no-plaintext-secrets", "policy: no-such-policy"),
            "policies/tests/zz-bad.yaml:1:1: error [policy-test] spec.policy: test 'wrong-expectations' names no valid policy 'no-such-policy'",
        ),
        ("kind: PolicyTest\nspec: [\n", "policies/tests/zz-bad.yaml:2:7: error [yaml]"),
    ],
)
def test_malformed_test_files_are_exit_2(tmp_path: Path, text: str, expected: str) -> None:
    repo = _project_copy(tmp_path)
    (repo / "policies/tests/zz-bad.yaml").write_text(text)
    result = run_cli("policy", "test", repo=repo)
    assert result.exit_code == 2
    assert result.stdout.startswith(expected)
    assert result.stdout.splitlines()[-1].endswith(", 1 error in policy or test files")


def test_a_malformed_policy_is_exit_2(tmp_path: Path) -> None:
    repo = _project_copy(tmp_path)
    (repo / "policies/broken.yaml").write_text(
        "apiVersion: cmdbgit/v1\nkind: Policy\nmetadata: {id: broken}\nspec: {rule: max-age}\n"
    )
    result = run_cli("policy", "test", repo=repo)
    assert result.exit_code == 2
    assert (
        "policies/broken.yaml:4:1: error [policy] spec.params.months: this required field is missing"
        in result.stdout
    )


def test_directory_argument_and_missing_directory(tmp_path: Path) -> None:
    repo = _project_copy(tmp_path)
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(ROOT / "policies/tests/people.yaml", only / "people.yaml")
    result = run_cli("policy", "test", str(only), repo=repo)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "2 tests: 2 passed, 0 failed"
    assert f"({only.as_posix()}/people.yaml:" in result.stdout
    result = run_cli("policy", "test", str(tmp_path / "nowhere"), repo=repo)
    assert result.exit_code == 2
    assert result.stderr.startswith("cmdbgit: error: ") and "no such directory" in result.stderr


def test_policy_list_text_and_json() -> None:
    text = run_cli("policy", "list").stdout
    for rule_id, rule in RULES.items():
        assert f"{rule_id}\n    {rule.description}\n" in text
    assert "    min_days_left: int (default 0) — days of coverage" in text
    assert "    months: int (required) — maximum age in months" in text
    assert "    from: match (required)" in text
    data = json.loads(run_cli("policy", "list", "--format", "json").stdout)
    by_id = {r["id"]: r for r in data["rules"]}
    assert list(by_id) == list(RULES)
    assert by_id["warranty-valid"]["params"] == [
        {
            "name": "min_days_left",
            "type": "int",
            "required": False,
            "default": 0,
            "description": "days of coverage that must remain after the run's date",
        }
    ]
    assert by_id["no-plaintext-secrets"]["params"] == []


def test_init_scaffolds_working_policies_and_tests(tmp_path: Path) -> None:
    target = tmp_path / "new"
    assert run_cli("init", str(target)).exit_code == 0
    assert (target / "policies/hardware.yaml").is_file()
    assert not (target / "policies/tests/waivers.yaml").exists()
    result = run_cli("validate", repo=target)
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (
        0,
        "ok: 6 documents, 0 errors, 0 warnings",
    ), result.stdout
    result = run_cli("policy", "test", repo=target)
    assert result.exit_code == 0, result.stdout
