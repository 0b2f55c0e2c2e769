"""One streaming ``git log --raw -z`` pass: commits newest first with the blobs each changed.

Rename detection is off: a move is a deletion plus an addition of blobs, and ``history``
recognises it by document id, which also covers moves between multi-document files that no
rename heuristic would pair. Merges come as combined diffs (``-c``): only the paths that differ
from *every* parent, with one old blob per parent, so a merge that merely brings a branch's
change in is not reported a second time. The pass streams; a caller that has what it needs
(``show`` wants the newest hit only) stops reading and the process is killed.
"""

from __future__ import annotations

import subprocess
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import git

from cmdbgit.source.repo import RepoHandle

_START = "\x1e"
_NULL_SHA = "0" * 40
_REGULAR = frozenset({"100644", "100755"})
_FORMAT = f"--format={_START}%H%x00%P%x00%an%x00%ae%x00%aI%x00%s%x00"
_HEADER_FIELDS = 6
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Change:
    """One changed path: its blob in each parent (None: absent there) and in the commit."""

    path: str  # relative to the project root
    olds: tuple[str | None, ...]
    new: str | None


@dataclass(slots=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # author date, ISO 8601 with offset
    subject: str
    changes: list[Change] = field(default_factory=list)


def shallow_boundary(repo: git.Repo) -> frozenset[str]:
    """The commits a shallow clone was cut at (their parents are missing); empty when full."""
    path = Path(repo.common_dir) / "shallow"
    try:
        return frozenset(line.strip() for line in path.read_text().splitlines() if line.strip())
    except FileNotFoundError:
        return frozenset()


def commits(handle: RepoHandle, rev: str, folder: str) -> Generator[Commit, None, None]:
    """Commits reachable from ``rev`` that changed something under ``folder`` (relative to the
    project root), newest first, each with its changes under that folder."""
    repo = handle.require_repo()
    prefix = f"{handle.prefix}/" if handle.prefix else ""
    scope = folder.strip("/")
    pathspec = f"{prefix}{scope}" if scope not in ("", ".") else (prefix or ".")
    command = [
        "git", "-c", "core.quotePath=false", "log", _FORMAT, "--raw", "-z", "-c",
        "--no-renames", "--no-abbrev", "--root", rev, "--", pathspec,
    ]  # fmt: skip
    with subprocess.Popen(
        command, cwd=repo.working_tree_dir, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        assert process.stdout is not None
        try:
            yield from _parse(_tokens(process.stdout), prefix)
        finally:
            # The caller may stop early (GeneratorExit): do not wait for the whole history.
            process.kill()


def _tokens(stream: IO[bytes]) -> Iterator[str]:
    """NUL-separated tokens of the output, read in chunks."""
    pending = b""
    while chunk := stream.read(_CHUNK):
        pending += chunk
        *complete, pending = pending.split(b"\0")
        for token in complete:
            yield token.decode("utf-8", errors="replace")
    if pending:
        yield pending.decode("utf-8", errors="replace")


def _parse(tokens: Iterator[str], prefix: str) -> Iterator[Commit]:
    current: Commit | None = None
    for token in tokens:
        head = token.lstrip("\n")
        if not head:
            continue
        if head.startswith(_START):
            if current is not None:
                yield current
            fields = [head[1:]] + [next(tokens, "") for _ in range(_HEADER_FIELDS - 1)]
            sha, parents, author, email, date, subject = fields
            current = Commit(sha, tuple(parents.split()), author, email, date, subject)
        elif head.startswith(":") and current is not None:
            path = next(tokens, "")
            if path.startswith(prefix):
                current.changes.append(_change(head, path[len(prefix) :]))
    if current is not None:
        yield current


def _change(meta: str, path: str) -> Change:
    """``:mode mode sha sha status`` or, for a merge of n parents, ``::`` + n+1 modes,
    n+1 shas, n status letters. Only regular files count: a submodule's "blob" is a commit
    of another repository, a symlink's is a path."""
    parents = len(meta) - len(meta.lstrip(":"))
    parts = meta[parents:].split()
    modes = parts[: parents + 1]
    shas = parts[parents + 1 : 2 * parents + 2]
    blobs = tuple(
        sha if sha != _NULL_SHA and mode in _REGULAR else None
        for mode, sha in zip(modes, shas, strict=True)
    )
    return Change(path, blobs[:-1], blobs[-1])
