"""Which project a command means: found from the current folder as git finds its top, and an
error (exit 2, one line) where there is nothing to judge — never "ok: 0 documents"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cmdbgit.cli.main import cli
from tests.conftest import AS_OF, ROOT, GitRepo

#: Three errors the feature branch adds: an unknown owner, a dangling relation, a bad type.
BROKEN = """\
apiVersion: cmdbgit/v1
kind: Service
metadata: {id: svc-broken, name: Broken, owner: team-nobody}
spec: {criticality: tier-1}
relations:
  - {type: depends_on, target: app-nowhere}
  - {type: no_such_type, target: svc-payments}
"""


def run_here(*args: str) -> Result:
    """The CLI as a user types it: no --repo, in the current folder."""
    return CliRunner().invoke(cli, ["--as-of", AS_OF, *args], catch_exceptions=False)


def run_top(top: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["--repo", str(top), "--as-of", AS_OF, *args], catch_exceptions=False
    )


@pytest.fixture
def example(git_repo: GitRepo) -> GitRepo:
    """The project's example organisation on main, and a branch adding three errors."""
    for folder in ("inventory", "schemas", "policies"):
        shutil.copytree(ROOT / folder, git_repo.path / folder)
    git_repo.commit("the example organisation")
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.write("inventory/services/broken.yaml", BROKEN)
    git_repo.commit("feature: a broken service")
    return git_repo


COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["check", "--base", "main", "--format", "text"],
    ["check", "--format", "text"],
    ["diff", "main", "--format", "json"],
    ["diff", "--format", "json"],
    ["impact", "--since", "main"],
    ["get", "Service", "--format", "json"],
    ["show", "svc-payments"],
    ["graph", "svc-payments", "--format", "dot"],
    ["history", "svc-broken"],
    ["report", "warranty", "--format", "json"],
    ["report", "health", "--format", "json"],
    ["policy", "list"],
    ["policy", "test"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a[:2]))
def test_every_command_from_a_subfolder_means_the_whole_project(
    example: GitRepo, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    expected = run_top(example.path, *args)
    monkeypatch.chdir(example.path / "inventory" / "services")
    here = run_here(*args)
    assert (here.exit_code, here.stdout) == (expected.exit_code, expected.stdout)
    assert here.exit_code in (0, 1), here.output
    assert "0 documents" not in here.stdout


def test_check_from_a_subfolder_fails_on_the_new_errors(
    example: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example.path / "inventory" / "services")
    result = run_here("check", "--base", "main", "--format", "text")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].startswith("check failed: new problems: 5 error(s)")
    for rule in ("dangling-reference", "relation-type"):
        assert f"error [{rule}]" in result.stdout


def test_the_nearest_config_marks_a_project_in_a_subfolder(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repository whose project lives in ``cmdb/``; the repository's top holds another
    ``inventory/`` that is not it. From ``cmdb/inventory``, the config wins."""
    git_repo.write("cmdb/cmdbgit.yaml", "base_branch: main\n")
    git_repo.write(
        "cmdb/inventory/org.yaml",
        "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a, name: A}\n",
    )
    git_repo.write("inventory/notes.yaml", "not: [a, cmdbgit, document\n")
    git_repo.commit("two folders")
    monkeypatch.chdir(git_repo.path / "cmdb" / "inventory")
    result = run_here("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("ok: 1 document")
    # From the top, the top's own inventory is the project (and it does not parse).
    monkeypatch.chdir(git_repo.path)
    assert run_here("validate").exit_code == 1
    # --repo still names the project outright.
    monkeypatch.chdir(git_repo.path / "inventory")
    assert run_here("--repo", str(git_repo.path / "cmdb"), "validate").exit_code == 0


def test_a_folder_outside_any_repository_with_nothing_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    monkeypatch.chdir(empty)
    for args in (["validate"], ["report", "all", "--format", "json"], ["get"]):
        result = run_here(*args)
        assert result.exit_code == 2, args
        [line] = result.stderr.splitlines()
        assert line.startswith("cmdbgit: error: no inventory: ")
        assert f"{empty}/inventory does not exist" in line
        assert "not inside a Git repository" in line


def test_a_plain_folder_with_an_inventory_still_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain"
    (folder / "inventory").mkdir(parents=True)
    (folder / "inventory" / "org.yaml").write_text(
        "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a, name: A}\n", encoding="utf-8"
    )
    monkeypatch.chdir(folder)
    result = run_here("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("ok: 1 document")


def test_a_configured_inventory_folder_that_does_not_exist(git_repo: GitRepo) -> None:
    git_repo.write("cmdbgit.yaml", "paths: {inventory: assets}\n")
    git_repo.write(
        "inventory/org.yaml",
        "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a, name: A}\n",
    )
    git_repo.commit("config names another folder")
    for args in (["validate"], ["report", "warranty"], ["validate", "--ref", "HEAD"]):
        result = run_top(git_repo.path, *args)
        assert result.exit_code == 2, args
        [line] = result.stderr.splitlines()
        assert "assets" in line and "does not exist" in line
        assert "paths.inventory in cmdbgit.yaml" in line


def test_a_path_argument_that_matches_no_file(example: GitRepo) -> None:
    result = run_top(example.path, "validate", "inventory/servicse")
    assert result.exit_code == 2
    assert result.stderr == (
        "cmdbgit: error: inventory/servicse: no such file or folder in the inventory\n"
    )
    found = run_top(example.path, "validate", str(example.path / "inventory" / "services"))
    assert found.exit_code == 1  # the broken service is there
    assert "inventory/services/broken.yaml" in found.stdout
