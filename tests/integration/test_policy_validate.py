"""Policies through ``cmdbgit validate``: the example organisation, dates, secrets, bad policies."""

from __future__ import annotations

import json

import pytest

from cmdbgit.output.formats import PROBLEM_FORMATS
from tests.conftest import ROOT, GitRepo, run_cli, run_json

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
WARRANTY_POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: prod-hardware-under-warranty, owner: team-a}
spec:
  description: Deployed production hardware keeps 30 days of warranty
  severity: error
  match: {kinds: [HardwareAsset], labels: {env: prod}, where: {spec.lifecycle.status: deployed}}
  rule: warranty-valid
  params: {min_days_left: 30}
"""
SERVER_HW = """\
apiVersion: cmdbgit/v1
kind: HardwareAsset
metadata: {id: hw-db-01, owner: team-a, labels: {env: prod}}
spec:
  serial: CZJ14501KQ
  lifecycle: {status: deployed}
  warranty: {end: 2027-01-15}
"""


def test_example_organisation_passes_with_warnings_and_waivers() -> None:
    code, report = run_json("validate", repo=ROOT)
    assert code == 0 and report["summary"]["errors"] == 0
    warnings = sorted((p["rule"], p["id"]) for p in report["problems"])
    assert warnings == [
        ("policy/hardware-refresh-due", "hw-net-sw-hh-01"),
        ("policy/hardware-refresh-due", "hw-srv-edi-01"),
        ("policy/laptop-warranty", "hw-lt-0006"),
        ("policy/licenses-within-entitlement", "lic-acrobat-pro"),
        ("policy/licenses-within-entitlement", "lic-jetbrains-all-products"),
        ("policy/software-supported", "db-edi"),
        ("policy/software-supported", "db-hr"),
        ("policy/software-supported", "ep-lt-0006"),
        ("policy/software-supported", "srv-edi-01"),
    ]
    assert {p["severity"] for p in report["problems"]} == {"warning"}
    waived = {
        (s["problem"]["rule"], s["problem"]["id"]): s["exception"] for s in report["suppressed"]
    }
    assert sorted(waived) == [
        ("policy/assets-with-current-staff", "ep-lt-0005"),
        ("policy/assets-with-current-staff", "hw-lt-0005"),
        ("policy/prod-hardware-under-warranty", "hw-net-sw-hh-01"),
        ("policy/prod-hardware-under-warranty", "hw-srv-edi-01"),
        ("policy/tier1-software-supported", "db-edi"),
        ("policy/tier1-software-supported", "srv-edi-01"),
    ]
    assert all(e["reason"] and e["expires"] >= "2026-11-27" for e in waived.values())
    assert report["summary"]["suppressed"] == 6
    text = run_cli("validate", repo=ROOT).stdout
    # 232 = 206 + 13 hardware models, a region, a room and a rack, 2 PDUs, 2 clusters (payments
    # DB, rack power), an API, a library, 2 domains and 2 parent teams.
    assert text.splitlines()[-1] == "ok: 232 documents, 0 errors, 9 warnings, 6 suppressed"


def test_example_organisation_fails_once_the_waivers_expire() -> None:
    result = run_cli("validate", "--as-of", "2027-04-01", "--format", "json", repo=ROOT)
    report = json.loads(result.stdout)
    expired = [p for p in report["problems"] if "exception expired" in p["message"]]
    assert result.exit_code == 1
    assert {p["id"] for p in expired} >= {"hw-srv-edi-01", "srv-edi-01", "db-edi", "hw-lt-0005"}


@pytest.mark.parametrize(
    ("as_of", "code", "message"),
    [
        ("2026-11-27", 0, None),
        ("2026-12-16", 0, None),  # exactly 30 days left
        ("2026-12-17", 1, "warranty ends on 2027-01-15, in 29 days (at least 30 required)"),
        ("2027-01-16", 1, "warranty ended on 2027-01-15 (1 day ago)"),
    ],
)
def test_as_of_decides_the_warranty(
    scaffold_repo: GitRepo, as_of: str, code: int, message: str | None
) -> None:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.write("inventory/hw.yaml", SERVER_HW)
    scaffold_repo.write("policies/hardware.yaml", WARRANTY_POLICY)
    result = run_cli("validate", "--as-of", as_of, "--format", "json", repo=scaffold_repo.path)
    report = json.loads(result.stdout)
    assert result.exit_code == code
    assert [p["message"] for p in report["problems"]] == ([message] if message else [])
    if message:
        [problem] = report["problems"]
        assert (problem["file"], problem["line"], problem["column"]) == ("inventory/hw.yaml", 7, 19)
        assert (problem["rule"], problem["path"]) == (
            "policy/prod-hardware-under-warranty",
            "spec.warranty.end",
        )
        text = run_cli("validate", "--as-of", as_of, repo=scaffold_repo.path).stdout
        assert text.startswith(
            f"inventory/hw.yaml:7:19: error [policy/prod-hardware-under-warranty] spec.warranty.end: {message}\n"
        )


SECRETS = {
    "password": "Tr0ub4dor&3-correct-horse",
    "token": "ghp_EXAMPLEexampleEXAMPLEexample0123456789",
    "pem": "MIIEowIBAAKCAQEAexamplePrivateKeyBody0123456789",
    "aws": "AKIAIOSFODNN7EXAMPLE",
}
LEAKY = f"""\
apiVersion: cmdbgit/v1
kind: Server
metadata:
  id: srv-leaky
  owner: team-a
  annotations:
    admin_password: "{SECRETS["password"]}"
    deploy_note: "run with {SECRETS["token"]}"
    aws: "{SECRETS["aws"]}"
    ssh_key: |
      -----BEGIN RSA PRIVATE KEY-----
      {SECRETS["pem"]}
      -----END RSA PRIVATE KEY-----
