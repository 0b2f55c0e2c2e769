"""The fast path: yaml-rs (Rust, YAML 1.2) for files it provably reads like the located loader.

yaml-rs is ~40x faster than ruamel.yaml here, but it silently drops unknown tags, expands
aliases, reads ``1_000`` and ``-0x1F`` as numbers, returns one list for "several documents"
and for "one document that is a list", and reports no positions. So a file takes this path
only when a cheap scan finds none of those hazards; anything it cannot vouch for returns
None and goes to the located loader. A test holds both loaders to the same result on the
whole corpus (tests/unit/parse/test_agreement.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml_rs

#: Bytes that send a file to the located loader: tags, anchors/aliases, tabs, directives,
#: document-end markers, flow content on a ``---`` line, numbers with underscores or a signed
#: radix prefix (YAML 1.1 forms yaml-rs still accepts), merge keys.
_HAZARD = re.compile(
    r"[!&*\t]|<<|^%|^\.\.\.|^---[ \t]*[^\s#]|(?<![\w.-])[-+]?\.?[0-9][0-9a-fA-FxXoO.]*_"
    r"|(?<![\w.-])[-+]0[xXoO]",
    re.MULTILINE,
)
_MARKER = re.compile(r"^---(?:[ \t]|$)", re.MULTILINE)
_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)


@dataclass(slots=True)
class FastDocument:
    line: int
    data: Any


def parse_fast(text: str, max_depth: int) -> list[FastDocument] | None:
    """The non-empty documents of ``text``, or None when the located loader must decide."""
    if _HAZARD.search(text):
        return None
    try:
        loaded = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any complaint at all: the located loader says what and where
        return None
    starts = _document_starts(text)
    values: list[Any]
    if len(starts) == 1:
        values = [loaded]
    elif isinstance(loaded, list) and len(loaded) == len(starts):
        values = loaded
    else:
        return None
    documents: list[FastDocument] = []
    for value, line in zip(values, starts, strict=True):
        if value is None:
            continue
        if not _plain(value, max_depth):
            return None
        documents.append(FastDocument(line, value))
    return documents


def _document_starts(text: str) -> list[int]:
    """The 1-based first content line of each document (markers split documents)."""
    bounds = [m.start() for m in _MARKER.finditer(text)]
    segments: list[tuple[int, int]] = []
    if not bounds or _CONTENT_LINE.search(text, 0, bounds[0]):
        segments.append((0, bounds[0] if bounds else len(text)))
    for i, start in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        segments.append((text.index("\n", start) + 1 if "\n" in text[start:end] else end, end))
    lines: list[int] = []
    for start, end in segments:
        match = _CONTENT_LINE.search(text, start, end)
        offset = match.start() if match else start
        lines.append(text.count("\n", 0, offset) + 1)
    return lines


def _plain(value: Any, max_depth: int) -> bool:
    """True when every key is a string and nesting stays within ``max_depth``."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            if depth > max_depth:
                return False
            for key, item in node.items():
                if not isinstance(key, str):
                    return False
                if isinstance(item, dict | list):
                    stack.append((item, depth + 1))
        elif isinstance(node, list):
            if depth > max_depth:
                return False
            stack.extend((item, depth + 1) for item in node if isinstance(item, dict | list))
    return True
