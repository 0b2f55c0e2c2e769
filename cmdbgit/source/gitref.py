"""A commit, read straight from Git objects (no checkout, no temporary files)."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterable

from cmdbgit.errors import RepositoryError
from cmdbgit.source.base import YAML_SUFFIXES, SourceFile, under
from cmdbgit.source.repo import RepoHandle


class GitRefSource:
    def __init__(self, handle: RepoHandle, ref: str) -> None:
        self.handle = handle
        self._repo = handle.require_repo()
        self._bytes: dict[str, bytes] = {}
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
        if path in self._bytes:
            return self._bytes[path]
        sha = self._blobs.get(path)
        if sha is None:
            return None
        data = self._repo.odb.stream(bytes.fromhex(sha)).read()
        assert isinstance(data, bytes)
        return data

    def blob(self, path: str) -> str | None:
        return self._blobs.get(path)

    def prefetch(self, paths: Iterable[str]) -> None:
        """Read many blobs through one ``git cat-file --batch`` (about 4x faster than one
        request at a time through GitPython's object database); ``read`` then serves them
        from memory. Worker processes forked afterwards inherit the bytes."""
        wanted = {path: self._blobs[path] for path in paths if path in self._blobs}
        wanted = {path: sha for path, sha in wanted.items() if path not in self._bytes}
        if wanted:
            by_sha = read_blobs(str(self._repo.git_dir), set(wanted.values()))
            self._bytes.update({path: by_sha[sha] for path, sha in wanted.items()})


def read_blobs(git_dir: str, shas: Iterable[str]) -> dict[str, bytes]:
    """The contents of these blobs, from one ``git cat-file --batch`` process. The ids are fed
    from a thread while the output is read, so neither pipe can fill up and block."""
    ordered = list(shas)
    process = subprocess.Popen(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    stdin, stdout = process.stdin, process.stdout

    def feed() -> None:
        try:
            stdin.write("".join(f"{sha}\n" for sha in ordered).encode())
            stdin.close()
        except BrokenPipeError:  # pragma: no cover - git died; reported below
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    out: dict[str, bytes] = {}
    try:
        for sha in ordered:
            header = stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise RepositoryError(f"cannot read Git object {sha}")
            out[sha] = stdout.read(int(header[2]))
            stdout.read(1)  # the newline after each object
    finally:
        feeder.join()
        stdout.close()
        process.wait()
    return out
