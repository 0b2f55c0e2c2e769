"""How ``query`` prints its rows: a table for people, JSON and CSV for programs.

Cells are data from the inventory: the table escapes control characters like every other
text output, the CSV neutralises cells a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cmdbgit.output.escape import terminal
from cmdbgit.sql.run import QueryResult

Renderer = Callable[[QueryResult, TextIO], None]


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def render_json(result: QueryResult, stream: TextIO) -> None:
    rows = [dict(zip(result.columns, map(_plain, row), strict=True)) for row in result.rows]
    json.dump(rows, stream, indent=2, ensure_ascii=True)
    stream.write("\n")


def render_csv(result: QueryResult, stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if v is None else _cell(str(_plain(v))) for v in row])


def _cell(text: str) -> str:
    return (
        "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) else text
    )


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def render_table(result: QueryResult, stream: TextIO) -> None:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for name in result.columns:
        table.add_column(Text(terminal(name)))
    for row in result.rows:
        table.add_row(*(Text("" if v is None else terminal(_plain(v))) for v in row))
    Console(file=stream, width=250, color_system=None, soft_wrap=True).print(table)
    stream.write(f"({len(result.rows)} row{'' if len(result.rows) == 1 else 's'})\n")


QUERY_FORMATS: dict[str, Renderer] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
}
