"""Where documents come from: the working tree or any Git ref (read from Git objects)."""

from cmdbgit.source.base import Source, SourceFile, is_yaml
from cmdbgit.source.gitref import GitRefSource
from cmdbgit.source.repo import RepoHandle, open_repo
from cmdbgit.source.worktree import WorktreeSource


def source_for(handle: RepoHandle, ref: str | None) -> Source:
    """The files at ``ref`` (None: the working tree)."""
    return WorktreeSource(handle) if ref is None else GitRefSource(handle, ref)


__all__ = [
    "GitRefSource",
    "RepoHandle",
    "Source",
    "SourceFile",
    "WorktreeSource",
    "is_yaml",
    "open_repo",
    "source_for",
]
