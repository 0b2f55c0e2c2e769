"""The ``Source`` contract shared by the working tree and Git refs."""

from __future__ import annotations

import hashlib
from typing import Protocol, runtime_checkable

import msgspec

from cmdbgit.model.problem import Problem

WORKTREE = "WORKTREE"
YAML_SUFFIXES = (".yaml", ".yml")


class SourceFile(msgspec.Struct, frozen=True, gc=False):
    """One file of a source: its path relative to the project root and its Git blob id
    (for the working tree, the id Git would give the bytes), the key of the parse cache.
    (A struct: every listing makes one per file, 10^5 several times a run, and it is built
    in C six times as fast as a frozen dataclass; two strings hold no cycle to collect.)"""

    path: str
    blob_id: str


class Source(Protocol):
    #: "WORKTREE" for the working tree, else the commit sha.
    label: str

    def files(self, folder: str, suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[SourceFile]:
        """The files under ``folder`` (relative to the project root) whose names end with one of
        ``suffixes``, sorted by path."""
        ...

    def read(self, path: str) -> bytes | None:
        """The bytes of one file (any path under the project root), or None if absent."""
        ...


@runtime_checkable
class Screened(Protocol):
    """A source that reports what it did not read (links, special and unreadable files,
    submodules…) instead of reading through it or passing over it in silence."""

    def screened(self, target: str) -> list[Problem]:
        """The ``yaml`` problems of entries under ``target`` (a folder or a file) not read."""
        ...


def is_yaml(path: str) -> bool:
    return path.endswith(YAML_SUFFIXES)


def blob_id(data: bytes) -> str:
    """The id Git gives a blob with these bytes (``git hash-object``)."""
    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()


def under(path: str, folder: str) -> bool:
    folder = folder.strip("/")
    return not folder or folder == "." or path == folder or path.startswith(folder + "/")
