"""``validate --ref``: documents read straight from Git objects, any ref form."""

from __future__ import annotations

import subprocess

from tests.conftest import ROOT, GitRepo, run_cli, run_json

SERVER = """\
apiVersion: cmdbgit/v1
kind: Server
metadata: {{id: srv-1, owner: team-a}}
spec: {{hostname: {hostname}}}
"""
TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a}\n"


def _history(repo: GitRepo) -> tuple[str, str]:
    """Commit 1 is valid; commit 2 breaks the server (a typo). Returns both shas."""
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/srv.yaml", SERVER.format(hostname="srv-1"))
    good = repo.commit("valid")
    repo.git("tag", "v1")
    repo.write(
        "inventory/srv.yaml", SERVER.format(hostname="srv-1").replace("hostname", "hostnmae")
    )
    bad = repo.commit("typo")
    return good, bad


def test_ref_reads_older_content(scaffold_repo: GitRepo) -> None:
    good, _bad = _history(scaffold_repo)
    path = scaffold_repo.path
    for ref in ("HEAD~1", "v1", good, good[:10], "main~1"):
        code, report = run_json("validate", "--ref", ref, repo=path)
        assert (code, report["problems"]) == (0, []), ref
    code, report = run_json("validate", "--ref", "HEAD", repo=path)
    assert code == 1
    assert {p["path"] for p in report["problems"]} == {"spec.hostname", "spec.hostnmae"}


def test_ref_ignores_the_working_tree(scaffold_repo: GitRepo) -> None:
    _history(scaffold_repo)
    scaffold_repo.write("inventory/srv.yaml", "not: [valid yaml\n")
    scaffold_repo.write("inventory/untracked.yaml", "- also broken\n")
    code, _ = run_json("validate", "--ref", "v1", repo=scaffold_repo.path)
    assert code == 0
    code, report = run_json("validate", repo=scaffold_repo.path)
    assert code == 1
    assert {p["file"] for p in report["problems"]} == {
        "inventory/srv.yaml",
        "inventory/untracked.yaml",
    }


def test_worktree_skips_ignored_files(scaffold_repo: GitRepo) -> None:
    _history(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "v1", "--", "inventory/srv.yaml")
    scaffold_repo.write(".gitignore", "inventory/scratch/\n")
    scaffold_repo.write("inventory/scratch/junk.yaml", "- broken\n")
    code, report = run_json("validate", repo=scaffold_repo.path)
    assert (code, report["problems"]) == (0, [])


def test_unknown_ref_is_exit_2_with_one_line(scaffold_repo: GitRepo) -> None:
    _history(scaffold_repo)
    result = run_cli("validate", "--ref", "no-such-branch", repo=scaffold_repo.path)
    assert result.exit_code == 2
    assert result.stderr.strip() == "cmdbgit: error: unknown Git ref 'no-such-branch'"
    assert "Traceback" not in result.output


def test_ref_outside_a_repository_is_exit_2(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path)) / "plain"
    (folder / "inventory").mkdir(parents=True)
    result = run_cli("validate", "--ref", "HEAD", repo=folder)
    assert result.exit_code == 2
    assert "not inside a Git repository" in result.stderr


def test_project_in_a_subfolder_of_a_repository(git_repo: GitRepo) -> None:
    for schema in (ROOT / "schemas").iterdir():
        git_repo.write_bytes(f"cmdb/schemas/{schema.name}", schema.read_bytes())
    git_repo.write("cmdb/inventory/team.yaml", TEAM)
    git_repo.write(
        "cmdb/inventory/srv.yaml", SERVER.format(hostname="x").replace("team-a", "team-b")
    )
    git_repo.commit()
    code, report = run_json("validate", "--ref", "HEAD", repo=git_repo.path / "cmdb")
    assert code == 1
    [problem] = report["problems"]
    assert (problem["file"], problem["rule"]) == ("inventory/srv.yaml", "dangling-reference")


def test_shallow_clone_unknown_ref_says_how_to_fetch(
    scaffold_repo: GitRepo, tmp_path: object
) -> None:
    from pathlib import Path

    good, _bad = _history(scaffold_repo)
    clone = Path(str(tmp_path)) / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{scaffold_repo.path}", str(clone)],
        check=True,
    )
    result = run_cli("validate", "--ref", good, repo=clone)
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr


def test_formats_for_ci_use_paths_from_the_repository_root(git_repo: GitRepo) -> None:
    """SARIF and GitHub annotations point at files relative to the repository, not the project."""
    import json

    for schema in (ROOT / "schemas").iterdir():
        git_repo.write_bytes(f"cmdb/schemas/{schema.name}", schema.read_bytes())
    git_repo.write(
        "cmdb/inventory/team.yaml", TEAM.replace("team-a", "team-b") + "spec: {bad: 1}\n"
    )
    git_repo.commit()
    sarif = json.loads(run_cli("validate", "--format", "sarif", repo=git_repo.path / "cmdb").stdout)
    [result] = sarif["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "cmdb/inventory/team.yaml"
    github = run_cli("validate", "--format", "github", repo=git_repo.path / "cmdb").stdout
    assert "file=cmdb/inventory/team.yaml," in github
