"""Output formats of ``cmdbgit impact``: a registry by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from cmdbgit.graph import impact_markdown, impact_text
from cmdbgit.graph.impact import ImpactResult
from cmdbgit.output.json_format import dumps

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

ImpactRenderer = Callable[[ImpactResult, TextIO, "RenderOptions"], None]


def _json(result: ImpactResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write(dumps(result.to_json()) + "\n")


IMPACT_FORMATS: dict[str, ImpactRenderer] = {
    "text": impact_text.render,
    "json": _json,
    "markdown": impact_markdown.render,
}
