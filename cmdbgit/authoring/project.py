"""The working tree an authoring command edits: its root, rules and documents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cmdbgit.errors import UsageError
from cmdbgit.source import RepoHandle, WorktreeSource, open_repo
from cmdbgit.workspace import LoadedInventory, RuleSet, load_documents, load_ruleset


@dataclass(slots=True)
class Project:
    handle: RepoHandle
    source: WorktreeSource
    rules: RuleSet
    _loaded: LoadedInventory | None = None

    @property
    def root(self) -> Path:
        return self.handle.root

    def documents(self) -> LoadedInventory:
        """Every inventory document of the working tree, read once per command and fresh
        (no parse cache: an editing command must see exactly the bytes it will change)."""
        if self._loaded is None:
            self._loaded = load_documents(self.source, self.rules.config, use_cache=False)
        return self._loaded

    def inside(self, path: str | Path) -> Path:
        """``path`` (relative to the project) resolved, refusing anything outside it."""
        full = (self.root / path).resolve()
        if full != self.root and self.root not in full.parents:
            raise UsageError(f"{path}: outside the project {self.root}")
        return full

    def relative(self, full: Path) -> str:
        return full.resolve().relative_to(self.root).as_posix()


def open_project(repo: Path | str) -> Project:
    handle = open_repo(repo)
    source = WorktreeSource(handle)
    return Project(handle, source, load_ruleset(source))
