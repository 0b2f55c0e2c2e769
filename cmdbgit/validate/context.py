"""What every checker receives, and the one way checkers make a located ``Problem``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
        )

    def location(self, doc: Document, path: FieldPath = ()) -> Location:
        line, column = self.loaded.locator.position(doc, path)
        return Location(doc.file, line, column, doc.id)
