"""``cmdbgit codeowners``: CODEOWNERS from document owners, collapsed by folder, checked the
way GitHub reads it, and ``--check`` failing when it is stale."""

from __future__ import annotations

import re
import shutil

import pytest

from cmdbgit.authoring.codeowners import check_syntax
from tests.conftest import ROOT, GitRepo, run_cli

ADMIN = "@northwind-logistics/cmdb-admins"


@pytest.fixture
def example(git_repo: GitRepo) -> GitRepo:
    for folder in ("inventory", "schemas", "policies"):
        shutil.copytree(ROOT / folder, git_repo.path / folder)
    git_repo.write("cmdbgit.yaml", f'codeowners: {{admin: "{ADMIN}"}}\n')
    git_repo.commit("example")
    return git_repo


def _lines(repo: GitRepo) -> dict[str, list[str]]:
    text = (repo.path / ".github/CODEOWNERS").read_text()
    assert check_syntax(text) == []
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            pattern, *owners = re.split(r"(?<!\\) ", line)
            out[pattern] = owners
    return out


def test_codeowners_from_owners_collapsed_by_folder(example: GitRepo) -> None:
    result = run_cli("codeowners", repo=example.path)
    assert result.exit_code == 0, result.output
    lines = _lines(example)
    # A folder whose files share one owner set is one line; nothing under it is listed.
    assert lines["/inventory/endpoints/"] == ["@northwind-logistics/workplace-it"]
    assert not [p for p in lines if p.startswith("/inventory/endpoints/") and p.endswith(".yaml")]
    # A multi-document file lists every owning team.
    assert lines["/inventory/hardware/servers.yaml"] == [
        "@northwind-logistics/dba",
        "@northwind-logistics/platform",
        "@northwind-logistics/shipping",
    ]
    for rules in ("/policies/", "/schemas/", "/cmdbgit.yaml", "/.github/"):
        assert lines[rules] == [ADMIN]
    assert lines["/inventory/org/"] == [ADMIN]  # teams and people own no team
    # Every inventory file is matched by exactly one line.
    files = [
        p.relative_to(example.path).as_posix() for p in (example.path / "inventory").rglob("*.yaml")
    ]
    for file in files:
        hits = [
            p for p in lines if f"/{file}" == p or (f"/{file}".startswith(p) and p.endswith("/"))
        ]
        assert len(hits) == 1, (file, hits)
    assert run_cli("codeowners", "--check", repo=example.path).exit_code == 0


def test_check_fails_when_an_owner_changes(example: GitRepo) -> None:
    assert run_cli("codeowners", repo=example.path).exit_code == 0
    assert (
        run_cli("set", "ep-lt-0006", "metadata.owner=team-platform", repo=example.path).exit_code
        == 0
    )
    stale = run_cli("codeowners", "--check", repo=example.path)
    assert stale.exit_code == 1
    assert "stale" in stale.stdout
    assert run_cli("codeowners", repo=example.path).exit_code == 0
    lines = _lines(example)
    assert "/inventory/endpoints/" not in lines
    assert run_cli("codeowners", "--check", repo=example.path).exit_code == 0


def test_odd_paths_are_escaped(example: GitRepo) -> None:
    example.write(
        "inventory/odd dir/#1 [x].yaml",
        "apiVersion: cmdbgit/v1\nkind: Vendor\nmetadata: {id: vendor-odd, owner: team-dba}\n",
    )
    assert run_cli("codeowners", repo=example.path).exit_code == 0
    lines = _lines(example)
    assert lines["/inventory/odd\\ dir/"] == ["@northwind-logistics/dba"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("/a.yaml", "no owner"),
        ("/a.yaml team-x", "is not @user"),
        ("!/a.yaml @o/t", "does not support"),
        ("/a[0-9].yaml @o/t", "does not support"),
    ],
)
def test_syntax_check_rejects_what_github_rejects(line: str, problem: str) -> None:
    assert problem in check_syntax(line + "\n")[0]
    assert check_syntax("# comment\n\n/a\\ b.yaml @o/t user@example.com @someone\n") == []
