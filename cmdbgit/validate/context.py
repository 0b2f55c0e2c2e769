"""What every checker receives, and the one way checkers make a ``Problem``.

A checker's problem stands at its document's first line until the judgement's end, when
every problem is placed at its line and column (``validate.placing``), the documents in file
order: which ones get exact positions when more than ``limits.max_located_documents`` have
problems then depends on the problems found, not on the order the checkers found them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.paths import FieldPath, format_path
from cmdbgit.model.problem import Location, Problem, Severity
from cmdbgit.workspace import LoadedInventory, RuleSet

#: What a problem or a related place is about: its document, field path and whether the key
#: (not the value) is meant.
Spot = tuple[Document, FieldPath, bool]


@dataclass(slots=True)
class CheckContext:
    loaded: LoadedInventory
    rules: RuleSet
    as_of: date
    #: Files whose documents the document-local layers already found clean under these rules
    #: (``store/verdicts.py``); they skip them.
    settled: frozenset[str] = frozenset()
    #: Files whose documents ``references`` and ``relation-type`` found clean before, with
    #: no id they name gone or changed kind since (``store/neighbours.py``); they skip them.
    settled_neighbours: frozenset[str] = frozenset()
    #: The problems and places made here and not placed yet, by ``id()``: each with the
    #: object itself (held, so that no other object takes its id) and what it is about.
    unplaced: dict[int, tuple[Problem | Location, Spot]] = field(default_factory=dict)

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
        problem = Problem(
            doc.file,
            doc.line,
            1,
            rule,
            severity,
            message,
            id=doc.id,
            path=format_path(path),
            related=related,
        )
        self.unplaced[id(problem)] = (problem, (doc, path, at_key))
        return problem

    def location(self, doc: Document, path: FieldPath = ()) -> Location:
        """Another place a problem refers to, at ``path`` of ``doc``."""
        place = Location(doc.file, doc.line, 1, doc.id)
        self.unplaced[id(place)] = (place, (doc, path, False))
        return place
