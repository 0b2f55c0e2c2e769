"""Checks on the raw text before any YAML parser sees it, each linear in the file's size.

ruamel.yaml stops on characters YAML forbids without saying where, and asserts on a
``%YAML 1.3`` directive; so forbidden characters are located and the version directive is
judged here. (Nesting is bounded in ``depth``.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

#: Characters YAML 1.2 forbids anywhere in a stream (outside the printable set; a BOM at the
#: start was already removed, tab, LF, CR and NEL are allowed).
_FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
#: Bytes that are never (part of) a forbidden character in UTF-8.
_ALLOWED_BYTES = bytes(b for b in range(256) if b in (9, 10, 13) or 0x20 <= b <= 0x7E or b >= 0x80)
_VERSION = re.compile(r"^%YAML[ \t]+([0-9]+)\.([0-9]+)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Finding:
    """Something found before parsing: a 1-based position, a message and its severity."""

    line: int
    column: int
    message: str
    severity: Literal["error", "warning"] = "error"


def position(text: str, at: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at) + 1, at - line_start + 1


def forbidden_character(text: str, raw: bytes | None = None) -> Finding | None:
    """The first character YAML forbids in ``text``; ``raw``, its UTF-8 bytes, lets the usual
    case (none) be settled at C speed."""
    # (C1 controls are \xc2\x80-\x9f in UTF-8, U+FFFE and U+FFFF \xef\xbf\xbe-\xbf)
    if (
        raw is not None
        and not raw.translate(None, _ALLOWED_BYTES)
        and b"\xc2" not in raw
        and b"\xef\xbf" not in raw
    ):
        return None
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    line, column = position(text, match.start())
    code = ord(match.group())
    return Finding(line, column, f"character U+{code:04X} is not allowed in YAML")


def version_directive(text: str) -> tuple[str, list[Finding]]:
    """``text`` with any ``%YAML 1.x`` directive read as 1.2 (same length, so positions hold),
    and what to say about it: a later 1.x is read with a warning, another major is an error."""
    findings: list[Finding] = []
    rewritten = text
    if "%YAML" not in text:
        return text, findings
    for match in _VERSION.finditer(text):
        major, minor = int(match.group(1)), int(match.group(2))
        line, column = position(text, match.start())
        if major != 1:
            findings.append(Finding(line, column, f"YAML {major}.{minor} is not supported"))
        elif minor > 2:
            message = f"YAML 1.{minor} is read as YAML 1.2"
            findings.append(Finding(line, column, message, "warning"))
        if major == 1 and minor != 2:
            start, end = match.span(1)[0], match.span(2)[1]
            rewritten = rewritten[:start] + "1.2".ljust(end - start) + rewritten[end:]
    return rewritten, findings
