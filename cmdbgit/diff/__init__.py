"""Semantic diff between two inventories, and its output formats (a registry by name)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from cmdbgit.diff import markdown, text
from cmdbgit.diff.model import DiffResult
from cmdbgit.output.json_format import dumps

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

DiffRenderer = Callable[[DiffResult, TextIO, "RenderOptions"], None]


def _json(result: DiffResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write(dumps(result.to_json()) + "\n")


DIFF_FORMATS: dict[str, DiffRenderer] = {
    "text": text.render,
    "json": _json,
    "markdown": markdown.render,
}
