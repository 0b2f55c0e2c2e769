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
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml_rs

#: Characters that may start a tag, anchor or alias (``!&*``), a merge key (``<<``), a
#: directive (``%``), a block scalar (``|>``), an explicit key (``?``) or nothing at all
#: (``@`````, reserved); tabs; lone carriage returns; and characters YAML forbids or that
#: ruamel.yaml reads as line breaks (yaml-rs does not). One character-class scan finds them;
#: each is then judged in context.
_CANDIDATE = re.compile(
    r"[!&*<%|>@`?\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)
#: After these (and spaces) a node may start, so ``!&*`` there are indicators; elsewhere they
#: are text inside a scalar ("R&D", "a*b").
_NODE_OPENERS = "[{,:?-"
#: Indicators that are never text at the start of a node (``?``: an explicit key, which
#: ruamel.yaml also reads in ``[?a]`` where yaml-rs reads text).
_NODE_INDICATORS = "!&*%@`?"
#: ``|``/``>`` start a block scalar. yaml-rs reads a plain one like ruamel.yaml, but takes them
#: for text in a flow collection, reads an empty one as "\n", and accepts leading blank lines
#: that YAML refuses; ``_clean_block_scalar`` lets only the plain kind through.
_BLOCK_INDICATORS = "|>"
_BLOCK_HEADER = re.compile(r"[|>][-+]?[ ]*(?:#[^\n]*)?\r?(?:\n|$)")
#: yaml-rs strips underscores from numbers (``1_000``, ``_6``, ``1e_5``) and reads ``0X1F``,
#: ``0b1``, ``-0x1F`` as numbers; YAML 1.2 core reads them all as strings. A cheap
#: literal-prefixed search finds candidates; the token-level pattern decides.
_UNDERSCORE_CANDIDATE = re.compile(r"_(?:(?<=[0-9.+\-]_)|[0-9.])")
_RADIX_CANDIDATE = re.compile(r"0[xXoObB]")
_NUMBER_HAZARD = re.compile(
    r"(?<![^\s\[\{,:])(?:[-+]?(?=[0-9._])[0-9A-Za-z.+\-]*_|[-+]0[xXoObB]|0[XOBb])"
)
#: A colon right before a flow indicator (``[a:]``, ``{a:, b: 1}``): yaml-rs reads a key with
#: an empty value, ruamel.yaml the text ``a:``.
_FLOW_COLON = re.compile(r":[,\]}]")
#: A document marker with content on its line (``--- !tag``, ``--- {a: 1}``).
_MARKER_CONTENT = re.compile(r"^---[ \t]*[^\s#]", re.MULTILINE)
#: A line with content: not blank, not only a comment, not a directive (``%YAML 1.2``).
_CONTENT_LINE = re.compile(r"^(?:[^\s#%]|[ \t]+[^\s#])", re.MULTILINE)


@dataclass(slots=True)
class FastDocument:
    line: int
    data: Any


def parse_fast(text: str, max_depth: int) -> list[FastDocument] | None:
    """The non-empty documents of ``text``, or None when the located loader must decide."""
    if hazardous(text):
        return None
    try:
        loaded = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any complaint at all: the located loader says what and where
        return None
    return documents_from(text, loaded, max_depth)


def documents_from(text: str, loaded: Any, max_depth: int) -> list[FastDocument] | None:
    """The non-empty documents in what yaml-rs read from ``text``, or None when they cannot be
    told apart or hold what only the located loader may judge (keys that are not strings,
    nesting over ``max_depth``)."""
    starts = _document_starts(text)
    values: list[Any]
    if not starts and loaded is None:
        values = []
    elif len(starts) == 1:
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


#: What yaml-rs reads right but the located loader's parser (ruamel.yaml) may refuse or
#: misread: separating tabs, block scalars, ``?`` and ``a:,`` in flow collections. A text
#: whose only hazards are these is read by yaml-rs when the two disagree.
_SYNTAX_ONLY = "\t|>?"


def hazardous(text: str, *, syntax_too: bool = True) -> bool:
    """True when ``text`` may hold something yaml-rs reads differently from the located
    loader (conservative: a false alarm only costs the slower loader). ``syntax_too=False``
    leaves out the hazards where yaml-rs is the one that reads YAML right."""
    for match in _CANDIDATE.finditer(text):
        char = match.group()
        at = match.start()
        if not syntax_too and (char in _SYNTAX_ONLY or (char == "%" and _line_start(text, at))):
            continue  # (a directive line)
        if char in _NODE_INDICATORS or char in _BLOCK_INDICATORS:
            opener = _opener(text, at)
            if opener is None:
                continue  # inside a scalar: text
            if char in _NODE_INDICATORS or not _clean_block_scalar(text, at, opener):
                return True
        elif char == "<":
            if text.startswith("<<", at):
                return True
        elif char == "\r":
            if not text.startswith("\n", at + 1):  # a lone CR breaks lines for ruamel only
                return True
        else:
            return True
    if (
        _UNDERSCORE_CANDIDATE.search(text) or _RADIX_CANDIDATE.search(text)
    ) and _NUMBER_HAZARD.search(text):
        return True
    if syntax_too and (text.startswith("...") or "\n..." in text):
        return True
    if syntax_too and _FLOW_COLON.search(text):
        return True
    return (
        syntax_too
        and (text.startswith("---") or "\n---" in text)
        and bool(_MARKER_CONTENT.search(text))
    )


def _line_start(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] == "\n"


def _opener(text: str, at: int) -> str | None:
    """What precedes position ``at`` where a node may start there: the last non-blank
    character of its line ("" at the start of a line); None when ``at`` is inside a scalar."""
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at].rstrip(" ")
    if not before:
        return ""
    return before[-1] if before[-1] in _NODE_OPENERS else None


