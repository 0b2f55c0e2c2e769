"""``json``: the stable shape of docs/json.md, and ``dumps``, which every JSON writer uses.

Text stays readable (``ensure_ascii=False``), but what JSON may carry raw and a reader may not
survive is written as a ``\\uXXXX`` escape, which decodes to the same string: a lone
surrogate (YAML's ``"\\ud800"``; raw, it cannot be encoded as UTF-8 at all), C1 controls,
line separators and bidi controls.

Speed: the standard library's indenting writer is pure Python (3 s for the 75 MB of ``report
all`` at 100,000 documents). Its one-line writer is C, and ``msgspec.json.format`` indents
that line in a tenth of a second, copying strings and numbers verbatim, so the bytes are the
ones ``json.dumps(indent=2)`` writes: its number spelling (``1e+16``), ``default=str``, its
key conversions. ``msgspec.json.encode`` alone would be faster still but spells some numbers
differently and writes ``NaN`` as ``null``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

import msgspec

from cmdbgit.model.redact import possible_in_json, redact_tree
from cmdbgit.model.result import ValidationResult

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions


_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def dumps(data: Any, indent: int | None = 2) -> str:
    if indent is None:
        return _escape(json.dumps(data, ensure_ascii=False, default=str))
    line = _escape(json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")))
    try:
        return msgspec.json.format(line, indent=indent)
    except msgspec.DecodeError:
        # ``NaN`` and ``Infinity`` (a YAML ``.nan``): json writes them, JSON has no such token.
        return _escape(json.dumps(data, indent=indent, ensure_ascii=False, default=str))


def dumps_bytes(data: Any, indent: int = 2) -> bytes:
    """``dumps(data, indent)`` as UTF-8: indented from the encoded line, so a large output
    (75 MB at 300,000 documents) is never held as text and bytes at once. The escapes leave
    no lone surrogate, so the strict encoding cannot fail."""
    return _indented(_line(data), data, indent)


def redacted_bytes(data: Any, plain_keys: Sequence[bytes] = (), indent: int = 2) -> bytes:
    """``dumps_bytes(redact_tree(data, ()))``. The redaction walks every value (0.3 s for
    the 23 MB of a depreciation report at 10^5 documents); the line encoded anyway shows in
    half that time whether it can find anything (``redact.possible_in_json``, which takes
    ``plain_keys``): only then is it walked, and the line encoded again if it changed. A line
    beyond ASCII is always walked."""
    line = _line(data)
    if not line.isascii() or possible_in_json([line], plain_keys)[0]:
        redacted = redact_tree(data, ())
        if redacted is not data:
            data, line = redacted, _line(redacted)
    return _indented(line, data, indent)


def _line(data: Any) -> bytes:
    """``data`` as one line of JSON, escaped (``_escape``), in UTF-8."""
    text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    return _escape(text).encode()


def _indented(line: bytes, data: Any, indent: int) -> bytes:
    """``line`` (the JSON of ``data``) indented."""
    try:
        return msgspec.json.format(line, indent=indent)
    except msgspec.DecodeError:
        return dumps(data, indent).encode()


def _escape(text: str) -> str:
    # These characters only occur inside JSON strings, where ``\uXXXX`` means the same.
    if text.isascii():
        return text
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(result: ValidationResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write(dumps(result.to_json()) + "\n")
