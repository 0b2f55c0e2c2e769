"""Positions on demand: documents read by the fast path are located only when they have a
problem, by re-reading just that document with the located loader."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Protocol

from cmdbgit.model.config import Limits
from cmdbgit.model.document import Document
from cmdbgit.model.paths import FieldPath
from cmdbgit.parse.loader import decode
from cmdbgit.parse.parsed import Position, Positions

#: A document marker line: where one document's slice ends.
_MARKER = re.compile(r"^(?:---|\.\.\.)(?:[ \t]|$)")
#: Characters of YAML one run may re-read to locate problems. The located loader is pure
#: Python (about 0.1-0.2 MB/s): past this, documents are placed at their first line, so a
#: huge document with one problem is judged in a second or two, not re-read for half a minute.
LOCATE_BUDGET = 200_000


class KnownPositions(Protocol):
    """Positions found by earlier runs (``store.positions``): each with the characters its
    re-reading cost, charged again so that remembered and fresh runs locate alike."""

    def get(self, path: str, index: int) -> tuple[int, Positions] | None: ...

    def cost(self, path: str, index: int) -> int | None:
        """What ``get`` would charge, without building the positions."""
        ...

    def put(self, path: str, index: int, cost: int, positions: Positions) -> None: ...

    def save(self) -> None: ...


class Locator:
    """Maps (document, field path) to a 1-based (line, column).

    After ``limits.max_located_documents`` distinct documents have been located, further
    documents are placed at their first line so a broken 100k inventory cannot
    make a run re-parse every file; ``truncated`` says how many. A document is also placed
    at its first line when re-reading it would pass ``LOCATE_BUDGET``.
    """

    def __init__(
        self,
        read: Callable[[str], bytes | None],
        limits: Limits,
        known: KnownPositions | None = None,
    ) -> None:
        self._read = read
        self._limits = limits
        self._known = known
        self._files: dict[str, dict[int, Positions]] = {}
        self._slices: dict[tuple[str, int], Positions | None] = {}
        self._lines: dict[str, list[str] | None] = {}
        self._located: set[tuple[str, int]] = set()
        #: Slices located ahead of time by another process (``offer``): used as if found here.
        self._offered: dict[tuple[str, int], tuple[int, Positions | None]] = {}
        self._budget = LOCATE_BUDGET
        #: Documents that may still be located (``stop`` ends it early).
        self._limit = limits.max_located_documents
        self.truncated: set[tuple[str, int]] = set()

    @property
    def located(self) -> int:
        """Documents located so far (``limits.max_located_documents`` at most)."""
        return len(self._located)

    @property
    def charged(self) -> int:
        """Characters of re-reading charged so far (``LOCATE_BUDGET`` at most)."""
        return LOCATE_BUDGET - self._budget

    @property
    def last_located(self) -> tuple[str, int] | None:
        """The last document located in file order (path, index), if any."""
        return max(self._located, default=None)

    def stop(self) -> None:
        """Locate no further document: as if the limit had been reached (a judgement of
        edited files that all come after the last document a whole judgement locates)."""
        self._limit = len(self._located)

    def save(self) -> None:
        """Keep the positions this run found for the next (when it has somewhere to)."""
        if self._known is not None:
            self._known.save()

    def remember(self, path: str, positions: dict[int, Positions]) -> None:
        """Positions the loader already has (files it read with the located loader)."""
        self._files[path] = positions

    def ahead(self, doc: Document) -> tuple[int, Positions | None] | None:
        """The positions of ``doc``'s slice and what re-reading it costs, found now without
        touching this locator's budget or counts — for another process to ``offer``; None
        when locating it would not re-read a slice (remembered, located loader, unreadable,
        over the budget on its own)."""
        ident = (doc.file, doc.index)
        if doc.file in self._files or ident in self._slices or ident in self._offered:
            return None
        if self._known is not None and self._known.cost(*ident) is not None:
            return None
        return self._read_slice(doc, LOCATE_BUDGET)

    def to_read(
        self, docs: Iterable[Document], *, budget: int | None = None, left: int | None = None
    ) -> tuple[list[Document], int, int]:
        """Of ``docs``, in order, those whose slices locating them here would re-read, as far
        as this run's budget and count reach (``budget``/``left``: what another process
        estimates them to be) — what is worth locating ``ahead`` elsewhere — and what would
        remain of the two, charged as locating charges them: a remembered or offered slice
        its cost, another its length (about: before it is read, the slice may not parse)."""
        out: list[Document] = []
        seen: set[tuple[str, int]] = set()
        if left is None:
            left = self._limit - len(self._located)
        if budget is None:
            budget = self._budget
        for doc in docs:
            ident = (doc.file, doc.index)
            if left <= 0 or budget <= 0:
                break
            if ident in seen or ident in self._located:
                continue
            seen.add(ident)
            left -= 1
            if doc.file in self._files or ident in self._slices:
                continue
            if ident in self._offered:
                budget -= self._offered[ident][0]
            elif self._known is not None and (cost := self._known.cost(*ident)) is not None:
                budget -= cost
            elif (length := self._slice_length(doc)) <= budget:  # else placed at line 1
                budget -= length
                out.append(doc)
        return out, budget, left

    def offer(self, path: str, index: int, cost: int, positions: Positions | None) -> None:
        """Positions of a slice located elsewhere (``ahead`` in a forked process): taken, and
        charged, exactly as if this locator had re-read the slice itself."""
        self._offered[(path, index)] = (cost, positions)

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
            if len(self._located) >= self._limit:
                self.truncated.add(ident)
                return None
            self._located.add(ident)
        if doc.file in self._files:
            return self._files[doc.file].get(doc.index)
        if ident not in self._slices:
            self._slices[ident] = self._locate_slice(doc)
        return self._slices[ident]

    def _locate_slice(self, doc: Document) -> Positions | None:
        """Positions of one document read by the fast path, from its own lines only.

        A fast-path file has no directives, anchors or tags, so its document from the first
        content line to the next document marker parses alone exactly as in the file; parsing
        just that slice keeps locating a problem in a 500-document file cheap.
        """
        ident = (doc.file, doc.index)
        if self._known is not None and (known := self._known.get(doc.file, doc.index)):
            cost, remembered = known
            if cost > self._budget:
                return None
            self._budget -= cost
            return remembered
        positions: Positions | None
        if ident in self._offered:
            cost, positions = self._offered.pop(ident)
            if cost > self._budget:
                return None
        else:
            found = self._read_slice(doc, self._budget)
            if found is None:
                return None
            cost, positions = found
        self._budget -= cost
        if positions is not None and self._known is not None:
            self._known.put(doc.file, doc.index, cost, positions)
        return positions

    def _read_slice(self, doc: Document, budget: int) -> tuple[int, Positions | None] | None:
        """The characters of ``doc``'s slice and its positions (None when the located loader
        cannot read it alone); None when the file is unreadable or the slice is over
        ``budget``."""
        lines = self._lines_of(doc.file)
        if lines is None:
            return None
        start = doc.line - 1
        text = "\n".join(lines[start : self._slice_end(lines, start)]) + "\n"
        if len(text) > budget:
            return None
        from cmdbgit.parse.located import read_positions  # imported by what re-reads

        try:
            # libyaml where it gives what ruamel.yaml gives (nearly always, for a document the
            # fast path read), about eight times faster
            parsed = read_positions(doc.file, text, self._limits)
        except Exception:  # positions are a nicety: the problem stays, placed at its document
            return len(text), None
        if not parsed.documents:
            return len(text), None
        found = parsed.documents[0].positions
        return len(text), Positions(
            {path: (line + start, col) for path, (line, col) in found.values.items()},
            {path: (line + start, col) for path, (line, col) in found.keys.items()},
        )

    def _slice_length(self, doc: Document) -> int:
        lines = self._lines_of(doc.file)
        if lines is None:
            return 0
        start = doc.line - 1
        return sum(len(line) + 1 for line in lines[start : self._slice_end(lines, start)])

    @staticmethod
    def _slice_end(lines: list[str], start: int) -> int:
        """Where the document starting at line index ``start`` ends: the next marker line."""
        end = start + 1
        while end < len(lines) and not _MARKER.match(lines[end]):
            end += 1
        return end

    def _lines_of(self, path: str) -> list[str] | None:
        if path not in self._lines:
            raw = self._read(path)
            text = None if raw is None else decode(path, raw)[0]
            self._lines[path] = None if text is None else text.split("\n")
        return self._lines[path]