def _clean_block_scalar(text: str, at: int, opener: str) -> bool:
    """True for a block scalar both loaders read alike: after ``key:`` or ``-`` in block
    context, no indentation indicator, and its first line right below the header, non-blank
    and indented deeper than the collection that holds it."""
    if opener not in (":", "-"):
        return False
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    if "[" in before or "{" in before or _multiline_flow(text):
        return False
    header = _BLOCK_HEADER.match(text, at)
    if header is None or header.end() >= len(text):
        return False
    end = text.find("\n", header.end())
    first = text[header.end() : len(text) if end == -1 else end].rstrip("\r")
    content = first.lstrip(" ")
    return bool(content) and len(first) - len(content) > _parent_indent(before, opener)


def _parent_indent(before: str, opener: str) -> int:
    """The indentation of the collection holding a block scalar whose line starts ``before``:
    the sequence's dash, or the mapping key's column (after any ``- `` prefixes)."""
    if opener == "-":
        return len(before.rstrip(" ")) - 1
    rest = before.lstrip(" ")
    column = len(before) - len(rest)
    while rest.startswith("- "):
        stripped = rest[1:].lstrip(" ")
        column += len(rest) - len(stripped)
        rest = stripped
    return column


def _multiline_flow(text: str) -> bool:
    """True when a line opens more flow brackets than it closes (a flow collection spanning
    lines, inside which ``|``/``>`` are not block indicators). Brackets in quotes count too:
    a false alarm only costs the slower loader."""
    return any(
        line.count("[") + line.count("{") != line.count("]") + line.count("}")
        for line in text.split("\n")
    )


def _document_starts(text: str) -> list[int]:
    """The 1-based first content line of each document: ``---`` starts one (on its own line
    unless content follows it there), ``...`` ends one, and content with no marker before it
    is a document too."""
    if not text.startswith(("---", "...")) and "\n---" not in text and "\n..." not in text:
        match = _CONTENT_LINE.search(text)  # one document, the common case
        return [text.count("\n", 0, match.start()) + 1 if match else 1]
    bounds = _markers(text)
    segments: list[tuple[int, int]] = []
    first = bounds[0] if bounds else len(text)
    if not bounds or _CONTENT_LINE.search(text, 0, first):
        segments.append((0, first))
    for i, start in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        body = text.find("\n", start, end) + 1 or end
        if text.startswith("...", start):
            if _CONTENT_LINE.search(text, body, end):  # a bare document after an end marker
                segments.append((body, end))
        elif _MARKER_CONTENT.match(text, start):  # ``--- {a: 1}``: starts on the marker line
            segments.append((start, start))
        else:
            segments.append((body, end))
    # Line numbers counted forward from the previous start: linear in the file, however
    # many documents it holds.
    lines: list[int] = []
    line, counted = 1, 0
    for start, end in segments:
        match = _CONTENT_LINE.search(text, start, end) if start < end else None
        offset = match.start() if match else start
        line += text.count("\n", counted, offset)
        counted = offset
        lines.append(line)
    return lines


def _markers(text: str) -> list[int]:
    """Offsets of the ``---`` and ``...`` document markers (at a line start, then a blank or
    the line's end)."""
    found = []
    for marker in ("---", "..."):
        if text.startswith(marker):
            found.append(0)
        at = text.find("\n" + marker)
        while at != -1:
            found.append(at + 1)
            at = text.find("\n" + marker, at + 1)
    return sorted(at for at in found if text[at + 3 : at + 4] in ("", " ", "\t", "\n", "\r"))


def _plain(value: Any, max_depth: int) -> bool:
    """True when every key is a string (not starting with ``:``) and nesting stays within
    ``max_depth``.

    Walks level by level with exact type tests: this is the hot loop of the fast path.
    """
    level = [value] if type(value) is dict or type(value) is list else []
    depth = 1
    while level:
        if depth > max_depth:
            return False
        below: list[Any] = []
        for node in level:
            items: Iterable[Any]
            if type(node) is dict:
                for key in node:
                    # A key yaml-rs read as ":x" is ``{:x}``-style flow YAML that ruamel.yaml
                    # reads as an empty key: the located loader decides.
                    if type(key) is not str or key[:1] == ":":
                        return False
                items = node.values()
            else:
                items = node
            for item in items:
                kind = type(item)
                if kind is dict or kind is list:
                    below.append(item)
        level = below
        depth += 1
    return True
