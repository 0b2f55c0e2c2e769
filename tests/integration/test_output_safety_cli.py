"""What cmdbgit prints and writes, through the real CLI on real repositories: no secret, no
workflow command, no control character, no crash on a lone surrogate, and one-line exit 2 when
the output cannot be written."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import AS_OF, GitRepo, run_cli

ORG = """\
apiVersion: cmdbgit/v1
kind: Team
metadata:
  id: team-platform
  name: Platform
---
apiVersion: cmdbgit/v1
kind: Service
metadata:
  id: svc-web
  name: Web shop
  owner: team-platform
spec:
  criticality: tier-2
"""
SECRETS_POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: no-secrets, owner: team-platform}
spec:
  description: No plaintext secrets
  severity: error
  rule: no-plaintext-secrets
"""
CANARY = "c4n4ry"
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
INJECT = (
    "x\\n::warning file=a::owned\\n::add-mask::m\\n::stop-commands::t \\e]8;;https://e\\a \\u202E"
)


def _service(ident: str, extra: str = "", owner: str = "team-platform") -> str:
    return (
        f"apiVersion: cmdbgit/v1\nkind: Service\nmetadata:\n  id: {ident}\n"
        f"  owner: {owner}\nspec:\n  criticality: tier-3\n{extra}"
    )


@pytest.fixture
def project(git_repo: GitRepo) -> GitRepo:
    git_repo.write("inventory/org.yaml", ORG)
    git_repo.commit("base")
    return git_repo


def _cmdbgit(repo: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cmdbgit", "--repo", str(repo), "--as-of", AS_OF, *args],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        check=False,
        timeout=60,
        **kwargs,  # type: ignore[arg-type]
    )


def _assert_safe(output: str, label: str) -> None:
    assert CANARY not in output, label
    for line in output.splitlines():
        assert not line.lstrip().startswith("::"), f"{label}: {line!r}"
    assert not FORBIDDEN.search(output), f"{label}: {FORBIDDEN.search(output)!r}"


def test_dangling_references_never_quote_a_secret(project: GitRepo) -> None:
    pem = "-----BEGIN RSA PRIVATE KEY-----\\nMIIc4n4ry\\n-----END RSA PRIVATE KEY-----"
    project.write(
        "inventory/svc.yaml",
        _service("svc-a", owner=f'"{pem}"')
        + "relations:\n  - type: depends_on\n    target: postgres://u:c4n4ry@db/app\n"
        + "  - type: depends_on\n    target: team-platform\n",
    )
    result = run_cli("validate", repo=project.path)
    assert result.exit_code == 1
    assert "owner <redacted> names no document" in result.stdout
    assert "relation target <redacted> names no document" in result.stdout
    _assert_safe(result.stdout, "validate")
    for args in (("show", "svc-a"), ("get",), ("graph", "--format", "json"), ("diff",)):
        _assert_safe(run_cli(*args, repo=project.path).stdout, " ".join(args))


def test_an_existing_id_is_shown(project: GitRepo) -> None:
    project.write("inventory/svc.yaml", _service("svc-a", owner="svc-web"))
    result = run_cli("validate", repo=project.path)
    assert "owner 'svc-web' is a Service, not a Team" in result.stdout


def test_a_key_value_password_in_a_description(project: GitRepo) -> None:
    project.write("policies/secrets.yaml", SECRETS_POLICY)
    project.write("inventory/svc.yaml", _service("svc-a", "  description: first\n"))
    project.commit("policy")
    project.write(
        "inventory/svc.yaml",
        _service("svc-a", "  description: 'login: password=c4n4ry-Sup3rS3cret!2026'\n"),
    )
    result = run_cli("validate", repo=project.path)
    assert result.exit_code == 1
    (flagged,) = [line for line in result.stdout.splitlines() if "[policy/no-secrets]" in line]
    assert "spec.description" in flagged and "looks like a plaintext secret" in flagged
    for fmt in ("text", "json", "markdown"):
        out = run_cli("diff", "--format", fmt, repo=project.path).stdout
        assert "spec.description" in out and "<redacted>" in out and CANARY not in out, fmt


def test_injected_text_is_escaped_in_every_text_output(project: GitRepo) -> None:
    project.write("inventory/svc.yaml", _service("svc-web-2"))
    project.commit("more")
    project.write(
        "inventory/evil.yaml",
        f'apiVersion: cmdbgit/v1\nkind: Service\nmetadata:\n  id: svc-evil\n  name: "{INJECT}"\n'
        f'  owner: team-platform\nspec:\n  criticality: tier-3\n  description: "{INJECT}"\n'
        f'relations:\n  - type: "{INJECT}"\n    target: svc-web\n'
        f'  - type: depends_on\n    target: "{INJECT}"\n'
        "---\n"
        f'apiVersion: cmdbgit/v1\nkind: "{INJECT}"\nmetadata:\n  id: odd\n  owner: team-platform\n',
    )
    project.write("inventory/x\n::warning file=a::b\u202e.yaml", "a: [unclosed\n")
    project.write("::add-mask::root.yaml", "x: 1\n")
    project.write("cmdbgit.yaml", "paths:\n  inventory: .\n")
    commands = [
        ("validate",),
        ("validate", "--format", "junit"),
        ("validate", "--format", "github"),
        ("validate", "--format", "markdown"),
        ("check", "--format", "text"),
        ("diff",),
        ("diff", "--format", "markdown"),
        ("graph", "--format", "dot"),
        ("graph", "--format", "mermaid"),
        ("graph", "--format", "graphml"),
        ("get",),
        ("get", "--format", "ids"),
        ("show", "svc-evil"),
        ("impact", "svc-web"),
        ("history", "svc-web"),
        ("report", "all"),
    ]
    for args in commands:
        result = _cmdbgit(project.path, *args)
        assert result.returncode in (0, 1), (args, result.stderr)
        output = result.stdout + result.stderr
        if args[-1] == "github":  # only cmdbgit's own commands start a line
            output = "\n".join(
                line
                for line in output.splitlines()
                if not re.match(r"::(error|warning|notice) ", line)
            )
        _assert_safe(output, " ".join(args))
    assert "\\u003a:add-mask::root.yaml" in _cmdbgit(project.path, "validate").stdout


