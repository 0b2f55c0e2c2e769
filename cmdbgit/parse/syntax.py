"""yaml-rs, the judge of syntax for both loaders.

It reads the official YAML test suite right where ruamel.yaml refuses legal YAML or accepts
broken YAML, and it is fast, so a file with a syntax error is never handed to the pure-Python
parser. Its errors come as text ("YAML parse error at line L, column C ... detail"), read here
into a located problem.
"""

from __future__ import annotations

import re
from typing import Any

import yaml_rs

from cmdbgit.model.problem import Problem
from cmdbgit.parse.parsed import EXPANSION_BUDGET

_PARSE_ERROR = re.compile(r"YAML parse error at line ([0-9]+), column ([0-9]+)")
#: yaml-rs's complaint about ``a:<TAB>x``, and how many such tabs one file may hold, and how
#: many characters yaml-rs may read again to get past them (each costs a re-read up to it).
_TAB_AFTER_COLON = "':' must be followed by a valid YAML whitespace"
_TAB_REPAIRS = 1_000
_REPAIR_BUDGET = 50_000_000
_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=EXPANSION_BUDGET)


def read_with_yaml_rs(path: str, text: str) -> tuple[str, tuple[Any] | None, Problem | None]:
    """What yaml-rs reads (in a 1-tuple, as it may be None), or the syntax error it found
    with its position; no value and no error when it refused for another reason (a duplicate
    key, an alias limit), which the located loader judges.

    yaml-rs refuses a tab right after a ``:`` indicator (``a:<TAB>x``), which YAML allows: such
    a tab is turned into a space (the same length, so every position holds) and the text
    read again; the text returned is the one every later step reads.
    """
    starts: list[int] = []  # where each line starts, found at the first complaint
    read_again = repairs = 0
    while True:
        try:
            return text, (yaml_rs.loads(text, parse_datetime=False, alias_limits=_ALIASES),), None
        except Exception as exc:
            lines = str(exc).splitlines()
            found = _PARSE_ERROR.match(lines[0]) if lines else None
            if found is None:
                return text, None, None
            line, column = int(found.group(1)), int(found.group(2))
            detail = lines[-1].strip() if len(lines) > 1 else "not valid YAML"
            starts = starts or [0, *(m.end() for m in re.finditer("\n", text))]
            start = starts[min(line, len(starts)) - 1]
            at = min(start + column - 1, len(text))
            if _TAB_AFTER_COLON in detail:
                read_again, repairs = read_again + at, repairs + 1  # (yaml-rs stops there)
                repaired = _tab_after_colon(text, start, at)
                if (
                    repaired is not None
                    and read_again <= _REPAIR_BUDGET
                    and repairs <= _TAB_REPAIRS
                ):
                    text = repaired
                    continue
                if repaired is not None:
                    message = f"more than {_TAB_REPAIRS:,} tabs after ':' in one file: use spaces"
                    return text, None, Problem(path, line, column, "yaml", "error", message)
            if detail.startswith("tabs disallowed"):
                detail = "tab character used for indentation (YAML allows spaces only)"
                column = _first_tab(text, start, at) - start + 1
            else:
                detail = f"invalid YAML: {detail}"
            return text, None, Problem(path, line, column, "yaml", "error", detail)


def _first_tab(text: str, start: int, at: int) -> int:
    """The offset of the first tab in the blanks between ``start`` (of a line) and ``at``:
    yaml-rs points past an indenting tab, the problem is the tab itself."""
    blank = at
    while blank > start and text[blank - 1] in " \t":
        blank -= 1
    tab = text.find("\t", blank, at)
    return at if tab < 0 else tab


def _tab_after_colon(text: str, start: int, at: int) -> str | None:
    """``text`` with the blanks before ``at`` (on the line from ``start``) made spaces, when
    they follow a ``:`` and hold a tab; else None."""
    blank = at
    while blank > start and text[blank - 1] in " \t":
        blank -= 1
    if blank in (at, start) or text[blank - 1] != ":" or "\t" not in text[blank:at]:
        return None
    return text[:blank] + " " * (at - blank) + text[at:]
