"""What ``check`` judges of the work tree: HEAD itself when the project's folder has no change
git can see (asked without staging anything), else HEAD plus every change, staged through a
scratch index. The quick answer never hides a change: whatever it cannot rule out is staged."""

from __future__ import annotations

import os
import subprocess

from cmdbgit.check.tree import snapshot_worktree
from cmdbgit.source import open_repo
from tests.conftest import GitRepo

DOC = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {{id: {ident}}}\n"


def _project(git_repo: GitRepo) -> tuple[GitRepo, str]:
    """A project in ``cmdb/`` of a larger repository, committed."""
    git_repo.write("cmdb/inventory/a.yaml", DOC.format(ident="team-a"))
    git_repo.write("cmdb/inventory/b.yaml", DOC.format(ident="team-b"))
    git_repo.write(".gitignore", "*.log\n")
    git_repo.write("README.md", "the repository\n")
    head = git_repo.commit("a project in cmdb/")
    return GitRepo(git_repo.path / "cmdb"), head


def _snapshot(project: GitRepo) -> tuple[str, bool]:
    handle = open_repo(project.path)
    return snapshot_worktree(handle, handle.resolve("HEAD").hexsha)


def test_a_clean_project_is_head_itself(git_repo: GitRepo) -> None:
    project, _ = _project(git_repo)
    head = git_repo.git("rev-parse", "HEAD").strip()
    assert _snapshot(project) == (head, False)
    # Changes outside the project's folder, and ignored files inside it, are not its own.
    git_repo.write("README.md", "edited\n")
    git_repo.write("notes.txt", "untracked, outside\n")
    project.write("inventory/run.log", "ignored\n")
    assert _snapshot(project) == (head, False)


def test_every_kind_of_change_is_staged(git_repo: GitRepo) -> None:
    project, _ = _project(git_repo)
    head = git_repo.git("rev-parse", "HEAD").strip()
    changes = {
        "untracked": lambda: project.write("inventory/c.yaml", DOC.format(ident="team-c")),
        "edited": lambda: project.write("inventory/a.yaml", DOC.format(ident="team-x")),
        "deleted": lambda: (project.path / "inventory/b.yaml").unlink(),
        "staged only": lambda: (
            project.write("inventory/a.yaml", DOC.format(ident="team-y")),
            git_repo.git("add", "cmdb/inventory/a.yaml"),
            project.write("inventory/a.yaml", DOC.format(ident="team-a")),
        ),
    }
    for name, change in changes.items():
        change()
        commit, uncommitted = _snapshot(project)
        tree = git_repo.git("rev-parse", f"{commit}^{{tree}}").strip()
        if name == "staged only":  # the work tree is HEAD's again: nothing to judge anew
            assert (commit, uncommitted) == (head, False), name
        else:
            assert uncommitted and tree != git_repo.git("rev-parse", "HEAD^{tree}").strip(), name
        git_repo.git("reset", "-q", "--hard")
        git_repo.git("clean", "-q", "-f", "cmdb")


def _touch(project: GitRepo, name: str) -> None:
    file = project.path / name
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_a_touched_but_unchanged_file_is_still_head(git_repo: GitRepo) -> None:
    project, _ = _project(git_repo)
    head = git_repo.git("rev-parse", "HEAD").strip()
    _touch(project, "inventory/a.yaml")
    index = git_repo.path / ".git" / "index"
    before = index.read_bytes(), index.stat().st_mtime_ns
    stat_dirty = subprocess.run(["git", "diff-index", "--quiet", "HEAD"], cwd=git_repo.path)
    assert stat_dirty.returncode == 1
    assert _snapshot(project) == (head, False)
    # Told by hashing the touched file through a scratch index: the user's is not rewritten.
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before


def test_a_touched_file_beside_a_real_change_is_staged(git_repo: GitRepo) -> None:
    project, _ = _project(git_repo)
    head_tree = git_repo.git("rev-parse", "HEAD^{tree}").strip()
    for change in (
        lambda: project.write("inventory/c.yaml", DOC.format(ident="team-c")),  # untracked
        lambda: project.write("inventory/b.yaml", DOC.format(ident="team-x")),  # edited
    ):
        _touch(project, "inventory/a.yaml")
        change()
        commit, uncommitted = _snapshot(project)
        assert uncommitted
        assert git_repo.git("rev-parse", f"{commit}^{{tree}}").strip() != head_tree
        git_repo.git("reset", "-q", "--hard")
        git_repo.git("clean", "-q", "-f", "cmdb")
