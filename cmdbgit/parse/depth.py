"""Nesting bounded before any parser sees the text, in time linear in its size.

yaml-rs crashes the process (SIGSEGV) on block nesting about 12,000 levels deep, and
ruamel.yaml's scanner is quadratic in flow nesting (1,000 levels: 1.5 s; 6,000: 33 s), so a
file nesting deeper than ``limits.max_depth`` is refused here, where it happens.
"""

from __future__ import annotations

import re

from cmdbgit.parse.prescan import Finding, position

_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
#: Tokens the flow scan looks at; everything between them is skipped at C speed.
_FLOW_TOKENS = re.compile(r"[\[\]{}'\"#]")
#: A line's indentation and the compact block indicators right after it (``- - - x``).
_LINE_HEAD = re.compile(r"( *)((?:[-?:](?:[ \t]+|(?=\n)|\Z))*)")
#: Two compact indicators at a line's start: the cheap sign that a long run may follow.
_TWO_INDICATORS = re.compile(r"\n *[-?:][ \t]+[-?:][ \t]")
_TWO_INDICATORS_AT_START = re.compile(r" *[-?:][ \t]+[-?:][ \t]")
_INDICATOR = re.compile(r"[-?:](?:[ \t]+|$)")
_MAPPING = re.compile(r":(?:[ \t]|$)")
_BLOCK_HEADER = re.compile(r"(?:^|[ \t])[|>][-+0-9]*[ \t]*(?:#.*)?$")


def too_deep(text: str, max_depth: int) -> Finding | None:
    """Where block or flow nesting goes deeper than ``max_depth``, or None.

    Both scans are estimates: the block scan may see as few as half the levels (a sequence
    at its parent key's indentation is not a level of its own here), the flow scan errs
    towards more (see ``_flow_too_deep``). What passes nests at most about twice
    ``max_depth`` deep, which every parser handles; the loaders then check the exact depth.
    """
    at = None
    if text.count("[") + text.count("{") > max_depth and not _flow_surely_within(text, max_depth):
        at = _flow_too_deep(text, max_depth)
    if at is None and _block_suspect(text, max_depth):
        at = _block_too_deep(text, max_depth)
    if at is None:
        return None
    line, column = position(text, at)
    return Finding(line, column, f"nesting deeper than {max_depth} levels")


def _flow_surely_within(text: str, max_depth: int) -> bool:
    """True when flow nesting surely stays within ``max_depth``, found at C speed: with no
    quote or comment in the text every bracket is structure (or harmless extra text), so
    removing innermost pairs level by level measures the depth. Many small flow
    collections (100,000 relations) are settled here instead of by the token scan."""
    if "'" in text or '"' in text or "#" in text:
        return False
    brackets = _NOT_BRACKET.sub("", text)
    for level in range(max_depth + 1):
        reduced = brackets
        for pair in ("[]", "{}", "[}", "{]"):
            reduced = reduced.replace(pair, "")
        if reduced == brackets:  # only unmatched brackets are left
            return level + reduced.count("[") + reduced.count("{") <= max_depth
        brackets = reduced
    return False


def _opens_node(text: str, at: int) -> bool:
    """True when a node may start at ``at`` inside a flow collection: after ``[``, ``{`` or
    ``,``, or after a ``:``/``?`` indicator (blanks and line breaks between)."""
    i = at - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    if i < 0 or text[i] in "[{,":
        return True
    if text[i] in ":?":
        return i + 1 < at or text[i - 1 : i] in ('"', "'", "]", "}")
    return False


def _quote_end(text: str, at: int) -> int:
    """The offset just past the quoted scalar starting at ``at`` (the end of the text when it
    is never closed)."""
    quote, end = text[at], at
    while True:
        end = text.find(quote, end + 1)
        if end < 0:
            return len(text)
        if quote == "'":
            if not text.startswith("'", end + 1):
                return end + 1
            end += 1
        else:
            slashes = 0
            while text[end - 1 - slashes] == "\\":
                slashes += 1
            if slashes % 2 == 0:
                return end + 1


def _flow_too_deep(text: str, max_depth: int) -> int | None:
    """The offset of the first bracket that nests deeper than ``max_depth``, or None.

    Errs towards counting more: outside flow collections a bracket opens one only where a node
    may start (``a: x[1]`` is text) and quotes are not skipped (an apostrophe in plain text,
    ``note: a 'quoted word``, must not hide what follows); inside one, where plain scalars
    cannot hold brackets, a quote opens a quoted scalar only where a node may start, and the
    scalar is skipped.
    """
    depth, pos, size = 0, 0, len(text)
    while (match := _FLOW_TOKENS.search(text, pos)) is not None:
        char, at = match.group(), match.start()
        pos = at + 1
        if char == "#":
            if at == 0 or text[at - 1] in " \t\n":
                end = text.find("\n", at)
                pos = size if end < 0 else end
        elif char in "'\"":
            if depth and _opens_node(text, at):
                pos = _quote_end(text, at)
        elif char in "[{":
            if depth or _block_node_start(text, at):
                depth += 1
                if depth > max_depth:
                    return at
        elif depth:
            depth -= 1
    return None


def _block_node_start(text: str, at: int) -> bool:
    """True when a flow collection may start at ``at`` outside any: at a line start or after
    an indicator (``key: [``, ``- {``, ``? [``), blanks between."""
    i = at - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] == "\n":
        return True
    if i + 1 == at:
        return False  # an indicator needs a blank after it
    return text[i] == ":" or (text[i] in "-?" and (i == 0 or text[i - 1] in " \t\n"))


def _block_suspect(text: str, max_depth: int) -> bool:
    """A cheap test: block nesting deeper than ``max_depth`` needs a line indented that far,
    or a line starting with many compact indicators (``- - - x``), so two at least."""
    if "\n" + " " * max_depth in text:
        return True
    if _TWO_INDICATORS.search(text) is None and _TWO_INDICATORS_AT_START.match(text) is None:
        return False
    run = max(1, max_depth // 2)
    return re.search(rf"^[ \t]*(?:[-?:][ \t]+){{{run}}}", text, re.MULTILINE) is not None


def _block_too_deep(text: str, max_depth: int) -> int | None:
    """The offset where block nesting (indentation and compact indicators, line by line)
    first goes deeper than ``max_depth``, or None. Block scalar content is skipped.

    Each line opens a node at its indentation, one more per compact indicator after the
    first (``- - x``) and one for a mapping after them (``- a: 1``); a node stays open while
    later lines are indented deeper.
    """
    stack: list[int] = []
    scalar_parent: int | None = None  # inside a block scalar whose parent has this column
    at, size = 0, len(text)
    while at < size:
        end = text.find("\n", at)
        end = size if end < 0 else end
        head = _LINE_HEAD.match(text, at, end)
        assert head is not None  # the pattern matches the empty string
        indent = len(head.group(1))
        content = text[head.end() : end].strip()
        if scalar_parent is not None and (not content or indent > scalar_parent):
            at = end + 1
            continue
        scalar_parent = None
        if head.group(2) or (content and not content.startswith("#")):
            while stack and stack[-1] >= indent:
                stack.pop()
            columns = [at + indent]
            columns += [head.start(2) + m.start() for m in _INDICATOR.finditer(head.group(2))][1:]
            if head.group(2) and _MAPPING.search(content):
                columns.append(head.end())
            for column in columns:
                stack.append(column - at)
                if len(stack) > max_depth:
                    return column
            if _BLOCK_HEADER.search(content):
                scalar_parent = stack[-1] if content[:1] in "|>" else indent
        at = end + 1
    return None
