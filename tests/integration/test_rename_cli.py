"""``rename`` and ``rm`` through the CLI, and what ``diff``, ``check`` and ``history`` make
of a rename, in a real repository holding the example inventory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file
from tests.conftest import ROOT, GitRepo, run_cli


@pytest.fixture
def example(git_repo: GitRepo) -> GitRepo:
    for folder in ("inventory", "schemas", "policies"):
        shutil.copytree(ROOT / folder, git_repo.path / folder)
    git_repo.commit("example")
    return git_repo


def _json(*args: str, repo: Path) -> tuple[int, dict[str, object]]:
    result = run_cli(*args, repo=repo)
    return result.exit_code, json.loads(result.stdout)


def test_rename_changes_every_reference_and_diff_shows_one_rename(example: GitRepo) -> None:
    root = example.path
    contracts = root / "inventory/contracts/server-support.yaml"
    comments = [line for line in contracts.read_text().splitlines() if "#" in line]
    result = run_cli("rename", "hw-srv-backup-01", "hw-backup-01", repo=root)
    assert result.exit_code == 0, result.output
    assert "2 references in 3 files" in result.stdout  # + the document itself
    text = (root / "inventory").joinpath("servers/backup-01.yaml").read_text()
    assert "  asset: hw-backup-01\n" in text
    assert "hw-srv-backup-01" not in contracts.read_text()
    assert [line for line in contracts.read_text().splitlines() if "#" in line] == [
        c.replace("hw-srv-backup-01", "hw-backup-01") for c in comments
    ]
    assert run_cli("validate", repo=root).exit_code == 0
    code, diff = _json("diff", "--format", "json", repo=root)
    assert code == 0
    renamed = [c for c in diff["changes"] if c["op"] == "renamed"]  # type: ignore[attr-defined]
    assert renamed == [
        {
            "op": "renamed",
            "id": "hw-backup-01",
            "old_id": "hw-srv-backup-01",
            "kind": "HardwareAsset",
            "name": renamed[0]["name"],
            "file": "inventory/hardware/servers.yaml",
            "old_file": "inventory/hardware/servers.yaml",
            "fields": [],
            "relations": {"added": [], "removed": []},
        }
    ]
    assert diff["summary"] == {"added": 0, "changed": 2, "removed": 0, "moved": 0, "renamed": 1}
    text_diff = run_cli("diff", repo=root).stdout
    assert "= hw-srv-backup-01 -> hw-backup-01 (HardwareAsset)" in text_diff
    assert text_diff.rstrip().endswith("0 added, 2 changed, 0 removed, 0 moved, 1 renamed")


def test_check_reads_old_problems_under_the_new_id(example: GitRepo) -> None:
    root = example.path
    example.git("checkout", "-q", "-b", "rename")
    assert run_cli("rename", "db-hr", "db-hr-main", repo=root).exit_code == 0
    example.commit("rename db-hr")
    result = run_cli("check", "--base", "main", repo=root)
    assert result.exit_code == 0, result.output
    report = root.parent / "check.json"
    run_cli("check", "--base", "main", "--json", str(report), repo=root)
    data = json.loads(report.read_text())
    assert data["problems"]["new"] == []
    assert any(p["id"] == "db-hr-main" for p in data["problems"]["existing"])


def test_history_follows_a_rename(example: GitRepo) -> None:
    root = example.path
    assert run_cli("set", "srv-backup-01", "spec.memory_gb=256", repo=root).exit_code == 0
    example.commit("more memory")
    assert run_cli("rename", "srv-backup-01", "srv-vault-01", repo=root).exit_code == 0
    assert (root / "inventory/servers/srv-vault-01.yaml").exists() is False  # not named by id
    example.commit("rename the backup server")
    code, out = _json("history", "srv-vault-01", "--format", "json", repo=root)
    assert code == 0
    ops = [(c["op"], c.get("old_id"), c["subject"]) for c in out["commits"]]  # type: ignore[attr-defined,index]
    assert ops == [
        ("renamed", "srv-backup-01", "rename the backup server"),
        ("changed", None, "more memory"),
        ("added", None, "example"),
    ]


def test_rename_moves_a_file_named_after_the_id(example: GitRepo) -> None:
    root = example.path
    assert run_cli("new", "Team", "team-x", repo=root).exit_code == 0
    result = run_cli("rename", "team-x", "team-y", repo=root)
    assert result.exit_code == 0, result.output
    assert not (root / "inventory/team/team-x.yaml").exists()
    assert "id: team-y" in (root / "inventory/team/team-y.yaml").read_text()


def test_rename_refusals(example: GitRepo) -> None:
    root = example.path
    taken = run_cli("rename", "db-hr", "db-edi", repo=root)
    assert taken.exit_code == 2 and "already exists" in taken.stderr
    assert run_cli("rename", "db-nope", "db-x", repo=root).exit_code == 2
    assert run_cli("rename", "db-hr", "DB HR", repo=root).exit_code == 2
    assert example.git("status", "--porcelain") == ""


def test_rm_refuses_while_referenced_and_lists_referrers(example: GitRepo) -> None:
    root = example.path
    result = run_cli("rm", "hw-srv-backup-01", repo=root)
    assert result.exit_code == 1
    assert "inventory/servers/backup-01.yaml:17:10: srv-backup-01 reference (spec.asset)" in (
        result.stderr
    )
    assert "inventory/contracts/server-support.yaml:10:" in result.stderr
    assert example.git("status", "--porcelain") == ""


def test_rm_removes_an_unreferenced_document_from_a_shared_file(example: GitRepo) -> None:
    root = example.path
    path = root / "inventory/endpoints/hamburg.yaml"
    ids = [d.id for d in load_file(str(path), path.read_bytes(), Limits()).documents]
    victim = next(i for i in ids if i and not run_cli("rm", i, repo=root).exit_code)
    after = [d.id for d in load_file(str(path), path.read_bytes(), Limits()).documents]
    assert after == [i for i in ids if i != victim]
    assert run_cli("validate", repo=root).exit_code == 0


def test_rm_retire_sets_the_lifecycle_status(example: GitRepo) -> None:
    root = example.path
    result = run_cli("rm", "hw-srv-backup-01", "--retire", repo=root)
    assert result.exit_code == 0, result.output
    assert "spec.lifecycle.status = retired" in result.stdout
    _code, out = _json("get", "HardwareAsset", "--format", "json", repo=root)
    (asset,) = [a for a in out if a["metadata"]["id"] == "hw-srv-backup-01"]  # type: ignore[attr-defined,index]
    assert asset["spec"]["lifecycle"]["status"] == "retired"
    person = run_cli("rm", "alice", "--retire", repo=root)
    assert person.exit_code == 2  # no such id in the example
    team = run_cli("rm", "team-platform", "--retire", repo=root)
    assert team.exit_code == 2 and "no lifecycle status" in team.stderr
