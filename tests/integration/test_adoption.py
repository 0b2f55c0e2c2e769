"""The first hour of an adopter, end to end through the installed console script: an
organisation's repository with a .gitignore, a README and history on ``master`` gets cmdbgit,
a first document and a pull-request branch that ``check`` judges."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GitRepo


def _cmdbgit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("cmdbgit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the cmdbgit console script is not installed next to this interpreter")
    return subprocess.run(
        [exe, *args], cwd=repo, capture_output=True, text=True, check=False, env=os.environ
    )


def test_an_existing_repository_adopts_cmdbgit(git_repo: GitRepo) -> None:
    repo = git_repo
    repo.git("checkout", "-q", "-b", "master")
    repo.write(".gitignore", "*.tfstate\n")
    repo.write("README.md", "# Infrastructure\n")
    repo.commit("our repository")
    repo.write("terraform/main.tf", 'resource "null_resource" "x" {}\n')
    repo.commit("some history")

    init = _cmdbgit(repo.path, "init", "--no-example")
    assert init.returncode == 0, init.stderr
    assert "skipped README.md" not in init.stdout  # not in the scaffold: untouched, unlisted
    assert "appended cmdbgit's lines to .gitignore" in init.stdout
    assert (repo.path / "README.md").read_text() == "# Infrastructure\n"
    assert (
        repo.path / ".gitignore"
    ).read_text() == "*.tfstate\n# cmdbgit's local state (parse cache)\n.cmdbgit/\n"
    assert repo.git("branch", "--show-current") == "master"
    assert "base_branch: master\n" in (repo.path / "cmdbgit.yaml").read_text()
    validate = _cmdbgit(repo.path, "validate", "--as-of", "2026-11-27")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    repo.commit("Set up cmdbgit")

    repo.git("checkout", "-q", "-b", "add-web-server")
    repo.write(
        "inventory/servers/web.yaml",
        "apiVersion: cmdbgit/v1\nkind: Server\nmetadata:\n  id: srv-web-01\n"
        "  name: Web server 01\n  owner: team-platform\n  labels: {env: prod}\n"
        "spec:\n  hostname: web-01.example.com\n",
    )
    repo.commit("A web server")
    # Without --base, check compares with base_branch; until that lands it is named here.
    check = _cmdbgit(
        repo.path, "check", "--base", "master", "--as-of", "2026-11-27", "--json", "c.json"
    )
    assert check.returncode == 0, check.stdout + check.stderr
    result = json.loads((repo.path / "c.json").read_text())
    assert result["verdict"] == "pass"
    assert [c["id"] for c in result["diff"]["changes"]] == ["srv-web-01"]

    # A mistake on the branch is the change's own problem, and fails the check.
    repo.write(
        "inventory/servers/db.yaml",
        "apiVersion: cmdbgit/v1\nkind: Server\nmetadata:\n  id: srv-db-01\n"
        "  owner: team-dba\n  labels: {env: prod}\nspec:\n  hostname: db-01\n",
    )
    repo.commit("A database server owned by a team that is not there")
    check = _cmdbgit(repo.path, "check", "--base", "master", "--as-of", "2026-11-27")
    assert check.returncode == 1
    assert "[dangling-reference] metadata.owner: owner 'team-dba' names no document" in check.stdout
