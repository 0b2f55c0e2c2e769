"""The project's ``.pre-commit-hooks.yaml`` run by the real ``pre-commit`` (``try-repo``
against this checkout) in a scratch inventory made by ``init``: a broken reference stops the
commit, ``fmt`` rewrites a file, the policy tests pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.slow


def _try(repo: Path, home: Path, hook: str, *args: str) -> subprocess.CompletedProcess[str]:
    # A clean clone of the committed project: try-repo installs the hooks' environment once
    # per commit and reuses it (a dirty checkout would make it install on every call).
    checkout = home.parent / "cmdbgit-checkout"
    if not checkout.exists():
        _git(home.parent, "clone", "-q", "--no-hardlinks", str(ROOT), str(checkout))
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(checkout), hook, *args],
        cwd=repo,
        env={**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_hooks_catch_a_broken_reference_and_format(tmp_path: Path) -> None:
    repo = tmp_path / "cmdb"
    assert run_cli("init", str(repo)).exit_code == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "init")
    home = tmp_path / "pre-commit-home"

    broken = repo / "inventory/broken.yaml"
    broken.write_text(
        "apiVersion: cmdbgit/v1\nkind: Application\n"
        "metadata: {id: app-x, owner: team-platform, labels: {env: prod}}\n"
        "relations:\n  - {type: part_of, target: svc-nowhere}\n"
    )
    _git(repo, "add", "-A")
    validate = _try(repo, home, "cmdbgit-validate")
    assert validate.returncode == 1, validate.stdout + validate.stderr
    assert "dangling-reference" in validate.stdout

    broken.write_text(
        "# the website's worker\nkind: Application\napiVersion: cmdbgit/v1\n"
        "metadata: {owner: team-platform, id: app-x, labels: {env: prod}}\n"
        "relations:\n  - {target: svc-website, type: part_of}\n"
    )
    _git(repo, "add", "-A")
    assert _try(repo, home, "cmdbgit-validate").returncode == 0
    fmt = _try(repo, home, "cmdbgit-fmt", "--files", "inventory/broken.yaml")
    assert fmt.returncode == 1  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in fmt.stdout
    assert broken.read_text() == (
        "# the website's worker\napiVersion: cmdbgit/v1\nkind: Application\n"
        "metadata: {id: app-x, owner: team-platform, labels: {env: prod}}\n"
        "relations:\n  - {type: part_of, target: svc-website}\n"
    )
    assert _try(repo, home, "cmdbgit-fmt", "--files", "inventory/broken.yaml").returncode == 0
    tests = _try(repo, home, "cmdbgit-policy-test", "--all-files")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "cmdbgit policy test" in tests.stdout and "Passed" in tests.stdout
