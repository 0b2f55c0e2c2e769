"""``cmdbgit history``: commits that changed a document, found by id through moves between
files, edits inside multi-document files, merges, and shallow clones."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo, run_cli

TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a, name: Team A}\n"


def server(ident: str, cores: int, *, extra: str = "") -> str:
    return (
        f"apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {{id: {ident}, owner: team-a}}\n"
        f"spec: {{hostname: {ident}, cpu_cores: {cores}}}\n{extra}"
    )


def history(repo: Path, ident: str, *args: str) -> dict[str, Any]:
    result = run_cli("history", ident, "--format", "json", *args, repo=repo)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture
def story(git_repo: GitRepo) -> GitRepo:
    """1 create srv-1 and srv-2 in one file; 2 edit srv-2 only; 3 edit srv-1 and add a
    relation; 4 move srv-1 to its own file unchanged; 5 reorder nothing but touch team;
    6 change srv-1 in its new file; 7 remove srv-2."""
    repo = git_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/servers.yaml", server("srv-1", 4) + "---\n" + server("srv-2", 8))
    repo.commit("create servers")
    repo.write("inventory/servers.yaml", server("srv-1", 4) + "---\n" + server("srv-2", 16))
    repo.commit("more cores for srv-2")
    rel = "relations:\n  - {type: connected_to, target: net-1}\n"
    repo.write(
        "inventory/servers.yaml", server("srv-1", 6, extra=rel) + "---\n" + server("srv-2", 16)
    )
    repo.commit("srv-1: 6 cores, uplink")
    repo.write("inventory/servers.yaml", server("srv-2", 16))
    repo.write("inventory/srv-1.yaml", server("srv-1", 6, extra=rel))
    repo.commit("move srv-1 to its own file")
    repo.write("inventory/team.yaml", TEAM.replace("Team A", "Team Alpha"))
    repo.commit("rename team")
    repo.write("inventory/srv-1.yaml", server("srv-1", 8, extra=rel))
    repo.commit("srv-1: 8 cores")
    (repo.path / "inventory/servers.yaml").unlink()
    repo.commit("retire srv-2")
    return repo


def test_tracks_through_a_move_and_a_multi_document_file(story: GitRepo) -> None:
    data = history(story.path, "srv-1")
    assert data["id"] == "srv-1" and data["truncated"] is False
    summary = [(c["subject"], c["op"], c["file"], c["old_file"]) for c in data["commits"]]
    assert summary == [
        ("srv-1: 8 cores", "changed", "inventory/srv-1.yaml", "inventory/srv-1.yaml"),
        ("move srv-1 to its own file", "moved", "inventory/srv-1.yaml", "inventory/servers.yaml"),
        ("srv-1: 6 cores, uplink", "changed", "inventory/servers.yaml", "inventory/servers.yaml"),
        ("create servers", "added", "inventory/servers.yaml", None),
    ]
    newest, moved, edited, _created = data["commits"]
    assert newest["fields"] == [{"path": "spec.cpu_cores", "old": 6, "new": 8}]
    assert moved["fields"] == [] and moved["relations"] == {"added": [], "removed": []}
    assert edited["fields"] == [{"path": "spec.cpu_cores", "old": 4, "new": 6}]
    assert edited["relations"]["added"] == [
        {"source": "srv-1", "type": "connected_to", "target": "net-1"}
    ]
    assert newest["author"] == "Test Author" and newest["email"] == "author@example.com"
    assert newest["date"] == "2026-01-06T12:00:00+00:00"
    assert len(newest["sha"]) == 40


def test_neighbour_edits_are_not_this_documents_changes(story: GitRepo) -> None:
    data = history(story.path, "srv-2")
    summary = [(c["subject"], c["op"]) for c in data["commits"]]
    assert summary == [
        ("retire srv-2", "removed"),
        ("more cores for srv-2", "changed"),
        ("create servers", "added"),
    ]
    assert data["commits"][1]["fields"] == [{"path": "spec.cpu_cores", "old": 8, "new": 16}]


def test_text_output(story: GitRepo) -> None:
    result = run_cli("history", "srv-1", repo=story.path)
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("srv-1: 4 commits\n")
    assert "moved inventory/servers.yaml → inventory/srv-1.yaml" in text
    assert "spec.cpu_cores: 6 → 8" in text
    assert "+ relation connected_to → net-1" in text
    assert "note:" not in text


def test_ref_starts_the_walk_elsewhere(story: GitRepo) -> None:
    data = history(story.path, "srv-1", "--ref", "HEAD~2")  # "rename team"
    assert [c["subject"] for c in data["commits"]] == [
        "move srv-1 to its own file",
        "srv-1: 6 cores, uplink",
        "create servers",
    ]


def test_merge_counts_only_when_it_differs_from_every_parent(git_repo: GitRepo) -> None:
    repo = git_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/servers.yaml", server("srv-1", 4) + "---\n" + server("srv-2", 8))
    repo.commit("create")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("inventory/servers.yaml", server("srv-1", 4) + "---\n" + server("srv-2", 32))
    repo.commit("side: srv-2")
    repo.git("checkout", "-q", "main")
    repo.write("inventory/servers.yaml", server("srv-1", 12) + "---\n" + server("srv-2", 8))
    repo.commit("main: srv-1")
    repo.git("merge", "-q", "--no-edit", "side")
    merged = (repo.path / "inventory/servers.yaml").read_text()
    assert "cpu_cores: 12" in merged and "cpu_cores: 32" in merged
    assert [c["subject"] for c in history(repo.path, "srv-1")["commits"]] == [
        "main: srv-1",
        "create",
    ]
    assert [c["subject"] for c in history(repo.path, "srv-2")["commits"]] == [
        "side: srv-2",
        "create",
    ]


def test_shallow_clone_says_history_is_cut(story: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    # Depth 3: "retire srv-2", "srv-1: 8 cores" and the cut commit "rename team", whose own
    # changes are unknown (its parent is missing).
    subprocess.run(
        ["git", "clone", "-q", "--depth", "3", f"file://{story.path}", str(clone)], check=True
    )
    data = history(clone, "srv-1")
    assert data["truncated"] is True
    # The cut commit is listed too: the clone has it, though not what it changed.
    assert [(c["subject"], c["op"]) for c in data["commits"]] == [
        ("srv-1: 8 cores", "changed"),
        ("rename team", "present"),
    ]
    text = run_cli("history", "srv-1", repo=clone).stdout
    assert "note: history is cut: this is a shallow clone" in text
    assert "present in inventory/srv-1.yaml (the oldest commit of this shallow clone)" in text
    # The full clone says nothing of the kind.
    assert history(story.path, "srv-1")["truncated"] is False


def test_a_clone_of_depth_one_lists_its_one_commit(story: GitRepo, tmp_path: Path) -> None:
    """CI checks out one commit: history lists it rather than nothing."""
    clone = tmp_path / "one"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{story.path}", str(clone)], check=True
    )
    data = history(clone, "srv-1")
    assert data["truncated"] is True
    head = story.git("log", "-1", "--format=%H %s").split(" ", 1)
    assert [(c["sha"], c["subject"], c["op"]) for c in data["commits"]] == [
        (head[0], head[1], "present")
    ]
    text = run_cli("history", "srv-1", repo=clone).stdout
    assert text.startswith("srv-1: 1 commit\n")


def test_project_in_a_subfolder(git_repo: GitRepo) -> None:
    git_repo.write("cmdb/inventory/team.yaml", TEAM)
    git_repo.write("cmdb/inventory/s.yaml", server("srv-1", 4))
    git_repo.write("other/inventory/s.yaml", server("srv-1", 99))
    git_repo.commit("create")
    git_repo.write("cmdb/inventory/s.yaml", server("srv-1", 5))
    git_repo.commit("edit")
    data = history(git_repo.path / "cmdb", "srv-1")
    assert [(c["subject"], c["file"]) for c in data["commits"]] == [
        ("edit", "inventory/s.yaml"),
        ("create", "inventory/s.yaml"),
    ]


def test_unknown_id(story: GitRepo) -> None:
    result = run_cli("history", "srv-9", repo=story.path)
    assert result.exit_code == 2
    assert "no document with id 'srv-9' (did you mean" in result.stderr


def test_removed_document_still_has_a_history(story: GitRepo) -> None:
    assert history(story.path, "srv-2")["commits"][0]["op"] == "removed"


def test_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "inventory").mkdir()
    result = run_cli("history", "x", repo=tmp_path)
    assert result.exit_code == 2
    assert "is not inside a Git repository" in result.stderr
