"""``check`` judges the change as it would land: HEAD and the working tree's changes merged
into the base's tip; the base branch is the default base; any revision git accepts is a REF."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import GitRepo, run_cli
from tests.integration.pr_org import SERVER, build_main

#: A new application that depends on db-old, which main removes after the branch forked.
NEW_APP = """\
apiVersion: cmdbgit/v1
kind: Application
metadata: {id: app-report, name: Reports, owner: team-a}
relations:
  - {type: depends_on, target: db-old}
"""
DATABASE = """\
apiVersion: cmdbgit/v1
kind: Database
metadata: {id: db-x, name: X, owner: team-a}
spec: {size_gb: 1}
"""
BROKEN_ASSET = """\
apiVersion: cmdbgit/v1
kind: HardwareAsset
metadata: {id: hw-1, name: Old box, owner: team-a}
spec:
  serial: SN-1
  warranty: {end: 2025-01-31, contract: ctr-missing}
"""


def check(repo: GitRepo, *args: str) -> tuple[int, dict[str, Any], str, str]:
    out = repo.path.parent / "check.json"
    out.unlink(missing_ok=True)
    result = run_cli("check", *args, "--json", str(out), "--format", "text", repo=repo.path)
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return result.exit_code, data, result.stdout, result.stderr


def remove_db_old(repo: GitRepo) -> str:
    databases = (repo.path / "inventory/databases.yaml").read_text(encoding="utf-8")
    repo.write("inventory/databases.yaml", databases.split("---\n")[0])
    apps = (repo.path / "inventory/apps.yaml").read_text(encoding="utf-8")
    repo.write("inventory/apps.yaml", apps.replace("  - {type: depends_on, target: db-old}\n", ""))
    return repo.commit("main: retire db-old")


def test_a_branch_behind_main_that_references_a_removed_document_fails(
    scaffold_repo: GitRepo, tmp_path: Path
) -> None:
    build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/report.yaml", NEW_APP)
    head = scaffold_repo.commit("feature: a reporting app")
    scaffold_repo.git("checkout", "-q", "main")
    tip = remove_db_old(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "feature")
    # On its own the branch is valid: db-old is still there.
    assert run_cli("validate", repo=scaffold_repo.path).exit_code == 0

    report = tmp_path / "report.md"
    code, out, stdout, _ = check(scaffold_repo, "--base", "main", "--report", str(report))
    assert code == 1
    assert [(p["rule"], p["id"]) for p in out["problems"]["new"]] == [
        ("dangling-reference", "app-report")
    ]
    assert out["judged"]["tree"] == "merge"
    assert (out["judged"]["base"], out["judged"]["head"]) == (tip, head)
    assert out["judged"]["uncommitted"] is False
    assert out["base"] == out["diff"]["base"] == tip
    # From the tip, the change is exactly the branch's: one added document.
    assert out["diff"]["summary"] == {
        "added": 1,
        "changed": 0,
        "removed": 0,
        "moved": 0,
        "renamed": 0,
    }
    assert "judged: HEAD merged into main" in stdout
    first = report.read_text(encoding="utf-8").splitlines()[0]
    assert first == (
        "### ❌ cmdbgit check: not safe to merge — 1 new error (judged HEAD merged into `main`)"
    )


def test_mains_own_later_problems_stay_existing(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=64))
    scaffold_repo.commit("feature: memory")
    scaffold_repo.git("checkout", "-q", "main")
    scaffold_repo.write("inventory/hardware.yaml", BROKEN_ASSET)
    scaffold_repo.commit("main: a broken asset")
    scaffold_repo.git("checkout", "-q", "feature")

    code, out, _, _ = check(scaffold_repo, "--base", "main")
    assert code == 0
    assert out["problems"]["new"] == []
    assert [p["id"] for p in out["problems"]["existing"]] == ["hw-1"]
    assert [c["id"] for c in out["diff"]["changes"]] == ["srv-1"]


def test_uncommitted_changes_are_judged_and_nothing_of_the_users_is_touched(
    scaffold_repo: GitRepo,
) -> None:
    build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=64))
    scaffold_repo.commit("feature: memory")
    scaffold_repo.git("checkout", "-q", "main")
    remove_db_old(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "feature")
    scaffold_repo.write("inventory/report.yaml", NEW_APP)  # untracked
    scaffold_repo.write("inventory/servers/srv-2.yaml", SERVER.format(id="srv-2", memory=2))
    scaffold_repo.git("add", "inventory/servers/srv-2.yaml")  # staged
    scaffold_repo.write("inventory/servers/srv-2.yaml", SERVER.format(id="srv-2", memory=4))
    index = scaffold_repo.path / ".git" / "index"
    status = scaffold_repo.git("status", "--porcelain")  # (refreshes the index: before we look)
    before = (_digest(index), index.stat().st_mtime_ns)

    code, out, _, _ = check(scaffold_repo, "--base", "main")
    assert code == 1
    assert [(p["rule"], p["id"]) for p in out["problems"]["new"]] == [
        ("dangling-reference", "app-report")
    ]
    assert out["judged"]["uncommitted"] is True and out["judged"]["tree"] == "merge"
    changed = {c["id"]: c for c in out["diff"]["changes"]}
    assert sorted(changed) == ["app-report", "srv-1", "srv-2"]
    assert "4" in json.dumps(changed["srv-2"])  # the work tree's version, not the staged one
    assert (_digest(index), index.stat().st_mtime_ns) == before
    assert scaffold_repo.git("status", "--porcelain") == status
    assert scaffold_repo.git("stash", "list") == ""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_conflicting_merge_is_an_error_naming_the_files(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=64))
    scaffold_repo.commit("feature: 64")
    scaffold_repo.git("checkout", "-q", "main")
    scaffold_repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=32))
    scaffold_repo.commit("main: 32")
    scaffold_repo.git("checkout", "-q", "feature")
    code, out, stdout, stderr = check(scaffold_repo, "--base", "main")
    assert (code, out, stdout) == (2, {}, "")
    assert stderr == (
        "cmdbgit: error: this change does not merge cleanly into main: conflicts in "
        "inventory/servers/srv-1.yaml (merge or rebase, resolve them, then check again)\n"
    )


def test_a_branch_that_contains_the_base_is_judged_as_it_is(scaffold_repo: GitRepo) -> None:
    """A merge-queue entry (or a rebased branch): HEAD already holds the base's tip."""
    build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/report.yaml", NEW_APP)
    scaffold_repo.commit("feature")
    code, out, _, _ = check(scaffold_repo, "--base", "main")
    assert code == 0
    assert out["judged"]["tree"] == "head"
    assert out["judged"]["commit"] == out["judged"]["head"] == out["head_commit"]


