"""The working tree: tracked files and untracked files that are not ignored (SPEC §6)."""

from __future__ import annotations

import os
from pathlib import Path

import git

from cmdbgit.source.base import WORKTREE, YAML_SUFFIXES, SourceFile, blob_id
from cmdbgit.source.repo import RepoHandle

_SKIP_DIRS = {".git", ".cmdbgit"}


class WorktreeSource:
    label = WORKTREE

    def __init__(self, handle: RepoHandle) -> None:
        self._handle = handle
        self._bytes: dict[str, bytes] = {}

    def files(self, folder: str, suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[SourceFile]:
        out = []
        for path in self._list(folder, suffixes):
            data = self.read(path)
            if data is not None:
                out.append(SourceFile(path, blob_id(data)))
        return out

    def read(self, path: str) -> bytes | None:
        if path in self._bytes:
            return self._bytes[path]
        full = self._handle.root / path
        try:
            data = full.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        self._bytes[path] = data
        return data

    def _list(self, folder: str, suffixes: tuple[str, ...]) -> list[str]:
        base = self._handle.root / folder
        if not base.is_dir():
            return []
        if self._handle.repo is not None:
            # Paths come out relative to the project root because git runs there.
            output = git.Git(str(self._handle.root)).ls_files(
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                folder,
                strip_newline_in_stdout=False,
            )
            paths = {p for p in output.split("\0") if p.endswith(suffixes)}
            return sorted(p for p in paths if (self._handle.root / p).is_file())
        found = []
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if d not in _SKIP_DIRS]
            for name in filenames:
                if name.endswith(suffixes):
                    found.append(Path(dirpath, name).relative_to(self._handle.root).as_posix())
        return sorted(found)
