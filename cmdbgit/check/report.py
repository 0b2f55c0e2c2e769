"""The markdown pull-request report (the PR comment and the step summary).

The first lines say whether the change is safe, what changed and which tier-1 services it
could hurt; rule changes (and the adopting pull request) are called out right below. Then
new problems, changes, impact (with a Mermaid drawing) and existing problems, each in a
``<details>`` fold.

Never over ``LIMIT`` characters (GitHub rejects comments over 65,536): the tables are first
shortened, then whole sections are dropped from the end with a note saying what was left
out. A fold or a fenced block is never cut, because sections are only ever kept or dropped
whole.
"""

from __future__ import annotations

from cmdbgit import __version__
from cmdbgit.check.model import CheckResult
from cmdbgit.check.report_header import header, plural
from cmdbgit.check.report_sections import sections as build_sections

LIMIT = 65_000
#: Table sizes tried in turn until the whole report fits.
ROW_BUDGETS = (200, 60, 20, 5)


def size(text: str) -> int:
    """Length as GitHub counts it (UTF-16 code units: an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def render_report(result: CheckResult, limit: int = LIMIT) -> str:
    head = header(result)
    sections = build_sections(result)
    footer = _footer(result)
    for rows in ROW_BUDGETS:
        parts = [s.render(rows) for s in sections]
        text = "\n".join([head, *parts, footer])
        if size(text) <= limit:
            return text
    # Even the shortest tables do not fit: drop whole sections from the end.
    parts = [s.render(ROW_BUDGETS[-1]) for s in sections]
    while parts:
        dropped = [s.title for s in sections[len(parts) :]]
        note = _left_out(dropped)
        text = "\n".join([head, *parts, note, footer])
        if size(text) <= limit:
            return text
        parts.pop()
    return "\n".join([head, _left_out([s.title for s in sections]), footer])


def _left_out(titles: list[str]) -> str:
    if not titles:
        return ""
    return (
        f"> [!NOTE]\n> Left out to stay under GitHub's comment size limit: {', '.join(titles)}. "
        "The full result is in the JSON and SARIF artifacts.\n"
    )


def _footer(result: CheckResult) -> str:
    rules = {
        "base": "the base",
        "head": "this pull request (adopting)",
        "worktree": "the working tree",
    }
    return (
        f"<sub>cmdbgit {__version__} · rules from {rules.get(result.rules_from, result.rules_from)}"
        f" · {plural(result.head_result.documents, 'document')} judged as of {result.as_of}</sub>\n"
    )
