"""Output formats of ``get``, a registry by name like the problem formats."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from ruamel.yaml import YAML

from cmdbgit.model.document import Document
from cmdbgit.model.redact import REDACTED, is_secret, terminal
from cmdbgit.output.json_format import dumps
from cmdbgit.query.records import record

Renderer = Callable[[list[Document], TextIO, bool], None]
#: Wide enough that a pipe into grep or a CI log gets one line per document.
_PIPE_WIDTH = 250


def render_json(docs: list[Document], stream: TextIO, color: bool) -> None:
    stream.write(dumps([record(d) for d in docs]) + "\n")


def render_yaml(docs: list[Document], stream: TextIO, color: bool) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.representer.sort_base_mapping_type_on_output = False  # keep the documents' order
    buffer = io.StringIO()
    yaml.dump([record(d) for d in docs], buffer)
    stream.write(buffer.getvalue())


def render_ids(docs: list[Document], stream: TextIO, color: bool) -> None:
    stream.writelines(f"{terminal(d.id)}\n" for d in docs)


def render_table(docs: list[Document], stream: TextIO, color: bool) -> None:
    if not docs:
        stream.write("no documents match\n")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in ("ID", "KIND", "NAME", "OWNER", "FILE"):
        table.add_column(column, no_wrap=True, overflow="ellipsis")
    for doc in docs:
        # Text(...) rather than str: a document's name must never be read as rich markup;
        # terminal(): nor drive the terminal with escape sequences.
        cells = (
            _cell(doc.id),
            _cell(doc.kind),
            _cell(doc.name),
            _cell(doc.owner),
            f"{terminal(doc.file)}:{doc.line}",
        )
        table.add_row(*(Text(cell) for cell in cells))
    console = Console(
        file=stream,
        color_system="auto" if color else None,
        width=None if color else _PIPE_WIDTH,
        highlight=False,
        emoji=False,
    )
    console.print(table)


def _cell(value: str | None) -> str:
    """A name or a dangling owner may be a pasted secret; ids are never secret-shaped."""
    return REDACTED if is_secret(value) else terminal(value or "")


GET_FORMATS: dict[str, Renderer] = {
    "table": render_table,
    "json": render_json,
    "yaml": render_yaml,
    "ids": render_ids,
}
