"""Output formats of ``get``, a registry by name like the problem formats."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from ruamel.yaml import YAML

from cmdbgit.diff.redact import redact
from cmdbgit.model.document import Document
from cmdbgit.model.paths import get_path, parse_dotted
from cmdbgit.model.redact import REDACTED, is_secret, terminal
from cmdbgit.output.json_format import dumps
from cmdbgit.query.records import record

#: documents, stream, colour, the extra columns (dotted paths) of ``--columns``
Renderer = Callable[[list[Document], TextIO, bool, tuple[str, ...]], None]
#: Wide enough that a pipe into grep or a CI log gets one line per document.
_PIPE_WIDTH = 250


def render_json(
    docs: list[Document], stream: TextIO, color: bool, columns: tuple[str, ...] = ()
) -> None:
    stream.write(dumps([record(d) for d in docs]) + "\n")


def render_yaml(
    docs: list[Document], stream: TextIO, color: bool, columns: tuple[str, ...] = ()
) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.representer.sort_base_mapping_type_on_output = False  # keep the documents' order
    buffer = io.StringIO()
    yaml.dump([record(d) for d in docs], buffer)
    stream.write(buffer.getvalue())


def render_ids(
    docs: list[Document], stream: TextIO, color: bool, columns: tuple[str, ...] = ()
) -> None:
    stream.writelines(f"{terminal(d.id)}\n" for d in docs)


_DEFAULT = ("ID", "KIND", "NAME", "OWNER", "FILE")


def _base_cells(doc: Document) -> tuple[str | None, ...]:
    return (doc.id, doc.kind, doc.name, doc.owner, f"{doc.file}:{doc.line}")


def cell(doc: Document, column: str) -> str:
    """The value at a dotted path as one cell: money as ``1200.00 EUR``, lists joined with
    ``;``, secrets redacted as in every output."""
    path = parse_dotted(column)
    value = redact(get_path(doc.data, path, None), path)
    if value is None:
        return ""
    if isinstance(value, dict) and {"amount", "currency"} <= value.keys():
        return f"{value['amount']} {value['currency']}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(cell_text(v) for v in value)
    return cell_text(value)


def cell_text(value: object) -> str:
    return dumps(value, indent=None) if isinstance(value, dict | list) else str(value)


def render_table(
    docs: list[Document], stream: TextIO, color: bool, columns: tuple[str, ...] = ()
) -> None:
    if not docs:
        stream.write("no documents match\n")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    titles = ("ID", *columns) if columns else _DEFAULT
    for column in titles:
        table.add_column(Text(terminal(column)), no_wrap=True, overflow="ellipsis")
    for doc in docs:
        # Text(...) rather than str: a document's name must never be read as rich markup;
        # terminal(): nor drive the terminal with escape sequences.
        if columns:
            cells: tuple[str, ...] = (_cell(doc.id), *(terminal(cell(doc, c)) for c in columns))
        else:
            cells = (
                _cell(doc.id),
                _cell(doc.kind),
                _cell(doc.name),
                _cell(doc.owner),
                f"{terminal(doc.file)}:{doc.line}",
            )
        table.add_row(*(Text(c) for c in cells))
    console = Console(
        file=stream,
        color_system="auto" if color else None,
        width=None if color else _PIPE_WIDTH,
        highlight=False,
        emoji=False,
    )
    console.print(table)


def render_csv(
    docs: list[Document], stream: TextIO, color: bool, columns: tuple[str, ...] = ()
) -> None:
    """One row per document: id, then ``--columns`` (default kind, name, owner, file, line).
    A cell a spreadsheet would run as a formula is prefixed with ``'``."""
    writer = csv.writer(stream, lineterminator="\n")
    if columns:
        writer.writerow(["id", *columns])
        rows = ([doc.id or "", *(cell(doc, c) for c in columns)] for doc in docs)
    else:
        writer.writerow(["id", "kind", "name", "owner", "file", "line"])
        rows = (
            [doc.id or "", doc.kind or "", doc.name, doc.owner or "", doc.file, str(doc.line)]
            for doc in docs
        )
    writer.writerows([_neutral(v) for v in row] for row in rows)


def _neutral(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _cell(value: str | None) -> str:
    """A name or a dangling owner may be a pasted secret; ids are never secret-shaped."""
    return REDACTED if is_secret(value) else terminal(value or "")


GET_FORMATS: dict[str, Renderer] = {
    "table": render_table,
    "json": render_json,
    "yaml": render_yaml,
    "ids": render_ids,
    "csv": render_csv,
}
