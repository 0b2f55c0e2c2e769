"""Finding the project and the Git repository that holds it, and resolving revisions."""

from __future__ import annotations

import subprocess
import weakref
from dataclasses import dataclass
from pathlib import Path

import git

from cmdbgit.errors import RepositoryError

#: What marks a project folder, nearest first: its config, else its inventory folder (the
#: names are the defaults of ``cmdbgit.yaml``; this layer cannot import the workspace).
CONFIG_MARKER = "cmdbgit.yaml"
INVENTORY_MARKER = "inventory"


@dataclass(slots=True)
class RepoHandle:
    """A project directory and, when it is inside one, its Git repository.

    ``prefix`` is the project's path inside the repository ("" at the top), so a project
    may live in a sub-folder of a larger repository.
    """

    root: Path
    repo: git.Repo | None
    prefix: str

    def require_repo(self) -> git.Repo:
        if self.repo is None:
            raise RepositoryError(f"{self.root} is not inside a Git repository")
        return self.repo

    @property
    def top(self) -> Path:
        """The repository's work tree (the project root when there is no repository)."""
        repo = self.repo
        return Path(repo.working_tree_dir or self.root) if repo is not None else self.root

    def run_git(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run git at the top of the work tree; the caller reads the return code."""
        self.require_repo()
        return subprocess.run(
            ["git", *args], cwd=self.top, capture_output=True, text=True, env=env, check=False
        )

    def resolve(self, ref: str) -> git.Commit:
        """The commit any revision git accepts names (``main``, ``HEAD~3``, ``v1.2^{}``,
        ``main@{2026-11-28}``, ``HEAD@{1}``), or a one-line error. git itself resolves it:
        GitPython's own parser knows only part of the syntax."""
        repo = self.require_repo()
        found = self.run_git(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )
        if found.returncode == 0 and found.stdout.strip():
            return repo.commit(found.stdout.strip())
        exists = self.run_git("rev-parse", "--verify", "--quiet", "--end-of-options", ref)
        # (a full sha passes --verify even when the object is missing, as in a shallow clone)
        kind = self.run_git("cat-file", "-t", exists.stdout.strip()).stdout.strip()
        if exists.returncode == 0 and kind:
            raise RepositoryError(f"{ref!r} names a {kind}, not a commit")
        raise RepositoryError(f"unknown Git ref {ref!r}{self._hint(ref)}")

    def _hint(self, ref: str) -> str:
        if self.is_shallow:
            return (
                " (this is a shallow clone: fetch full history with `fetch-depth: 0`"
                " or `git fetch --deepen`/`git fetch --unshallow`)"
            )
        remote, _, branch = ref.partition("/")
        if (
            branch
            and self.run_git("show-ref", "--verify", "--quiet", f"refs/heads/{branch}").returncode
            == 0
        ):
            if self.run_git("remote").stdout.split().count(remote) == 0:
                return (
                    f" (there is no remote {remote!r}; did you mean the local branch {branch!r}?)"
                )
            return f" (did you mean the local branch {branch!r}?)"
        return ""

    def has_branch(self, name: str) -> bool:
        return self.run_git("show-ref", "--verify", "--quiet", f"refs/heads/{name}").returncode == 0

    def has_remote_branch(self, name: str) -> bool:
        return (
            self.run_git("show-ref", "--verify", "--quiet", f"refs/remotes/{name}").returncode == 0
        )

    def branch_ref(self, name: str) -> str | None:
        """``name`` if that local branch exists, else ``origin/<name>`` if that does (a CI
        clone has only the remote one), else None."""
        if self.has_branch(name):
            return name
        if self.has_remote_branch(f"origin/{name}"):
            return f"origin/{name}"
        return None

    def current_branch(self) -> str | None:
        """The checked-out branch, or None on a detached HEAD."""
        out = self.run_git("symbolic-ref", "--quiet", "--short", "HEAD")
        return out.stdout.strip() or None if out.returncode == 0 else None

    @property
    def is_shallow(self) -> bool:
        return self.run_git("rev-parse", "--is-shallow-repository").stdout.strip() == "true"


def git_top(start: Path) -> Path | None:
    """The top of the work tree holding ``start``, found as git finds it; None outside one."""
    out = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=start,
        capture_output=True,
        text=True,
        check=False,
    )
    top = out.stdout.strip()
    return Path(top).resolve() if out.returncode == 0 and top else None


def find_project(start: str | Path) -> Path:
    """The project a command run in ``start`` means: the nearest folder from ``start`` up to
    the Git top that holds ``cmdbgit.yaml``, else the nearest that holds ``inventory/``, else
    the Git top. Outside a repository: ``start`` itself."""
    here = Path(start).resolve()
    top = git_top(here) if here.is_dir() else None
    if top is None:
        return here
    chain = [here, *here.parents]
    chain = chain[: chain.index(top) + 1] if top in chain else [here]
    for folder in chain:
        if (folder / CONFIG_MARKER).is_file():
            return folder
    for folder in chain:
        if (folder / INVENTORY_MARKER).is_dir():
            return folder
    return top


#: Every repository opened in this process that is still referenced: GitPython keeps a
#: ``git cat-file`` process per repository until it is closed or collected.
_OPENED: weakref.WeakSet[git.Repo] = weakref.WeakSet()


def close_repositories() -> None:
    """End the Git processes of every repository still open (a process that leaves without
    collecting its objects must end them itself)."""
    for repo in list(_OPENED):
        repo.close()


def open_repo(path: str | Path) -> RepoHandle:
    root = Path(path).resolve()
    if not root.is_dir():
        raise RepositoryError(f"{path}: no such directory")
    top = git_top(root)
    if top is None:
        return RepoHandle(root, None, "")
    try:
        repo = git.Repo(top)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return RepoHandle(root, None, "")
    _OPENED.add(repo)
    return RepoHandle(root, repo, project_prefix(root, top))


def project_prefix(root: Path, top: Path) -> str:
    """The project folder ``root``'s path in the work tree whose top is ``top`` ("" there)."""
    prefix = root.relative_to(top).as_posix() if root != top else ""
    return "" if prefix == "." else prefix
