"""The result of judging one revision: what every problem output format renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cmdbgit.model.problem import Problem, is_failing


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A policy problem waived by an exception that is still valid."""

    problem: Problem
    reason: str
    expires: str

    def to_json(self) -> dict[str, Any]:
        return {
            "problem": self.problem.to_json(),
            "exception": {"reason": self.reason, "expires": self.expires},
        }


@dataclass(slots=True)
class ValidationResult:
    documents: int
    problems: list[Problem]
    suppressed: list[Suppressed] = field(default_factory=list)
    strict: bool = False
    #: Documents located at their first line because more than max_located_documents had
    #: problems.
    unlocated: int = 0
    notes: list[str] = field(default_factory=list)
    #: ``(file, id)`` of every mapping document judged, in file order, so formats that list
    #: passes too (junit) can; empty when the producer does not know them.
    subjects: list[tuple[str, str | None]] = field(default_factory=list)
    #: The project's folder inside its Git repository ("" at the top): formats that need
    #: paths relative to the repository root (sarif, github) prefix it.
    prefix: str = ""

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    @property
    def ok(self) -> bool:
        return not any(is_failing(p, strict=self.strict) for p in self.problems)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def summary(self) -> dict[str, int]:
        return {
            "documents": self.documents,
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "infos": self.count("info"),
            "suppressed": len(self.suppressed),
        }

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ok": self.ok,
            "summary": self.summary(),
            "problems": [p.to_json() for p in self.problems],
            "suppressed": [s.to_json() for s in self.suppressed],
        }
        if self.notes:
            out["notes"] = self.notes
        return out