spec: {{hostname: leaky}}
"""
SECRET_POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: no-plaintext-secrets}
spec: {rule: no-plaintext-secrets}
"""


@pytest.mark.parametrize("fmt", sorted(PROBLEM_FORMATS))
def test_secrets_never_appear_in_any_output(scaffold_repo: GitRepo, fmt: str) -> None:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.write("inventory/leaky.yaml", LEAKY)
    scaffold_repo.write("policies/secrets.yaml", SECRET_POLICY)
    result = run_cli("validate", "--format", fmt, repo=scaffold_repo.path)
    assert result.exit_code == 1
    assert "admin_password" in result.stdout  # the field is named …
    for value in SECRETS.values():  # … its value never is
        assert value not in result.output
    assert "ghp_" not in result.output and "BEGIN RSA" not in result.output


def test_secret_findings_in_json(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.write("inventory/leaky.yaml", LEAKY)
    scaffold_repo.write("policies/secrets.yaml", SECRET_POLICY)
    code, report = run_json("validate", repo=scaffold_repo.path)
    assert code == 1
    assert [(p["path"], p["line"]) for p in report["problems"]] == [
        ("metadata.annotations.admin_password", 7),
        ("metadata.annotations.deploy_note", 8),
        ("metadata.annotations.aws", 9),
        ("metadata.annotations.ssh_key", 10),
    ]


def test_malformed_policy_is_a_located_error(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.write(
        "policies/hardware.yaml", WARRANTY_POLICY.replace("min_days_left: 30", "min_days: 30")
    )
    result = run_cli("validate", repo=scaffold_repo.path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "policies/hardware.yaml:9:12: error [policy] spec.params.min_days: unknown field 'min_days' (did you mean 'min_days_left'?)"
    )


def test_expired_exception_says_when(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.write("inventory/hw.yaml", SERVER_HW.replace("2027-01-15", "2025-01-15"))
    scaffold_repo.write(
        "policies/hardware.yaml",
        WARRANTY_POLICY
        + "  exceptions:\n    - {id: hw-db-01, reason: renewal pending, expires: 2026-10-31}\n"
        + "    - {id: hw-gone, reason: sold, expires: 2027-10-31}\n",
    )
    code, report = run_json("validate", repo=scaffold_repo.path)
    assert code == 1
    assert [(p["rule"], p["severity"], p["message"]) for p in report["problems"]] == [
        (
            "policy/prod-hardware-under-warranty",
            "error",
            "warranty ended on 2025-01-15 (681 days ago) (exception expired on 2026-10-31)",
        ),
        (
            "policy-exception",
            "warning",
            "exception of policy 'prod-hardware-under-warranty' names no document: 'hw-gone'",
        ),
    ]
    code, report = run_json("validate", "--as-of", "2026-10-31", repo=scaffold_repo.path)
    assert code == 0 and report["summary"]["suppressed"] == 1
