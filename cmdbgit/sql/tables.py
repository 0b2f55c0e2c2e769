"""The rows of one revision, table by table: documents, relations, problems, reports.

Every row starts with ``source`` (the name of the inventory repository), so several
repositories can share one database. A table's ``key`` columns say which rows are "the same"
across two exports. ``documents.commit`` and ``as_of`` are those of the export that last wrote
the row (an unchanged document is not rewritten); ``cmdbgit_exports`` holds the current ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import msgspec

from cmdbgit.model.kinds import KindRegistry
from cmdbgit.policy.secrets import redact
from cmdbgit.reports import REPORTS
from cmdbgit.reports.context import ReportContext

#: The reports whose tables an export carries (the others describe people or scores).
REPORT_TABLES = ("licenses", "warranty", "lifecycle", "depreciation")

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # "text", "integer" or "json": each dialect spells it


@dataclass(slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    rows: list[Row] = field(default_factory=list)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _cols(spec: str) -> tuple[Column, ...]:
    """``"id:text line:integer"`` -> columns, so each table reads as one line."""
    return tuple(Column(*item.split(":")) for item in spec.split())


DOCUMENTS = _cols(
    "source:text id:text kind:text name:text owner:text file:text line:integer "
    "labels:json spec:json commit:text as_of:text"
)
RELATIONS = _cols("source:text source_id:text type:text target:text")
PROBLEMS = _cols(
    "source:text rule:text severity:text id:text file:text line:integer column:integer "
    "path:text message:text"
)

_JSON = msgspec.json.Encoder(order="sorted")


def to_json(value: Any) -> str:
    return _JSON.encode(value).decode("utf-8")


@dataclass(slots=True)
class Snapshot:
    """Everything an export writes for one revision of one source."""

    source: str
    commit: str
    as_of: date
    kinds: KindRegistry
    tables: list[Table]

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


def build_snapshot(ctx: ReportContext, source: str, commit: str) -> Snapshot:
    """The rows of a judged revision. Secret-looking values are redacted before they reach
    a row, exactly as every other output redacts them."""
    kinds = ctx.revision.rules.kinds
    as_of = ctx.as_of.isoformat()
    documents = Table("documents", DOCUMENTS)
    relations = Table("relations", RELATIONS)
    seen: set[str] = set()
    for doc in ctx.revision.loaded.inventory.documents:
        ident = doc.id
        if ident is None or ident in seen:
            continue  # a duplicate id is a problem row, not a second document
        seen.add(ident)
        data = redact(doc.data, kinds.get(doc.kind or ""))
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        labels = metadata.get("labels") if isinstance(metadata.get("labels"), dict) else {}
        spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
        documents.rows.append(
            (
                source,
                ident,
                doc.kind,
                doc.name,
                doc.owner,
                doc.file,
                doc.line,
                to_json(labels),
                to_json(spec),
                commit,
                as_of,
            )
        )
        edges = {(r.get("type"), r.get("target")) for r in doc.relations}
        relations.rows.extend(
            (source, ident, kind, target)
            for kind, target in sorted(edges, key=str)
            if isinstance(kind, str) and isinstance(target, str)
        )
    problems = Table("problems", PROBLEMS)
    problems.rows.extend(
        sorted(
            {
                (source, p.rule, p.severity, p.id, p.file, p.line, p.column, p.path, p.message)
                for p in ctx.problems
            },
            key=str,
        )
    )
    return Snapshot(
        source, commit, ctx.as_of, kinds, [documents, relations, problems, *_reports(ctx, source)]
    )


def _reports(ctx: ReportContext, source: str) -> Iterator[Table]:
    """One table per report, its columns those of the report's CSV (text: the amounts keep
    their exact decimal digits; cast them in SQL to compute)."""
    for name in REPORT_TABLES:
        csv = REPORTS[name](ctx).csv()
        columns = (Column("source", "text"), *(Column(h, "text") for h in csv.header))
        rows = {(source, *row) for row in csv.rows}
        yield Table(f"report_{name}", columns, sorted(rows, key=str))
