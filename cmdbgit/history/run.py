"""``history ID``: the options, the walk, and the one-line errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cmdbgit.history.track import History, history
from cmdbgit.query.lookup import no_such_id
from cmdbgit.source import RepoHandle, open_repo, source_for
from cmdbgit.workspace import load_config, load_documents


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    repo: Path
    id: str
    ref: str | None = None


def run_history(options: HistoryOptions) -> History:
    handle = open_repo(options.repo)
    rev = options.ref or "HEAD"
    commit = handle.resolve(rev)
    source = source_for(handle, options.ref)
    config, _ = load_config(source)
    found = history(
        handle,
        options.id,
        rev=commit.hexsha,
        folder=config.paths.inventory,
        limits=config.limits,
    )
    if not found.entries and not found.truncated:
        # Nothing in Git: a typo, or a document that was never committed.
        inventory = load_documents(source, config).inventory
        if inventory.get(options.id) is None:
            raise no_such_id(options.id, inventory.by_id)
    return found


def last_change(handle: RepoHandle, ident: str, rev: str, folder: str) -> History:
    """The newest commit that changed ``ident`` (``show``): the walk stops at the first hit."""
    return history(handle, ident, rev=rev, folder=folder, max_entries=1)
