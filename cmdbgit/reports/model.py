"""What every report hands its renderers.

A report is a typed dataclass computed once; renderers never compute. It offers:

* ``payload()`` — its JSON keys (stable, documented in docs/reports.md; money as
  ``{"amount": "12000.00", "currency": "EUR"}``),
* ``summary()`` — headline figures as (label, value) pairs,
* ``tables()`` — display tables for text, markdown and html (cells are strings),
* ``csv()`` — the ONE spreadsheet table of the report (raw amounts, a currency column),
* ``charts()`` — data for the html report's inline SVG charts.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Literal


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    numeric: bool = False  # right-aligned


@dataclass(slots=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[tuple[str, ...]]
    empty: str = "Nothing to report."


@dataclass(slots=True)
class CsvTable:
    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Point:
    label: str
    value: Decimal
    note: str = ""  # shown as the SVG tooltip


@dataclass(slots=True)
class Series:
    name: str
    points: list[Point]


ChartKind = Literal["line", "bars", "usage"]


@dataclass(slots=True)
class Chart:
    """``line``: one series over time; ``bars``: one series of vertical bars; ``usage``:
    two series (entitled, consumed) drawn as paired horizontal bars."""

    kind: ChartKind
    title: str
    unit: str
    series: list[Series]
    marker: str | None = None  # the x label to mark (the as-of point of a line chart)
    whole: bool = False  # counts: the axis ticks are whole numbers (no "0.5 assets")


def cols(*titles: str, numeric: tuple[str, ...] = ()) -> tuple[Column, ...]:
    return tuple(Column(t, t in numeric) for t in titles)


@dataclass(slots=True)
class Report(ABC):
    name: ClassVar[str]
    title: ClassVar[str]
    notes: list[str] = field(default_factory=list, kw_only=True)

    @abstractmethod
    def payload(self) -> dict[str, Any]: ...

    @abstractmethod
    def summary(self) -> list[tuple[str, str]]: ...

    @abstractmethod
    def tables(self) -> list[Table]: ...

    @abstractmethod
    def csv(self) -> CsvTable: ...

    def charts(self) -> list[Chart]:
        return []

    def to_json(self) -> dict[str, Any]:
        return {"report": self.name, "title": self.title, "notes": self.notes, **self.payload()}
