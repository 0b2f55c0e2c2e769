"""``validate --policies-from REF``: the base's policies judge the head, whatever the head says."""

from __future__ import annotations

import pytest

from tests.conftest import GitRepo, run_cli, run_json

TEAM = """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-a}
spec: {members: [p-a]}
---
apiVersion: cmdbgit/v1
kind: Person
metadata: {id: p-a}
spec: {email: a@example.com, status: active}
"""
POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: prod-independent-of-nonprod, owner: team-a}
spec:
  description: Production must not depend on dev or test
  severity: error
  rule: forbid-dependency
  params:
    from: {labels: {env: prod}}
    to: {labels: {env: [dev, test]}}
"""
APP = """\
apiVersion: cmdbgit/v1
kind: Application
metadata: {{id: app-pay, owner: team-a, labels: {{env: prod}}}}
relations: [{{type: depends_on, target: {target}}}]
---
apiVersion: cmdbgit/v1
kind: Database
metadata: {{id: db-prod, owner: team-a, labels: {{env: prod}}}}
---
apiVersion: cmdbgit/v1
kind: Database
metadata: {{id: db-dev, owner: team-a, labels: {{env: dev}}}}
"""

#: Ways a pull request could try to disable the rule that judges it.
WEAKENINGS = {
    "downgraded": lambda repo: repo.write(
        "policies/deps.yaml", POLICY.replace("severity: error", "severity: info")
    ),
    "deleted": lambda repo: (repo.path / "policies/deps.yaml").unlink(),
    "waived": lambda repo: repo.write(
        "policies/deps.yaml",
        POLICY + "  exceptions:\n    - {id: app-pay, reason: trust me, expires: 2099-12-31}\n",
    ),
    "narrowed": lambda repo: repo.write(
        "policies/deps.yaml", POLICY.replace("[dev, test]", "[test]")
    ),
    "broken": lambda repo: repo.write("policies/deps.yaml", "not: [a policy\n"),
}


def _base(repo: GitRepo) -> str:
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/apps.yaml", APP.format(target="db-prod"))
    repo.write("policies/deps.yaml", POLICY)
    return repo.commit("base: production depends on production")


@pytest.mark.parametrize("weakening", sorted(WEAKENINGS))
def test_head_that_weakens_a_policy_and_violates_it_fails_against_the_base(
    scaffold_repo: GitRepo, weakening: str
) -> None:
    base = _base(scaffold_repo)
    assert run_cli("validate", repo=scaffold_repo.path).exit_code == 0
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    WEAKENINGS[weakening](scaffold_repo)
    scaffold_repo.write("inventory/apps.yaml", APP.format(target="db-dev"))
    scaffold_repo.commit(f"head: {weakening} the policy and depend on dev")

    # Judged by its own rules, the head passes (or at least does not fail this policy) …
    code, own = run_json("validate", "--ref", "HEAD", repo=scaffold_repo.path)
    assert ("policy/prod-independent-of-nonprod", "app-pay", "error") not in {
        (p["rule"], p["id"], p["severity"]) for p in own["problems"]
    }
    assert (
        run_json("validate", "--ref", "HEAD", "--policies-from", "head", repo=scaffold_repo.path)[0]
        == code
    )

    # … judged by the base's, it fails, for the working tree and for the commit alike.
    for extra in ((), ("--ref", "HEAD")):
        code, report = run_json(
            "validate", *extra, "--policies-from", base, repo=scaffold_repo.path
        )
        assert code == 1
        assert [(p["rule"], p["id"], p["severity"], p["path"]) for p in report["problems"]] == [
            ("policy/prod-independent-of-nonprod", "app-pay", "error", "relations[0].target")
        ]
        assert report["suppressed"] == []
    code, _ = run_json("validate", "--policies-from", "main", repo=scaffold_repo.path)
    assert code == 1


def test_base_policies_are_located_in_the_base_files(scaffold_repo: GitRepo) -> None:
    _base(scaffold_repo)
    stale_waiver = POLICY + "  exceptions:\n    - {id: gone, reason: r, expires: 2099-01-01}\n"
    scaffold_repo.write("policies/deps.yaml", stale_waiver)
    base = scaffold_repo.commit("a waiver for a document that no longer exists")
    # The working tree moves the policy down three lines: a problem about the judging policy
    # points at the base's file, where that policy was written.
    scaffold_repo.write("policies/deps.yaml", "# a\n# b\n# c\n" + stale_waiver)
    code, report = run_json("validate", "--policies-from", base, repo=scaffold_repo.path)
    assert code == 0
    [warning] = report["problems"]
    assert (warning["rule"], warning["file"], warning["line"]) == (
        "policy-exception",
        "policies/deps.yaml",
        12,
    )
    code, report = run_json("validate", repo=scaffold_repo.path)
    assert [p["line"] for p in report["problems"]] == [15]


def test_unknown_policies_ref_is_exit_2(scaffold_repo: GitRepo) -> None:
    _base(scaffold_repo)
    result = run_cli("validate", "--policies-from", "no-such-ref", repo=scaffold_repo.path)
    assert result.exit_code == 2 and "unknown Git ref 'no-such-ref'" in result.stderr
