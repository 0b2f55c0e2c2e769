"""``history``: the commits that changed one document, found by its id.

For each commit of one ``git log`` pass (``gitlog.commits``), only the blobs that commit
changed under the inventory folder are read, and only those that mention the id are parsed.
The document's version before the commit is looked up in the changed blobs of the parent,
its version after in the changed blobs of the commit; so a move to another file, a move
inside a multi-document file, or an edit to a neighbour in the same file are all told apart.
A merge counts only when the document differs from its version in every parent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any, Literal

import git

from cmdbgit.diff.fields import document_fields, same
from cmdbgit.diff.model import FieldChange, RelationEdge
from cmdbgit.diff.renames import fingerprint
from cmdbgit.history.gitlog import Commit, commits, shallow_boundary
from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file
from cmdbgit.source.base import is_yaml
from cmdbgit.source.repo import RepoHandle

#: ``present``: the oldest commit a shallow clone has, holding the document (its parent, and
#: so what it changed, is missing).
Op = Literal["added", "removed", "changed", "moved", "present", "renamed"]


@dataclass(frozen=True, slots=True)
class Version:
    """The document as one blob holds it."""

    file: str
    data: dict[str, Any]


@dataclass(slots=True)
class Entry:
    """One commit that changed the document."""

    commit: Commit
    op: Op
    file: str  # where it is after the commit (where it was, when removed)
    old_file: str | None
    fields: list[FieldChange] = field(default_factory=list)
    relations_added: list[RelationEdge] = field(default_factory=list)
    relations_removed: list[RelationEdge] = field(default_factory=list)
    #: For ``renamed``: the id before the commit (older entries are about that id).
    old_id: str | None = None


@dataclass(slots=True)
class History:
    id: str
    entries: list[Entry]
    #: The walk reached the cut of a shallow clone: older changes are unknown.
    truncated: bool = False


class _Blobs:
    """The document's version in each blob, read through GitPython's persistent
    ``git cat-file --batch`` and parsed at most once."""

    def __init__(self, repo: git.Repo, ident: str, limits: Limits) -> None:
        self._repo = repo
        self.ident = ident
        self._needle = ident.encode("utf-8")
        self._limits = limits
        self._seen: dict[tuple[str, str], Version | None] = {}

    def version(self, sha: str | None, path: str) -> Version | None:
        if sha is None:
            return None
        key = (sha, path)
        if key not in self._seen:
            self._seen[key] = self._read(sha, path)
        return self._seen[key]

    @property
    def limits(self) -> Limits:
        return self._limits

    def raw(self, sha: str) -> bytes:
        data = self._repo.odb.stream(bytes.fromhex(sha)).read()
        return data if isinstance(data, bytes) else b""

    def _read(self, sha: str, path: str) -> Version | None:
        raw = self.raw(sha)
        # Cheap filter: a blob that never spells the id cannot hold the document.
        if not isinstance(raw, bytes) or self._needle not in raw:
            return None
        for doc in load_file(path, raw, self._limits).documents:
            if isinstance(doc.data, dict) and doc.id == self.ident:
                return Version(path, doc.data)
        return None


def history(
    handle: RepoHandle,
    ident: str,
    *,
    rev: str = "HEAD",
    folder: str = "inventory",
    limits: Limits | None = None,
    max_entries: int | None = None,
) -> History:
    """The commits reachable from ``rev`` that changed document ``ident``, newest first;
    ``max_entries`` stops the walk early (``show`` wants only the last change)."""
    repo = handle.require_repo()
    boundary = shallow_boundary(repo)
    blobs = _Blobs(repo, ident, limits or Limits())
    result = History(ident, [])
    # closing(): stopping early ends the git process now, not when garbage is collected.
    with closing(commits(handle, rev, folder)) as walk:
        for commit in walk:
            if commit.sha in boundary:
                # A cut commit looks like a root: its "added" files say nothing about what it
                # changed. It is still a commit the clone has and one that may have changed
                # the document, so it is listed, as the oldest known version.
                result.truncated = True
                entry = _oldest(commit, blobs)
                if entry is not None:
                    result.entries.append(entry)
                break
            entry = _entry(commit, blobs)
            if entry is not None and entry.op == "added":
                entry = _renamed_from(commit, blobs, entry) or entry
            if entry is not None:
                result.entries.append(entry)
                if entry.old_id is not None:  # older commits know the document by its old id
                    blobs = _Blobs(repo, entry.old_id, limits or Limits())
                if max_entries is not None and len(result.entries) >= max_entries:
                    break
    return result


def _entry(commit: Commit, blobs: _Blobs) -> Entry | None:
    changes = [c for c in commit.changes if is_yaml(c.path)]
    parents = max((len(c.olds) for c in changes), default=1)
    befores = [
        _find(((c.olds[i] if i < len(c.olds) else None, c.path) for c in changes), blobs)
        for i in range(parents)
    ]
    before = befores[0]
    # Where the document was is the likeliest place it still is (a neighbour may be a copy).
    ordered = sorted(changes, key=lambda c: before is None or c.path != before.file)
    after = _find(((c.new, c.path) for c in ordered), blobs)
    if any(_same(version, after) for version in befores):
        return None
    if after is None:
        assert before is not None
        return Entry(commit, "removed", before.file, before.file)
    ident = blobs.ident
    if before is None:
        return Entry(commit, "added", after.file, None, relations_added=_edges(ident, after))
    added, removed = _edges(ident, after), _edges(ident, before)
    return Entry(
        commit,
        "moved" if before.file != after.file else "changed",
        after.file,
        before.file,
        document_fields(before.data, after.data),
        [e for e in added if e not in removed],
        [e for e in removed if e not in added],
    )


def _oldest(commit: Commit, blobs: _Blobs) -> Entry | None:
    """The cut commit of a shallow clone, where it holds the document: ``present`` (whether
    it changed the document cannot be known without its parent)."""
    changes = [c for c in commit.changes if is_yaml(c.path)]
    found = _find(((c.new, c.path) for c in changes), blobs)
    if found is None:
        return None
    return Entry(commit, "present", found.file, None)


def _renamed_from(commit: Commit, blobs: _Blobs, entry: Entry) -> Entry | None:
    """The commit added the document: was it a rename (``cmdbgit rename``)? Then a document
    of another id that this commit removed is equal to it once its id is read as the new."""
    after = blobs.version(
        next((c.new for c in commit.changes if c.path == entry.file), None), entry.file
    )
    if after is None:
        return None
    wanted = fingerprint(after.data, blobs.ident)
    kind = after.data.get("kind")
    for change in commit.changes:
        old_sha = change.olds[0] if change.olds else None
        if old_sha is None or not is_yaml(change.path):
            continue
        raw = blobs.raw(old_sha)
        for doc in load_file(change.path, raw, blobs.limits).documents:
            old_id = doc.id if isinstance(doc.data, dict) else None
            if old_id is None or old_id == blobs.ident or doc.kind != kind:
                continue
            if fingerprint(doc.data, old_id) == wanted and not _still_there(commit, blobs, old_id):
                return Entry(commit, "renamed", entry.file, change.path, old_id=old_id)
    return None


def _still_there(commit: Commit, blobs: _Blobs, ident: str) -> bool:
    needle = ident.encode("utf-8")
    for change in commit.changes:
        if change.new is None or not is_yaml(change.path):
            continue
        raw = blobs.raw(change.new)
        if needle in raw and any(
            d.id == ident for d in load_file(change.path, raw, blobs.limits).documents
        ):
            return True
    return False


def _find(candidates: Iterator[tuple[str | None, str]], blobs: _Blobs) -> Version | None:
    for sha, path in candidates:
        found = blobs.version(sha, path)
        if found is not None:
            return found
    return None


def _same(before: Version | None, after: Version | None) -> bool:
    if before is None or after is None:
        return before is after
    return before.file == after.file and same(before.data, after.data)


def _edges(ident: str, version: Version) -> list[RelationEdge]:
    relations = version.data.get("relations")
    if not isinstance(relations, list):
        return []
    return [
        RelationEdge(ident, str(r.get("type")), str(r.get("target")))
        for r in relations
        if isinstance(r, dict)
    ]
