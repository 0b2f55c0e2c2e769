"""The ``health`` report as data, and how it shows (computed in ``health``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, ClassVar

from cmdbgit.reports.model import CsvTable, Report, Table, cols

#: Rows shown per dimension in text/markdown/html (JSON and CSV carry every item).
SHOWN = 50


@dataclass(slots=True)
class HealthItem:
    """One failing document in one dimension."""

    id: str
    kind: str
    file: str
    detail: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "file": self.file,
            "detail": self.detail,
            **self.extra,
        }


@dataclass(slots=True)
class Dimension:
    name: str
    description: str
    checked: int  # how many things were judged (fields, documents)
    passed: int
    unit: str  # "fields" or "documents"
    items: list[HealthItem]
    status: str = "scored"  # or a reason there is no score: "no policies", "nothing to check"
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> Decimal | None:
        if self.status != "scored" or self.checked == 0:
            return None
        return (Decimal(100 * self.passed) / self.checked).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_EVEN
        )

    def score_text(self) -> str:
        score = self.score
        if score is not None:
            return f"{score}"
        return self.status if self.status != "scored" else "nothing to check"

    def to_json(self) -> dict[str, Any]:
        score = self.score
        return {
            "score": None if score is None else float(score),
            "status": self.status
            if self.checked or self.status != "scored"
            else "nothing to check",
            "checked": self.checked,
            "passed": self.passed,
            "unit": self.unit,
            "description": self.description,
            "notes": self.notes,
            "failing": [i.to_json() for i in self.items],
        }


@dataclass(slots=True)
class HealthReport(Report):
    name: ClassVar[str] = "health"
    title: ClassVar[str] = "CMDB health"
    dimensions: list[Dimension]
    stale_days: int
    shallow: bool

    @property
    def overall(self) -> Decimal | None:
        scores = [d.score for d in self.dimensions if d.score is not None]
        if not scores:
            return None
        return (sum(scores, Decimal(0)) / len(scores)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_EVEN
        )

    def payload(self) -> dict[str, Any]:
        overall = self.overall
        return {
            "settings": {"stale_days": self.stale_days},
            "shallow_clone": self.shallow,
            "summary": {
                "overall": None if overall is None else float(overall),
                **{d.name: (None if d.score is None else float(d.score)) for d in self.dimensions},
            },
            "dimensions": {d.name: d.to_json() for d in self.dimensions},
        }

    def summary(self) -> list[tuple[str, str]]:
        overall = self.overall
        return [
            ("Overall", "—" if overall is None else f"{overall}"),
            *((d.name.capitalize(), d.score_text()) for d in self.dimensions),
        ]

    def tables(self) -> list[Table]:
        scores = Table(
            "Scores (0–100)",
            cols(
                "Dimension",
                "Score",
                "Passed",
                "Checked",
                "What",
                numeric=("Score", "Passed", "Checked"),
            ),
            [
                (d.name, d.score_text(), str(d.passed), f"{d.checked} {d.unit}", d.description)
                for d in self.dimensions
            ],
        )
        tables = [scores]
        for d in self.dimensions:
            rows = [(i.id, i.kind, i.file, i.detail) for i in d.items[:SHOWN]]
            if len(d.items) > SHOWN:
                rows.append(("…", "", "", f"{len(d.items) - SHOWN} more (see json or csv)"))
            tables.append(
                Table(
                    f"{d.name.capitalize()}: failing items",
                    cols("Id", "Kind", "File", "Detail"),
                    rows,
                    "Nothing failing." if d.status == "scored" else f"Not scored: {d.status}.",
                )
            )
        return tables

    def csv(self) -> CsvTable:
        """One row for the overall score, one per dimension (its score, even when nothing
        fails, and why there is none), then one per failing item: a spreadsheet gets the whole
        picture, not only what is wrong."""
        header = (
            *("dimension", "score", "status", "passed", "checked", "unit"),
            *("id", "kind", "file", "detail"),
        )
        overall = self.overall
        rows: list[tuple[str, ...]] = [
            ("overall", "", "nothing to check")
            if overall is None
            else ("overall", str(overall), "scored") + ("",) * 7
        ]
        for d in self.dimensions:
            score = "" if d.score is None else str(d.score)
            status = d.to_json()["status"]
            head = (d.name, score, status, str(d.passed), str(d.checked), d.unit)
            rows.append((*head, "", "", "", ""))
            rows.extend((*head, i.id, i.kind, i.file, i.detail) for i in d.items)
        return CsvTable(header, rows)