def test_without_base_the_base_branch_is_the_base(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/report.yaml", NEW_APP)
    scaffold_repo.commit("feature")
    scaffold_repo.git("checkout", "-q", "main")
    remove_db_old(scaffold_repo)
    # On main itself: validate, and say so.
    code, out, stdout, _ = check(scaffold_repo)
    assert (code, out["base"], out["rules_from"]) == (0, None, "worktree")
    assert "note: on the base branch 'main': validated the working tree only" in stdout
    # On the branch: as --base main.
    scaffold_repo.git("checkout", "-q", "feature")
    code, out, stdout, _ = check(scaffold_repo)
    assert (code, out["base_ref"], out["judged"]["tree"]) == (1, "main", "merge")
    assert "note: no --base given: judged against main (base_branch in cmdbgit.yaml)" in stdout


def test_the_configured_base_branch_and_a_ci_clone(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    scaffold_repo.write("cmdbgit.yaml", "base_branch: trunk\n")
    build_main(scaffold_repo)
    scaffold_repo.git("branch", "-m", "main", "trunk")
    # No branch trunk in a clone that has only origin/trunk, on a detached pull-request head.
    clone = GitRepo(tmp_path / "clone")
    subprocess.run(["git", "clone", "-q", str(scaffold_repo.path), str(clone.path)], check=True)
    clone.git("checkout", "-q", "--detach")
    clone.git("branch", "-D", "trunk")
    clone.write("inventory/report.yaml", NEW_APP.replace("db-old", "db-gone"))
    clone.commit("pull request")
    code, out, stdout, _ = check(clone)
    assert (code, out["base_ref"]) == (1, "origin/trunk")
    assert [p["id"] for p in out["problems"]["new"]] == ["app-report"]
    # No such branch at all: validate, and say so.
    clone.write("cmdbgit.yaml", "base_branch: develop\n")
    code, out, stdout, _ = check(clone)
    assert (code, out["base"]) == (1, None)
    assert "note: no branch 'develop' (base_branch) nor origin/develop" in stdout


def test_diff_without_base_is_what_a_pull_request_would_change(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/report.yaml", NEW_APP)
    scaffold_repo.commit("feature")
    result = run_cli("diff", "--format", "json", repo=scaffold_repo.path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["added"] == 1
    assert data["base"] == scaffold_repo.git("rev-parse", "main")


def test_a_remote_base_without_a_remote_hints_at_the_local_branch(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    result = run_cli("check", "--base", "origin/main", repo=scaffold_repo.path)
    assert result.exit_code == 2
    assert result.stderr == (
        "cmdbgit: error: unknown Git ref 'origin/main' (there is no remote 'origin'; "
        "did you mean the local branch 'main'?)\n"
    )


def test_any_revision_git_accepts_is_a_ref(scaffold_repo: GitRepo) -> None:
    first = build_main(scaffold_repo)
    scaffold_repo.git("tag", "-a", "v1.2", "-m", "release")
    scaffold_repo.write("inventory/report.yaml", NEW_APP)
    scaffold_repo.commit("more")  # committed 2026-01-02
    for ref in ("main@{2026-01-01 18:00}", "HEAD@{1}", "v1.2^{}", "v1.2", f"{first[:10]}"):
        result = run_cli("validate", "--ref", ref, "--format", "json", repo=scaffold_repo.path)
        assert result.exit_code == 0, (ref, result.output)
        assert json.loads(result.stdout)["summary"]["documents"] == 10, ref
    diff = run_cli("diff", "main@{2026-01-01 18:00}", "--format", "json", repo=scaffold_repo.path)
    assert diff.exit_code == 0, diff.output
    assert json.loads(diff.stdout)["base"] == first
    for args in (
        ["show", "app-api", "--ref", "HEAD@{1}"],
        ["get", "Server", "--ref", "HEAD@{1}"],
        ["graph", "app-api", "--ref", "HEAD@{1}"],
        ["history", "app-api", "--ref", "main@{2026-01-01 18:00}"],
        ["impact", "--since", "main@{2026-01-01 18:00}"],
        ["report", "warranty", "--ref", "v1.2^{}"],
        ["validate", "--policies-from", "HEAD@{1}"],
    ):
        result = run_cli(*args, repo=scaffold_repo.path)
        assert result.exit_code == 0, (args, result.output)


def test_a_ref_that_names_a_file_is_a_one_line_error(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    result = run_cli("validate", "--ref", "HEAD:inventory/org.yaml", repo=scaffold_repo.path)
    assert result.exit_code == 2
    assert result.stderr == (
        "cmdbgit: error: 'HEAD:inventory/org.yaml' names a blob, not a commit\n"
    )
    result = run_cli("validate", "--ref", "--output=x", repo=scaffold_repo.path)
    assert result.exit_code == 2
    assert result.stderr == "cmdbgit: error: unknown Git ref '--output=x'\n"


def test_a_project_in_a_subfolder_is_merged_and_judged(git_repo: GitRepo) -> None:
    """The project lives in ``cmdb/`` of a larger repository; changes outside it do not
    count, changes inside it (uncommitted) do."""
    team = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a, name: A}\n"
    git_repo.write("cmdb/cmdbgit.yaml", "base_branch: main\n")
    git_repo.write("cmdb/inventory/org.yaml", team)
    git_repo.write("cmdb/inventory/db.yaml", DATABASE)
    git_repo.write("README.md", "the repository\n")
    git_repo.commit("a project in cmdb/")
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.write("README.md", "edited, not committed\n")
    git_repo.write("cmdb/inventory/app.yaml", NEW_APP.replace("db-old", "db-x"))
    git_repo.git("stash", "-u", "-q")  # main moves on meanwhile
    git_repo.git("checkout", "-q", "main")
    git_repo.git("rm", "-q", "cmdb/inventory/db.yaml")
    git_repo.commit("main: db-x retired")
    git_repo.git("checkout", "-q", "feature")
    git_repo.git("stash", "pop", "-q")
    project = GitRepo(git_repo.path / "cmdb")
    code, out, stdout, _ = check(project)
    assert code == 1, stdout
    assert out["base_ref"] == "main"
    assert (out["judged"]["tree"], out["judged"]["uncommitted"]) == ("merge", True)
    [problem] = out["problems"]["new"]
    assert (problem["rule"], problem["file"]) == ("dangling-reference", "inventory/app.yaml")
    assert out["diff"]["summary"]["added"] == 1
    status = {
        s.strip()
        for s in git_repo.git("status", "--porcelain", "--", "cmdb", "README.md").splitlines()
    }
    assert status == {"M README.md", "?? cmdb/inventory/app.yaml"}
