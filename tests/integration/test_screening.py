"""What cmdbgit does not read, and says so: links (never followed, the same problem in the
working tree and with ``--ref``), special and unreadable files, upper-case suffixes, Git LFS
pointers and submodules; rule folders that leave the project; ``$ref`` that leaves the
schemas."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, GitRepo, run_cli, run_json

TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a}\n"
LFS = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
)
SECRET_TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-outside-secret}\n"


def _found(report: dict[str, Any]) -> list[tuple[str, str, str, int, int]]:
    return sorted(
        (p["rule"], p["severity"], p["file"], p["line"], p["column"]) for p in report["problems"]
    )


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "leak.yaml").write_text(SECRET_TEAM)
    return folder


def test_links_are_one_problem_each_and_the_same_with_ref(
    scaffold_repo: GitRepo, outside: Path
) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    (repo.path / "inventory" / "passwd.yaml").symlink_to("/etc/passwd")
    (repo.path / "inventory" / "leak.yaml").symlink_to(outside / "leak.yaml")
    (repo.path / "inventory" / "external").symlink_to(outside)
    (repo.path / "policies").mkdir()
    (repo.path / "policies" / "p.yaml").symlink_to(outside / "leak.yaml")
    (repo.path / "cmdbgit.yaml").symlink_to(outside / "leak.yaml")
    repo.commit("links")
    code, worktree = run_json("validate", repo=repo.path)
    assert code == 1
    expected = [
        ("yaml", "error", path, 1, 1)
        for path in [
            "cmdbgit.yaml",
            "inventory/external",
            "inventory/leak.yaml",
            "inventory/passwd.yaml",
            "policies/p.yaml",
        ]
    ]
    assert _found(worktree) == expected
    assert all("symbolic link" in p["message"] for p in worktree["problems"])
    assert "secret" not in json.dumps(worktree) and "root:" not in json.dumps(worktree)
    assert _found(run_json("validate", "--ref", "HEAD", repo=repo.path)[1]) == expected
    assert _found(run_json("validate", "--no-cache", repo=repo.path)[1]) == expected


def test_links_outside_git_are_not_followed(tmp_path: Path, outside: Path) -> None:
    project = tmp_path / "project"
    (project / "inventory").mkdir(parents=True)
    (project / "inventory" / "team.yaml").write_text(TEAM)
    (project / "inventory" / "leak.yaml").symlink_to(outside / "leak.yaml")
    (project / "inventory" / "external").symlink_to(outside)
    code, report = run_json("validate", repo=project)
    assert code == 1
    assert [p[2] for p in _found(report)] == ["inventory/external", "inventory/leak.yaml"]


def test_a_linked_inventory_folder_is_not_walked(tmp_path: Path, outside: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "inventory").symlink_to(outside)
    code, report = run_json("validate", repo=project)
    assert code == 1
    assert [p[2] for p in _found(report)] == ["inventory"]


def test_a_fifo_is_a_problem_not_a_hang(tmp_path: Path, scaffold_repo: GitRepo) -> None:
    project = tmp_path / "project"
    (project / "inventory").mkdir(parents=True)
    (project / "inventory" / "team.yaml").write_text(TEAM)
    os.mkfifo(project / "inventory" / "pipe.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "cmdbgit", "validate"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "inventory/pipe.yaml:1:1" in done.stdout and "not a regular file" in done.stdout
    # In Git: a committed file replaced by a FIFO in the working tree.
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/other.yaml", TEAM.replace("team-a", "team-b"))
    repo.commit("inventory")
    (repo.path / "inventory" / "other.yaml").unlink()
    os.mkfifo(repo.path / "inventory" / "other.yaml")
    code, report = run_json("validate", repo=repo.path)
    assert code == 1
    assert _found(report) == [("yaml", "error", "inventory/other.yaml", 1, 1)]


def _without_privileges() -> list[str]:
    """A command prefix under which a chmod 000 file cannot be read, even as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: every file is readable")
    return [setpriv, "--bounding-set", "-all", "--inh-caps", "-all", "--"]


def test_an_unreadable_file_and_folder_are_located_problems(tmp_path: Path) -> None:
    prefix = _without_privileges()
    project = tmp_path / "project"
    (project / "inventory" / "closed").mkdir(parents=True)
    (project / "inventory" / "team.yaml").write_text(TEAM)
    locked = project / "inventory" / "locked.yaml"
    locked.write_text(TEAM.replace("team-a", "team-b"))
    (project / "inventory" / "closed" / "x.yaml").write_text(TEAM)
    locked.chmod(0)
    (project / "inventory" / "closed").chmod(0)
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "cmdbgit", "validate", "--format", "json"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "CMDBGIT_CACHE_DIR": str(tmp_path / "cache")},
        )
    finally:
        (project / "inventory" / "closed").chmod(0o755)
        locked.chmod(0o644)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert done.returncode == 1, done.stderr
    assert _found(json.loads(done.stdout)) == [
        ("yaml", "error", "inventory/locked.yaml", 1, 1),
        ("yaml", "warning", "inventory/closed", 1, 1),
    ]


def _submodule(repo: GitRepo, path: str) -> None:
    """A real gitlink in the index, as ``git submodule add`` leaves it."""
    sha = repo.git("rev-parse", "HEAD")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{sha},{path}")
    (repo.path / path).mkdir(parents=True)  # not checked out, as after a plain clone
    repo.git("commit", "-q", "-m", "submodule")


