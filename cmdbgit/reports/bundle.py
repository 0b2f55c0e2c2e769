"""What the renderers receive: one report, or every report for ``all``, and what they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cmdbgit.model.config import ReportSettings
from cmdbgit.reports.model import Report

ALL = "all"


@dataclass(slots=True)
class ReportBundle:
    """One report, or every report for ``all``, with what they share."""

    name: str
    as_of: date
    source: str
    settings: ReportSettings
    reports: list[Report]
    notes: list[str] = field(default_factory=list)
    skipped: int = 0

    def header(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "source": self.source,
            "skipped_documents": self.skipped,
        }

    def to_json(self) -> dict[str, Any]:
        if self.name != ALL:
            report = self.reports[0].to_json()
            return {**report, **self.header(), "notes": [*self.notes, *report["notes"]]}
        return {**self.head_json(), "reports": {r.name: r.to_json() for r in self.reports}}

    def head_json(self) -> dict[str, Any]:
        """``all``'s keys before its reports."""
        return {"report": ALL, **self.header(), "notes": self.notes}
