"""``json``: the stable shape of docs/json.md."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from cmdbgit.model.result import ValidationResult

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def render(result: ValidationResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write(dumps(result.to_json()) + "\n")
