"""The working tree: tracked files and untracked files that are not ignored."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from cmdbgit.errors import RepositoryError
from cmdbgit.source.base import WORKTREE, YAML_SUFFIXES, SourceFile, blob_id
from cmdbgit.source.repo import RepoHandle

_SKIP_DIRS = {".git", ".cmdbgit"}


class WorktreeSource:
    label = WORKTREE

    def __init__(self, handle: RepoHandle) -> None:
        self._handle = handle
        self.handle = handle
        self._bytes: dict[str, bytes] = {}

    def files(self, folder: str, suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[SourceFile]:
        """The files with their blob ids: taken from the index for tracked files Git reports
        unchanged (no read at all), else the bytes hashed the way Git does."""
        base = self._handle.root / folder
        if not base.is_dir():
            return []
        known: dict[str, str] = {}
        if self._handle.repo is None:
            paths = self._walk(base, suffixes)
        else:
            paths, known = self._git_listing(folder, suffixes)
        out = []
        for path in paths:
            sha = known.get(path)
            if sha is None:
                data = self.read(path) if (self._handle.root / path).is_file() else None
                if data is None:
                    continue
                sha = blob_id(data)
            out.append(SourceFile(path, sha))
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

    def _git_listing(
        self, folder: str, suffixes: tuple[str, ...]
    ) -> tuple[list[str], dict[str, str]]:
        """Tracked and untracked-but-not-ignored paths (relative to the project root, because
        git runs there), and the blob ids Git vouches for: from the index (``ls-files -s``),
        for tracked regular files that ``diff-files`` finds unchanged. Paths with a status
        other than plain cached (``H``: skip-worktree, assume-unchanged, conflicts) get no id,
        and none do when a clean/smudge filter is configured (the index then holds other bytes
        than the working tree). The four git commands run at the same time."""
        staged, untracked, changed, filters = _run_all(
            self._handle.root,
            ["ls-files", "-s", "-t", "-z", "--", folder],
            ["ls-files", "-z", "--others", "--exclude-standard", "--", folder],
            ["diff-files", "-z", "--name-only", "--relative", "--", folder],
            ["config", "--get-regexp", r"^filter\."],
        )
        # Regular expressions over the whole output: 10^5 entries parse in C, not in a loop.
        paths = {p for p in _PATH.findall(staged) if p.endswith(suffixes)}
        paths.update(p for p in untracked.split("\0") if p.endswith(suffixes))
        known = {} if filters.strip() else {path: sha for sha, path in _CLEAN.findall(staged)}
        for path in changed.split("\0"):
            known.pop(path, None)
        return sorted(paths), known

    def _walk(self, base: Path, suffixes: tuple[str, ...]) -> list[str]:
        found = []
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if d not in _SKIP_DIRS]
            for name in filenames:
                if name.endswith(suffixes):
                    found.append(Path(dirpath, name).relative_to(self._handle.root).as_posix())
        return sorted(found)


#: In ``git ls-files -s -t -z`` output (``<tag> <mode> <blob> <stage>\t<path>\0``): every
#: path, and (blob, path) of plain cached regular files at stage 0.
_PATH = re.compile(r"\t([^\0]*)\0")
_CLEAN = re.compile(r"(?:^|\0)H 100(?:644|755) ([0-9a-f]+) 0\t([^\0]*)(?=\0)")


def _run_all(root: Path, *commands: list[str]) -> list[str]:
    """Run git commands side by side in ``root``; their outputs (paths decoded as Git wrote
    them). A failing listing is a repository problem, reported in one line."""
    processes = [
        subprocess.Popen(["git", *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for args in commands
    ]
    outputs = []
    for args, process in zip(commands, processes, strict=True):
        out, err = process.communicate()
        if process.returncode and args[0] != "config":  # config: exit 1 means "no such key"
            reason = err.decode("utf-8", "replace").strip().splitlines()[:1]
            raise RepositoryError(f"git {args[0]} failed: {' '.join(reason)}")
        outputs.append(out.decode("utf-8", "surrogateescape"))
    return outputs
