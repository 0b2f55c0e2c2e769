"""``Problem``: the one currency of every checker and every output format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]

#: Worst first; used to sort annotations and to decide exit codes.
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """Another place a problem refers to (e.g. the other definition of a duplicate id)."""

    file: str
    line: int
    column: int
    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "id": self.id}


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """A located finding.

    ``line`` and ``column`` are 1-based and point at the offending value (or key, when the
    key itself is the problem). ``path`` is the dotted field path inside the document
    (``spec.os.version``, ``relations[1].target``) or None for file-level problems.
    Problems order by ``(file, line, column)`` so every output is stable.
    """

    file: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    id: str | None = None
    path: str | None = None
    related: tuple[Location, ...] = field(default=(), compare=False)
    #: Where the offending value ends (1-based, exclusive column), when it is known: a
    #: scalar on one line. Carried to SARIF's ``region``; not part of the JSON shape.
    end: tuple[int, int] | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """Identity of a problem across revisions (rule, id, path)."""
        return (self.rule, self.id, self.path)

    @property
    def headline(self) -> str:
        """``path: message`` — messages never name their own path, the formats add it once."""
        return f"{self.path}: {self.message}" if self.path else self.message

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "id": self.id,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "related": [loc.to_json() for loc in self.related],
        }


def is_failing(problem: Problem, *, strict: bool) -> bool:
    """Errors fail a run; warnings fail it only with ``--strict``."""
    if problem.severity == "error":
        return True
    return strict and problem.severity == "warning"
