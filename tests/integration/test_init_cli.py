"""``cmdbgit init`` in a new directory and in the repository an organisation already has."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmdbgit.cli.main import cli
from tests.conftest import GitRepo, run_cli, run_json


def _init(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["init", *args], catch_exceptions=False)
    return result.exit_code, result.output


def _branch(path: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(path), "branch", "--show-current"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _existing(git_repo: GitRepo, branch: str = "master") -> GitRepo:
    """A repository with history on ``branch``, a .gitignore and a README."""
    git_repo.git("checkout", "-q", "-b", branch)
    git_repo.write(".gitignore", "node_modules/\n*.log")  # no final newline
    git_repo.write("README.md", "# Our infrastructure\n")
    git_repo.commit("our repository")
    return git_repo


def test_new_directory_gets_a_repository_on_the_configured_base_branch(tmp_path: Path) -> None:
    target = tmp_path / "new"
    code, output = _init(str(target))
    assert code == 0, output
    assert _branch(target) == "main"
    assert "base_branch: main\n" in (target / "cmdbgit.yaml").read_text()
    assert (target / "inventory/org.yaml").is_file()  # a new repository gets the example
    assert run_json("validate", repo=target)[0] == 0


def test_existing_repository_keeps_its_files_and_branch(git_repo: GitRepo) -> None:
    repo = _existing(git_repo)
    (repo.path / "policies").mkdir()
    repo.write("policies/hygiene.yaml", "# ours\n")
    code, output = _init(str(repo.path))
    assert code == 0, output
    assert _branch(repo.path) == "master"  # never renamed
    assert "base_branch: master\n" in (repo.path / "cmdbgit.yaml").read_text()
    assert (repo.path / "README.md").read_text() == "# Our infrastructure\n"
    assert (repo.path / "policies/hygiene.yaml").read_text() == "# ours\n"
    assert "skipped policies/hygiene.yaml: exists; left as it is" in output
    ignore = (repo.path / ".gitignore").read_text()
    assert ignore.startswith("node_modules/\n*.log\n") and ignore.count(".cmdbgit/") == 1
    # --no-example is the default with history: one Team, no example organisation.
    assert not (repo.path / "inventory/org.yaml").exists()
    assert "kind: Team" in (repo.path / "inventory/teams.yaml").read_text()

    # Again: nothing is appended twice, nothing overwritten.
    code, output = _init(str(repo.path))
    assert code == 0 and "wrote 0 files" in output, output
    assert (repo.path / ".gitignore").read_text() == ignore
    assert "skipped .gitignore: already ignores what cmdbgit needs" in output


def test_base_branch_comes_from_origin_head(git_repo: GitRepo, tmp_path: Path) -> None:
    repo = _existing(git_repo, "trunk")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.path), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", "-b", "feature"], check=True)
    code, output = _init(str(clone))
    assert code == 0, output
    assert "base_branch: trunk\n" in (clone / "cmdbgit.yaml").read_text()
    assert _branch(clone) == "feature"


def test_no_example_validates_with_one_team_owning_the_policies(git_repo: GitRepo) -> None:
    repo = _existing(git_repo)
    code, output = _init(str(repo.path), "--team", "team-infra")
    assert code == 0, output
    assert "team team-infra owns the starter policies" in output
    policies = "".join(p.read_text() for p in (repo.path / "policies").glob("*.yaml"))
    assert "owner: team-infra}" in policies and "team-platform" not in policies
    code, report = run_json("validate", repo=repo.path)
    assert (code, report["problems"]) == (0, []), report
    assert run_cli("policy", "test", repo=repo.path).exit_code == 0


def test_example_can_be_forced_in_an_existing_repository(git_repo: GitRepo) -> None:
    repo = _existing(git_repo)
    code, _ = _init(str(repo.path), "--example")
    assert code == 0
    assert (repo.path / "inventory/services.yaml").is_file()
    assert run_json("validate", repo=repo.path)[0] == 0


def test_invalid_team_id_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "x"), "--team", "Team Platform"])
    assert result.exit_code == 2
    assert "--team 'Team Platform' is not a valid id" in result.stderr
    assert not (tmp_path / "x").exists()


def test_policy_owner_is_checked_like_a_document_owner(git_repo: GitRepo) -> None:
    repo = _existing(git_repo)
    assert _init(str(repo.path))[0] == 0
    hardware = repo.path / "policies/hardware.yaml"
    text = hardware.read_text()
    hardware.write_text(text.replace("owner: team-platform}", "owner: team-gone}", 1))
    line = 1 + hardware.read_text().splitlines().index(
        "metadata: {id: prod-hardware-under-warranty, owner: team-gone}"
    )
    code, report = run_json("validate", repo=repo.path)
    assert code == 1
    (problem,) = report["problems"]
    assert (problem["rule"], problem["file"], problem["path"], problem["line"]) == (
        "owner",
        "policies/hardware.yaml",
        "metadata.owner",
        line,
    )
    assert (
        "owner 'team-gone' of policy 'prod-hardware-under-warranty' names no document"
        in (problem["message"])
    )


def test_init_help_leaves_out_the_date_option() -> None:
    result = CliRunner().invoke(cli, ["init", "--help"])
    assert result.exit_code == 0
    assert "--as-of" not in result.output and "--no-example" in result.output


def test_the_team_has_the_author_as_its_member(git_repo: GitRepo) -> None:
    repo = _existing(git_repo)
    code, output = _init(str(repo.path))
    assert code == 0
    assert "you are its member, Person author (from Git's author identity)" in output
    teams = (repo.path / "inventory/teams.yaml").read_text()
    assert "members: [author]" in teams and 'email: "author@example.com"' in teams


def test_without_a_git_identity_the_team_has_no_member_and_init_says_what_to_do(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _existing(git_repo)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "")  # an identity without an email makes no Person
    code, output = _init(str(repo.path))
    assert code == 0
    assert "add a Person as a member of team-platform" in output
    assert "members: []" in (repo.path / "inventory/teams.yaml").read_text()
    assert run_json("validate", repo=repo.path)[0] == 0


def test_symlinks_and_files_in_the_way_are_skipped_not_followed(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    repo = _existing(git_repo)
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo.path / "policies").symlink_to(outside, target_is_directory=True)
    (repo.path / "schemas").write_text("not a folder\n")
    ignore = repo.path / ".gitignore"
    ignore.rename(tmp_path / "real-ignore")
    ignore.symlink_to(tmp_path / "real-ignore")
    code, output = _init(str(repo.path))
    assert code == 0, output
    assert list(outside.iterdir()) == []  # nothing written through the symlink
    assert "skipped policies/hygiene.yaml: policies is a symlink; nothing written through it" in (
        output
    )
    assert "skipped schemas/Server.schema.json: schemas is a file, not a folder" in output
    assert "skipped .gitignore: is a symlink; left as it is" in output
    assert (tmp_path / "real-ignore").read_text() == "node_modules/\n*.log"
    assert ignore.is_symlink()


def test_repo_option_names_the_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--repo", str(tmp_path / "via-repo"), "init"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "via-repo/cmdbgit.yaml").is_file()
