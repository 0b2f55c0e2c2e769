"""``cmdbgit diff`` on real repositories with branches."""

from __future__ import annotations

from tests.conftest import GitRepo, run_cli, run_json
from tests.integration.pr_org import SERVER, build_main, change_on_branch


def test_pull_request_change_as_json(scaffold_repo: GitRepo) -> None:
    base = build_main(scaffold_repo)
    change_on_branch(scaffold_repo)
    code, out = run_json("diff", "main", repo=scaffold_repo.path)
    assert code == 0
    assert (out["base"], out["head"]) == (base, "WORKTREE")
    assert out["summary"] == {"added": 0, "changed": 2, "removed": 1, "moved": 1, "renamed": 0}
    changes = {c["id"]: c for c in out["changes"]}
    assert changes["srv-1"]["op"] == "changed"
    assert changes["srv-1"]["fields"] == [{"path": "spec.memory_gb", "old": 16, "new": 32}]
    assert changes["srv-2"]["op"] == "moved"
    assert changes["srv-2"]["old_file"] == "inventory/servers/srv-2.yaml"
    assert changes["srv-2"]["file"] == "inventory/legacy-srv-2.yaml"
    assert changes["srv-2"]["fields"] == []
    # A relation edit is an edge, never a field.
    assert changes["app-batch"]["op"] == "changed"
    assert changes["app-batch"]["fields"] == []
    assert changes["db-old"]["op"] == "removed"
    assert changes["db-old"]["file"] == "inventory/databases.yaml"
    assert out["relations"] == {
        "added": [{"source": "app-batch", "type": "depends_on", "target": "db-main"}],
        "removed": [{"source": "db-old", "type": "runs_on", "target": "srv-2"}],
    }


def test_text_ends_with_the_summary_line(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    change_on_branch(scaffold_repo)
    result = run_cli("diff", "main", repo=scaffold_repo.path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1].endswith(": 0 added, 2 changed, 1 removed, 1 moved")
    assert "~ srv-1 (Server) inventory/servers/srv-1.yaml" in lines
    assert "    spec.memory_gb: 16 -> 32" in lines
    assert "    + relation depends_on -> db-main" in lines


def test_markdown(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    change_on_branch(scaffold_repo)
    result = run_cli("diff", "main", "--format", "markdown", repo=scaffold_repo.path)
    assert result.exit_code == 0
    assert result.stdout.startswith("## cmdbgit diff: 0 added, 2 changed, 1 removed, 1 moved")
    assert "| ✏️ changed | `srv-1` | Server |" in result.stdout
    assert "`spec.memory_gb`: `16` → `32`" in result.stdout


def test_moved_and_changed_is_one_moved_change(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    (scaffold_repo.path / "inventory/servers/srv-1.yaml").unlink()
    scaffold_repo.write("inventory/moved.yaml", SERVER.format(id="srv-1", memory=64))
    code, out = run_json("diff", repo=scaffold_repo.path)
    assert code == 0
    assert out["summary"] == {"added": 0, "changed": 0, "removed": 0, "moved": 1, "renamed": 0}
    (change,) = out["changes"]
    assert (change["op"], change["old_file"], change["file"]) == (
        "moved",
        "inventory/servers/srv-1.yaml",
        "inventory/moved.yaml",
    )
    assert change["fields"] == [{"path": "spec.memory_gb", "old": 16, "new": 64}]


def test_reordering_documents_in_a_file_is_no_change(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    text = (scaffold_repo.path / "inventory/services.yaml").read_text()
    first, second = text.split("---\n")
    scaffold_repo.write("inventory/services.yaml", second + "---\n" + first)
    code, out = run_json("diff", repo=scaffold_repo.path)
    assert (code, out["changes"], out["relations"]) == (0, [], {"added": [], "removed": []})


def test_kind_change_is_a_changed_field(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    scaffold_repo.write(
        "inventory/servers/srv-2.yaml",
        SERVER.format(id="srv-2", memory=8).replace("kind: Server", "kind: Endpoint"),
    )
    code, out = run_json("diff", "HEAD", repo=scaffold_repo.path)
    assert code == 0
    (change,) = out["changes"]
    assert change["op"] == "changed"
    assert {"path": "kind", "old": "Server", "new": "Endpoint"} in change["fields"]


def test_three_dots_diff_from_the_merge_base(scaffold_repo: GitRepo) -> None:
    """main moves on after the branch: BASE...HEAD shows only the branch's own change and
    names the merge base; BASE HEAD compares the two tips."""
    fork = build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=32))
    feature = scaffold_repo.commit("feature: more memory")
    scaffold_repo.git("checkout", "-q", "main")
    scaffold_repo.write("inventory/servers/srv-3.yaml", SERVER.format(id="srv-3", memory=4))
    scaffold_repo.commit("main: a new server")

    code, out = run_json("diff", "main...feature", repo=scaffold_repo.path)
    assert code == 0
    assert (out["base"], out["head"]) == (fork, feature)
    assert [(c["op"], c["id"]) for c in out["changes"]] == [("changed", "srv-1")]

    code, out = run_json("diff", "main", "feature", repo=scaffold_repo.path)
    assert sorted((c["op"], c["id"]) for c in out["changes"]) == [
        ("changed", "srv-1"),
        ("removed", "srv-3"),
    ]

    # HEAD defaults to the working tree: main...  from the checked-out feature branch.
    scaffold_repo.git("checkout", "-q", "feature")
    code, out = run_json("diff", "main...", repo=scaffold_repo.path)
    assert (out["base"], out["head"]) == (fork, "WORKTREE")
    assert [c["id"] for c in out["changes"]] == ["srv-1"]


def test_unknown_ref_is_exit_2(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    result = run_cli("diff", "no-such-branch", repo=scaffold_repo.path)
    assert result.exit_code == 2
    assert "unknown Git ref 'no-such-branch'" in result.stderr


def test_a_file_that_does_not_parse_is_noted(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    scaffold_repo.write("inventory/servers/srv-2.yaml", "kind: [unclosed\n")
    code, out = run_json("diff", repo=scaffold_repo.path)
    assert code == 0
    assert out["notes"] == [
        "head: inventory/servers/srv-2.yaml does not parse; its documents are not compared"
    ]
    text = run_cli("diff", repo=scaffold_repo.path).stdout
    assert "note: head: inventory/servers/srv-2.yaml does not parse" in text
