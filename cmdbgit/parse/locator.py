"""Positions on demand: documents read by the fast path are located only when they have a
problem, by re-reading their file with the located loader (once per file)."""

from __future__ import annotations

from collections.abc import Callable

from cmdbgit.model.config import Limits
from cmdbgit.model.document import Document
from cmdbgit.model.paths import FieldPath
from cmdbgit.parse.loader import load_file
from cmdbgit.parse.located import Position, Positions


class Locator:
    """Maps (document, field path) to a 1-based (line, column).

    After ``limits.max_located_documents`` distinct documents have been located, further
    documents are placed at their first line (SPEC §4) so a broken 100k inventory cannot
    make a run re-parse every file; ``truncated`` says how many.
    """

    def __init__(self, read: Callable[[str], bytes | None], limits: Limits) -> None:
        self._read = read
        self._limits = limits
        self._files: dict[str, dict[int, Positions]] = {}
        self._located: set[tuple[str, int]] = set()
        self.truncated: set[tuple[str, int]] = set()

    def remember(self, path: str, positions: dict[int, Positions]) -> None:
        """Positions the loader already has (files it read with the located loader)."""
        self._files[path] = positions

    def position(self, doc: Document, path: FieldPath, *, key: bool = False) -> Position:
        """Where ``path`` is in ``doc``: its value (or its key with ``key=True``); a missing
        path is placed at its nearest existing ancestor."""
        positions = self._positions(doc)
        if positions is None:
            return (doc.line, 1)
        found = positions.locate_key(path) if key else positions.locate(path)
        return found or (doc.line, 1)

    def _positions(self, doc: Document) -> Positions | None:
        ident = (doc.file, doc.index)
        if ident not in self._located:
            if len(self._located) >= self._limits.max_located_documents:
                self.truncated.add(ident)
                return None
            self._located.add(ident)
        if doc.file not in self._files:
            raw = self._read(doc.file)
            loaded = (
                None if raw is None else load_file(doc.file, raw, self._limits, force_located=True)
            )
            self._files[doc.file] = (loaded.positions or {}) if loaded else {}
        return self._files[doc.file].get(doc.index)
