"""Where documents come from: the working tree or any Git ref (read from Git objects)."""

from cmdbgit.source.base import Source, SourceFile, is_yaml
from cmdbgit.source.gitref import GitRefSource
from cmdbgit.source.repo import RepoHandle, open_repo
from cmdbgit.source.worktree import WorktreeSource

__all__ = [
    "GitRefSource",
    "RepoHandle",
    "Source",
    "SourceFile",
    "WorktreeSource",
    "is_yaml",
    "open_repo",
]