def test_error_messages_are_one_escaped_line(project: GitRepo) -> None:
    result = _cmdbgit(project.path, "show", "x\n::error::forged\x1b[2J")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    _assert_safe(result.stderr, "stderr")


def test_a_lone_surrogate_ends_no_command(project: GitRepo) -> None:
    """A lone surrogate (``"\\ud800"``) names no Unicode character: the loader refuses it as a
    located ``yaml`` problem, and no command ends half-way through its output because of it."""
    project.write("inventory/svc.yaml", _service("svc-sur", "  description: whole\n"))
    project.commit("before")
    project.write(
        "inventory/svc.yaml",
        _service("svc-sur", '  description: "\\ud83d"\n').replace(
            "owner: team-platform", 'owner: team-platform\n  name: "half \\ud800"'
        ),
    )
    validate = _cmdbgit(project.path, "validate")
    assert validate.returncode == 1
    assert "[yaml]" in validate.stdout and "surrogate" in validate.stdout
    out = project.path.parent / "out"
    for args in (
        ("get", "--format", "json"),
        ("diff", "--format", "json"),
        ("graph", "--format", "json"),
    ):
        result = _cmdbgit(project.path, *args)
        assert result.returncode == 0, (args, result.stderr)
        json.loads(result.stdout)
    for args in (("get",), ("diff",), ("validate", "--format", "sarif")):
        result = _cmdbgit(project.path, *args)
        assert result.returncode in (0, 1) and not result.stderr, (args, result.stderr)
    result = _cmdbgit(project.path, "check", "--json", str(out / "c.json"))
    assert result.returncode in (0, 1), result.stderr
    json.loads((out / "c.json").read_text(encoding="utf-8"))


def test_stdout_to_dev_full_is_one_line_exit_2(project: GitRepo) -> None:
    with open(os.devnull if not Path("/dev/full").exists() else "/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "cmdbgit", "--repo", str(project.path), "get"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["cmdbgit: error: No space left on device"]


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))


def test_file_size_limit_writes_none_of_checks_outputs(project: GitRepo) -> None:
    out = project.path.parent / "out"
    files = ["--report", str(out / "R.md"), "--sarif", str(out / "R.sarif")]
    result = _cmdbgit(
        project.path, "check", *files, "--json", str(out / "R.json"), preexec_fn=_small_files
    )
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("cmdbgit: error: cannot write ") and "File too large" in line
    assert list(out.iterdir()) == []


def test_report_under_a_regular_file_is_one_line_exit_2(project: GitRepo) -> None:
    blocker = project.path.parent / "blocker"
    blocker.write_text("x")
    result = _cmdbgit(project.path, "check", "--report", str(blocker / "sub" / "R.md"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"cmdbgit: error: cannot write {blocker / 'sub' / 'R.md'}: a folder on its path is a file"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_is_one_line_exit_2(project: GitRepo) -> None:
    folder = project.path.parent / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    result = _cmdbgit(project.path, "check", "--report", str(folder / "R.md"))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "Permission denied" in result.stderr


def test_check_output_files_honour_the_umask(project: GitRepo) -> None:
    out = project.path.parent / "out"
    result = _cmdbgit(
        project.path, "check", "--report", str(out / "R.md"), preexec_fn=lambda: os.umask(0o022)
    )
    assert result.returncode == 0, result.stderr
    assert (out / "R.md").stat().st_mode & 0o777 == 0o644


def test_a_huge_id_is_not_echoed(project: GitRepo) -> None:
    project.write("inventory/huge.yaml", _service("svc-" + "a" * 100_000))
    result = run_cli("validate", repo=project.path)
    assert result.exit_code == 1
    assert "[envelope]" in result.stdout
    assert len(result.stdout) < 2_000
    assert len(run_cli("get", "--format", "ids", repo=project.path).stdout) < 100


def test_an_invalid_schema_file_is_one_located_line(project: GitRepo) -> None:
    project.write("schemas/Team.schema.json", '{"properties": {"a": {"minLength": -1}}}')
    project.write("schemas/Service.schema.json", "{}")
    result = _cmdbgit(project.path, "validate")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "cmdbgit: error: schemas/Team.schema.json: invalid JSON Schema at "
        "/properties/a/minLength: -1 is less than the minimum of 0"
    ]
