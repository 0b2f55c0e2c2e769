"""Escaping untrusted text (ids, names, messages, file names) for markdown and terminals.

``terminal`` (one line of text output) is ``cmdbgit.model.redact``'s, re-exported here so
output code has one place to import escapers from.

Everything a document author controls may end up in a pull-request comment or a step summary.
Without escaping, an id such as ``</details><script>`` or a message with ``|`` would break
the report's structure, inject HTML, or ping people with ``@mentions``. GitHub renders
markdown with raw HTML allowed (then sanitised), so HTML metacharacters are escaped as
entities and every markdown metacharacter with a backslash.
"""

from __future__ import annotations

import html
import re

from cmdbgit.model.redact import terminal

__all__ = ["code", "html_text", "terminal", "text", "unlink"]

#: Inline markdown punctuation: emphasis, code, links, strikethrough, table cells, escapes.
_INLINE = re.compile(r"([\\`*_\[\]|~])")
#: What makes the start of a line a block (heading, list, rule, setext underline).
_LINE_START = re.compile(r"^(#|[-+=])")
_ORDERED = re.compile(r"^(\d+)([.)])")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_MENTION = re.compile(r"@(?=\w)")
#: What GitHub turns into a link by itself: ``scheme://`` and ``www.`` (an image or a
#: phishing link must not appear in a comment because a document mentions a URL).
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)", re.IGNORECASE)
#: A zero-width space after ``@`` stops GitHub from turning ``@org/team`` into a mention.
_ZWSP = "\u200b"


def text(value: object) -> str:
    """Untrusted text for a markdown paragraph or table cell: line breaks folded to spaces
    (a cell stays one line, nothing can start a new block), HTML entities for ``& < > " '``,
    a backslash before inline markdown punctuation (``|`` included, which GFM honours inside
    table cells) and before a leading block marker, mentions and bare URLs defused."""
    out = html.escape(_plain(value), quote=True)
    out = _INLINE.sub(r"\\\1", out)
    out = _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", out))
    return unlink(_MENTION.sub("@" + _ZWSP, out))


def unlink(value: str) -> str:
    """Bare URLs (``scheme://``, ``www.``) broken with a zero-width space so GitHub does not
    turn them into links."""
    return _AUTOLINK.sub(_ZWSP, value)


def _plain(value: object) -> str:
    """One line (breaks folded to spaces), controls and bidi characters as ``\\uXXXX``."""
    return terminal(_NEWLINES.sub(" ", str(value)))


def code(value: object) -> str:
    """Untrusted text shown as an inline code span, safe inside a table cell.

    The fence is one backtick longer than the longest backtick run inside, so the text cannot
    close it; ``|`` becomes ``\\|`` because GFM splits table cells before parsing code spans;
    line breaks are folded so the span cannot leave its line. Inside a code span ``<`` and
    ``&`` are shown literally, so no entity escaping is needed.
    """
    raw = _plain(value).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", raw)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if raw.startswith("`") or raw.endswith("`") or not raw.strip() else ""
    return f"{fence}{pad}{raw}{pad}{fence}"


def html_text(value: object) -> str:
    """Untrusted text inside an HTML element we write (``<summary>``, ``<td>``): entities
    only, line breaks folded, mentions defused."""
    out = html.escape(_plain(value), quote=True)
    return unlink(_MENTION.sub("@" + _ZWSP, out))
