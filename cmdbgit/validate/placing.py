"""Placing a judgement's problems at their line and column, once every checker has run.

Checkers make problems at their document's first line (``CheckContext.problem``). Here the
documents they name — the problems', their waived ones' and the places they refer to — are
located in file order: the first ``limits.max_located_documents`` of them (and as many as
``parse.locator.LOCATE_BUDGET`` characters of re-reading reach) get exact positions, the
others stay at their first line. Which documents that is depends on the set of problems
alone, not on the order the layers and policies found them in; a judgement that reuses
earlier findings places them exactly as a judgement from scratch would.

Documents read by the fast path are re-read one by one for their positions (through libyaml,
~0.2 ms each, or, where it cannot vouch for the result — text beyond ASCII, block scalars,
empty values — the located loader, 1–2 ms each): when there are many, they are re-read in
chunks on two cores first (``Locator.ahead``/``offer``), which changes nothing but the time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from cmdbgit.model.document import Document
from cmdbgit.model.paths import FieldPath
from cmdbgit.model.problem import Location, Problem
from cmdbgit.model.result import Suppressed
from cmdbgit.parse.parsed import Positions
from cmdbgit.validate.context import CheckContext
from cmdbgit.workers import worker_count
from cmdbgit.workers.background import Background

#: Fewer documents than this to re-read are re-read as placing goes (a fork of a process
#: holding 10^5 documents costs about as much as re-reading 20 of them).
AHEAD_MIN = 40
#: Pieces the documents to re-read are cut into, shared by the two processes as they go.
AHEAD_CHUNKS = 16


def place(
    ctx: CheckContext, problems: Iterable[Problem], waived: Sequence[Suppressed] = ()
) -> tuple[list[Problem], list[Suppressed]]:
    """``problems`` and ``waived`` with their positions; a problem ``ctx`` did not make
    (the loader's) is kept as it is."""
    problems = list(problems)
    unplaced = ctx.unplaced
    docs: dict[tuple[str, int], Document] = {}
    for problem in (*problems, *(w.problem for w in waived)):
        for item in (problem, *problem.related):
            found = unplaced.get(id(item))
            if found is not None:
                doc = found[1][0]
                docs[(doc.file, doc.index)] = doc
    order = [docs[key] for key in sorted(docs)]
    _read_ahead(ctx, order)
    locator = ctx.loaded.locator
    for doc in order:  # the budget is charged in this order, whatever asks for a position
        locator.position(doc, ())
    placer = _Placer(ctx)
    placed = [placer.problem(p) for p in problems]
    kept = [replace(w, problem=placer.problem(w.problem)) for w in waived]
    unplaced.clear()
    return placed, kept


class _Placer:
    def __init__(self, ctx: CheckContext) -> None:
        self._ctx = ctx
        self._lines: dict[str, list[str]] = {}

    def problem(self, problem: Problem) -> Problem:
        found = self._ctx.unplaced.get(id(problem))
        if found is None:
            return problem
        doc, path, at_key = found[1]
        line, column = self._ctx.loaded.locator.position(doc, path, key=at_key)
        return replace(
            problem,
            line=line,
            column=column,
            related=tuple(self.location(r) for r in problem.related),
            end=None if at_key else self._end(doc, path, line, column),
        )

    def location(self, place: Location) -> Location:
        found = self._ctx.unplaced.get(id(place))
        if found is None:
            return place
        doc, path, _key = found[1]
        line, column = self._ctx.loaded.locator.position(doc, path)
        return Location(doc.file, line, column, doc.id)

    def _end(
        self, doc: Document, path: FieldPath, line: int, column: int
    ) -> tuple[int, int] | None:
        """Where the scalar at ``path`` ends, when its text stands at (line, column) exactly
        as written plain or quoted on that line; else None (no span rather than a wrong one)."""
        value = _value_at(doc.data, path)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        if doc.file not in self._lines:
            raw = self._ctx.loaded.source.read(doc.file)
            text = "" if raw is None else raw.decode("utf-8", "replace")
            self._lines[doc.file] = text.split("\n")
        lines = self._lines[doc.file]
        if not 0 < line <= len(lines):
            return None
        rest = lines[line - 1].rstrip("\r")[column - 1 :]
        plain = str(value)
        for token in (f"'{plain}'", f'"{plain}"', plain):
            if rest.startswith(token) and (token != plain or _ends_plain(rest[len(token) :])):
                return (line, column + len(token))
        return None


def _read_ahead(ctx: CheckContext, order: Iterable[Document]) -> None:
    """Re-read the documents placing will locate (those no process located yet) on two
    cores, in chunks, and offer their positions to the locator."""
    if worker_count() < 2:
        return
    locator = ctx.loaded.locator
    docs = locator.to_read(order)[0]
    if len(docs) < AHEAD_MIN:
        return
    size = -(-len(docs) // AHEAD_CHUNKS)
    chunks = [docs[start : start + size] for start in range(0, len(docs), size)]

    def located(chunk: list[Document]) -> list[tuple[int, Positions | None] | None]:
        return [locator.ahead(doc) for doc in chunk]

    for chunk, results in zip(chunks, Background(located, chunks).results(), strict=True):
        for doc, result in zip(chunk, results, strict=True):
            if result is not None:
                locator.offer(doc.file, doc.index, *result)


def _value_at(data: Any, path: FieldPath) -> Any:
    node = data
    for part in path:
        in_list = isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node)
        if not in_list and not (isinstance(part, str) and isinstance(node, dict) and part in node):
            return None
        node = node[part]
    return node


def _ends_plain(after: str) -> bool:
    """A plain scalar's text ends here: at the line's end, a flow indicator or a comment."""
    return not after or after[0] in ",]}" or after[:2] == " #" or after.strip() == ""
