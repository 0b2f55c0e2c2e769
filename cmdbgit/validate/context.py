"""What every checker receives, and the one way checkers make a located ``Problem``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.paths import FieldPath, format_path
from cmdbgit.model.problem import Location, Problem, Severity
from cmdbgit.workspace import LoadedInventory, RuleSet


@dataclass(slots=True)
class CheckContext:
    loaded: LoadedInventory
    rules: RuleSet
    as_of: date
    #: Files whose documents the document-local layers already found clean under these rules
    #: (``store/verdicts.py``); they skip them.
    settled: frozenset[str] = frozenset()
    #: Source lines of the files problems were found in (read once, for the spans).
    _lines: dict[str, list[str]] = field(default_factory=dict)

    @property
    def inventory(self) -> Inventory:
        return self.loaded.inventory

    def problem(
        self,
        rule: str,
        doc: Document,
        path: FieldPath,
        message: str,
        *,
        severity: Severity = "error",
        at_key: bool = False,
        related: tuple[Location, ...] = (),
    ) -> Problem:
        """A problem at ``path`` of ``doc`` (its value, or its key with ``at_key``)."""
        line, column = self.loaded.locator.position(doc, path, key=at_key)
        return Problem(
            doc.file,
            line,
            column,
            rule,
            severity,
            message,
            id=doc.id,
            path=format_path(path),
            related=related,
            end=None if at_key else self._end(doc, path, line, column),
        )

    def _end(
        self, doc: Document, path: FieldPath, line: int, column: int
    ) -> tuple[int, int] | None:
        """Where the scalar at ``path`` ends, when its text stands at (line, column) exactly
        as written plain or quoted on that line; else None (no span rather than a wrong one)."""
        value = _value_at(doc.data, path)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        if doc.file not in self._lines:
            raw = self.loaded.source.read(doc.file)
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

    def location(self, doc: Document, path: FieldPath = ()) -> Location:
        line, column = self.loaded.locator.position(doc, path)
        return Location(doc.file, line, column, doc.id)


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
