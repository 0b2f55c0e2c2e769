"""``json``: the stable shape of docs/json.md, and ``dumps``, which every JSON writer uses.

Text stays readable (``ensure_ascii=False``), but what JSON may carry raw and a reader may not
survive is written as a ``\\uXXXX`` escape, which decodes to the same string: a lone
surrogate (YAML's ``"\\ud800"``; raw, it cannot be encoded as UTF-8 at all), C1 controls,
line separators and bidi controls.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, TextIO

from cmdbgit.model.result import ValidationResult

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions


_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def dumps(data: Any, indent: int | None = 2) -> str:
    # These characters only occur inside JSON strings, where ``\uXXXX`` means the same.
    text = json.dumps(data, indent=indent, ensure_ascii=False, default=str)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(result: ValidationResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write(dumps(result.to_json()) + "\n")
