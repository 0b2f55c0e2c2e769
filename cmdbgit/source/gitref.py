"""A commit, read straight from Git objects (no checkout, no temporary files)."""

from __future__ import annotations

from cmdbgit.source.base import YAML_SUFFIXES, SourceFile, under
from cmdbgit.source.repo import RepoHandle


class GitRefSource:
    def __init__(self, handle: RepoHandle, ref: str) -> None:
        self._repo = handle.require_repo()
        self.commit = handle.resolve(ref)
        self.label = self.commit.hexsha
        self.ref = ref
        # One `ls-tree` lists every blob of the commit; blobs are then read on demand through
        # GitPython's persistent `git cat-file --batch` object database.
        listing = self._repo.git.ls_tree("-r", "-z", "--full-tree", self.label)
        prefix = f"{handle.prefix}/" if handle.prefix else ""
        self._blobs: dict[str, str] = {}
        for entry in listing.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            _mode, kind, sha = meta.split()
            if kind == "blob" and path.startswith(prefix):
                self._blobs[path[len(prefix) :]] = sha

    def files(self, folder: str, suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[SourceFile]:
        return [
            SourceFile(path, sha)
            for path, sha in sorted(self._blobs.items())
            if path.endswith(suffixes) and under(path, folder)
        ]

    def read(self, path: str) -> bytes | None:
        sha = self._blobs.get(path)
        if sha is None:
            return None
        data = self._repo.odb.stream(bytes.fromhex(sha)).read()
        assert isinstance(data, bytes)
        return data

    def blob(self, path: str) -> str | None:
        return self._blobs.get(path)