def test_skipped_files_are_warnings_in_both_modes(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.commit("team")
    repo.write("inventory/upper.YAML", "{broken: [\n")
    repo.write("inventory/mixed.Yml", TEAM)
    repo.write("inventory/large.yaml", LFS)
    repo.commit("skipped")
    _submodule(repo, "inventory/vendored")
    expected = [
        ("yaml", "warning", path, 1, 1)
        for path in [
            "inventory/large.yaml",
            "inventory/mixed.Yml",
            "inventory/upper.YAML",
            "inventory/vendored",
        ]
    ]
    code, report = run_json("validate", repo=repo.path)
    assert (code, _found(report)) == (0, expected)
    messages = " ".join(p["message"] for p in report["problems"])
    assert "LFS pointer" in messages and "submodule" in messages and "lower-case" in messages
    code, at_ref = run_json("validate", "--ref", "HEAD", repo=repo.path)
    assert (code, _found(at_ref)) == (0, expected)


@pytest.mark.parametrize(
    "value", ["../../etc", "/etc", "inventory/../../x", "~/secrets", "C:/Windows", "a\\\\..\\\\b"]
)
def test_rule_folders_stay_inside_the_project(
    value: str, tmp_path: Path, scaffold_repo: GitRepo
) -> None:
    config = f'paths: {{inventory: "{value}"}}\n'
    plain = tmp_path / "plain"
    (plain / "inventory").mkdir(parents=True)
    (plain / "cmdbgit.yaml").write_text(config)
    result = run_cli("validate", repo=plain)
    assert result.exit_code == 2
    assert "paths.inventory" in result.output and len(result.output.strip().splitlines()) == 1
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.write("cmdbgit.yaml", config)
    scaffold_repo.commit("escape")
    assert run_cli("validate", repo=scaffold_repo.path).exit_code == 2
    assert run_cli("validate", "--ref", "HEAD", repo=scaffold_repo.path).exit_code == 2


def test_check_judges_a_head_with_an_escaping_config_by_the_base(
    scaffold_repo: GitRepo, tmp_path: Path
) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("cmdbgit.yaml", "paths: {inventory: inventory}\n")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("cmdbgit.yaml", "paths: {inventory: ../../../etc}\n")
    repo.commit("escape")
    out = tmp_path / "check.json"
    result = run_cli("check", "--base", "main", "--json", str(out), repo=repo.path)
    assert result.exit_code == 1, result.output
    new = json.loads(out.read_text())["problems"]["new"]
    assert [(p["rule"], p["file"]) for p in new] == [("config", "cmdbgit.yaml")]
    assert "inside the project" in new[0]["message"]


def _schemas(repo: GitRepo, service: dict[str, Any]) -> None:
    for name in ("Team", "Service"):
        source = ROOT / "schemas" / f"{name}.schema.json"
        repo.write_bytes(f"schemas/{name}.schema.json", source.read_bytes())
    repo.write("schemas/Service.schema.json", json.dumps(service, indent=2))


@pytest.mark.parametrize(
    "ref", ["https://127.0.0.1:9/remote.json", "file:///etc/passwd", "../outside.json"]
)
def test_a_kind_schema_ref_outside_the_schemas_is_refused(
    ref: str, git_repo: GitRepo, tmp_path: Path
) -> None:
    _schemas(git_repo, {"type": "object", "properties": {"name": {"$ref": ref}}})
    git_repo.write("inventory/team.yaml", TEAM)
    result = run_cli("validate", repo=git_repo.path)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "schemas/Service.schema.json:" in lines[0]
    assert "$ref" in lines[0] and "is not allowed" in lines[0]


def test_a_kind_schema_may_refer_to_another_schema_file(git_repo: GitRepo) -> None:
    _schemas(git_repo, {"type": "object", "properties": {"team": {"$ref": "Team.schema.json"}}})
    git_repo.write("inventory/team.yaml", TEAM)
    svc = "apiVersion: cmdbgit/v1\nkind: Service\nmetadata: {id: svc-a, owner: team-a}\n"
    git_repo.write("inventory/svc.yaml", svc + "spec: {team: {unknown_field: 1}}\n")
    code, report = run_json("validate", repo=git_repo.path)
    assert code == 1
    assert [(p["rule"], p["path"]) for p in report["problems"]] == [
        ("schema", "spec.team.unknown_field")
    ]


def test_a_policy_assert_ref_outside_the_fragment_is_a_policy_problem(
    scaffold_repo: GitRepo,
) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    for name, ref in (("remote", "https://127.0.0.1:9/s.json"), ("local", "file:///etc/passwd")):
        repo.write(
            f"policies/{name}.yaml",
            "apiVersion: cmdbgit/v1\nkind: Policy\nmetadata: {id: " + name + "}\nspec:\n"
            "  description: x\n  assert: {properties: {spec: {$ref: '" + ref + "'}}}\n",
        )
    code, report = run_json("validate", repo=repo.path)
    assert code == 1
    found = [(p["rule"], p["file"]) for p in report["problems"]]
    assert found == [("policy", "policies/local.yaml"), ("policy", "policies/remote.yaml")]
    assert all("$ref" in p["message"] for p in report["problems"])
