"""Finding the Git repository that holds a project directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import git

from cmdbgit.errors import RepositoryError


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

    def resolve(self, ref: str) -> git.Commit:
        """The commit a ref names (branch, tag, sha, ``HEAD~3``) or a one-line error."""
        repo = self.require_repo()
        try:
            obj = repo.rev_parse(f"{ref}^{{commit}}")
        except (git.BadName, git.BadObject, ValueError, git.GitCommandError, IndexError):
            hint = ""
            if repo.git.rev_parse("--is-shallow-repository").strip() == "true":
                hint = (
                    " (this is a shallow clone: fetch full history with `fetch-depth: 0`"
                    " or `git fetch --deepen`/`git fetch --unshallow`)"
                )
            raise RepositoryError(f"unknown Git ref {ref!r}{hint}") from None
        assert isinstance(obj, git.Commit)
        return obj

    @property
    def is_shallow(self) -> bool:
        repo = self.require_repo()
        return bool(repo.git.rev_parse("--is-shallow-repository").strip() == "true")


def open_repo(path: str | Path) -> RepoHandle:
    root = Path(path).resolve()
    if not root.is_dir():
        raise RepositoryError(f"{path}: no such directory")
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return RepoHandle(root, None, "")
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = root.relative_to(top).as_posix() if root != top else ""
    return RepoHandle(root, repo, "" if prefix == "." else prefix)
