"""``cmdbgit diff [BASE [HEAD]]``: resolve the revisions, load both inventories, diff them.

``BASE...HEAD`` diffs from the merge base of the two (the output's ``base`` is that sha);
``BASE..HEAD`` and ``BASE HEAD`` diff the two commits; HEAD defaults to the working tree and
BASE to ``<base_branch>...`` (the HEAD commit when there is no such branch).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import git

from cmdbgit.diff.compared import load_compared
from cmdbgit.diff.model import DiffResult
from cmdbgit.diff.semantic import diff_inventories
from cmdbgit.errors import RepositoryError, UsageError
from cmdbgit.source import RepoHandle, WorktreeSource, open_repo
from cmdbgit.source.base import WORKTREE
from cmdbgit.workspace import LoadedInventory, load_config

SHALLOW_ADVICE = (
    "this is a shallow clone: fetch the full history (actions/checkout with `fetch-depth: 0`) "
    "or deepen it with `git fetch --deepen=<n>` / `git fetch --unshallow`"
)


@dataclass(frozen=True, slots=True)
class DiffOptions:
    repo: Path
    base: str | None = None
    head: str | None = None


@dataclass(frozen=True, slots=True)
class Range:
    """Resolved revisions: ``base`` a sha, ``head`` a sha or None for the working tree."""

    base: str
    head: str | None

    @property
    def head_label(self) -> str:
        return self.head or WORKTREE


def merge_base(handle: RepoHandle, left: str, right: str) -> str:
    """The merge base of two refs, or a one-line error that says how to fetch it."""
    repo = handle.require_repo()
    a, b = handle.resolve(left).hexsha, handle.resolve(right).hexsha
    try:
        return str(repo.git.merge_base(a, b)).strip()
    except git.GitCommandError:
        advice = f" ({SHALLOW_ADVICE})" if handle.is_shallow else ""
        raise RepositoryError(f"{left} and {right} have no merge base{advice}") from None


def resolve_range(handle: RepoHandle, base: str | None, head: str | None) -> Range:
    spec = base or "HEAD"
    for separator, use_merge_base in (("...", True), ("..", False)):
        if separator in spec:
            if head is not None:
                raise UsageError(f"give either {spec!r} or a second revision, not both")
            left, right = spec.split(separator, 1)
            target = right or None
            if use_merge_base:
                return Range(
                    merge_base(handle, left or "HEAD", right or "HEAD"), _sha(handle, target)
                )
            return Range(handle.resolve(left or "HEAD").hexsha, _sha(handle, target))
    return Range(handle.resolve(spec).hexsha, _sha(handle, head))


def _sha(handle: RepoHandle, ref: str | None) -> str | None:
    return None if ref is None else handle.resolve(ref).hexsha


def unparsed_notes(side: str, loaded: LoadedInventory, others: Iterable[str] = ()) -> list[str]:
    """A file that does not parse hides its documents: say so rather than let them look
    removed (or added) without a word. ``others``: such files known without being read."""
    files = {p.file for p in loaded.problems if p.rule == "yaml" and p.severity == "error"}
    return [
        f"{side}: {file} does not parse; its documents are not compared"
        for file in sorted(files.union(others))
    ]


def default_base(handle: RepoHandle) -> str | None:
    """No BASE: ``<base_branch>...`` (what a pull request from here would change), when that
    branch (or ``origin/<base_branch>``) exists; else None (the HEAD commit, as before)."""
    if handle.repo is None:
        return None
    ref = handle.branch_ref(load_config(WorktreeSource(handle))[0].base_branch)
    return None if ref is None else f"{ref}..."


def diff(options: DiffOptions) -> DiffResult:
    handle = open_repo(options.repo)
    spec = options.base
    if spec is None and options.head is None:
        spec = default_base(handle)
    rng = resolve_range(handle, spec, options.head)
    base, head = load_compared(handle, rng.base, rng.head)
    result = diff_inventories(
        base.loaded.inventory, head.loaded.inventory, rng.base, rng.head_label
    )
    result.notes = unparsed_notes("base", base.loaded, base.unparsed)
    result.notes += unparsed_notes("head", head.loaded, head.unparsed)
    return result
