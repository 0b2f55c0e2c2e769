"""``diff --format markdown``: a table of changed documents and the relation edges.

``body`` is reused by the pull-request report; ``max_rows`` bounds every table so a change of
thousands of documents still fits in a comment. Every document-controlled string is escaped.
The whole output stays under ``LIMIT`` (GitHub's comment limit, counted as GitHub counts):
the tables are shortened until it fits, and if even that is too long only the summary is
kept, with a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cmdbgit.diff.model import DiffResult, DocumentChange, RelationEdge, display_value, summary_line
from cmdbgit.diff.text import short
from cmdbgit.output import escape
from cmdbgit.output.markdown import LIMIT, size

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

_OPS = {
    "added": "➕ added",
    "removed": "➖ removed",
    "changed": "✏️ changed",
    "moved": "🚚 moved",
    "renamed": "🏷️ renamed",
}
#: Fields listed per document before "+N more".
_FIELDS_PER_ROW = 8
#: Rows per table tried in turn until the whole output fits under ``LIMIT``.
ROW_BUDGETS = (500, 200, 60, 20, 5)


def render(result: DiffResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write(build(result))


def build(result: DiffResult, limit: int = LIMIT) -> str:
    head = (
        f"## cmdbgit diff: {summary_line(result.summary())}\n\n"
        f"Base {escape.code(short(result.base))} → head {escape.code(short(result.head))}\n\n"
    )
    for rows in ROW_BUDGETS:
        text = head + body(result, rows)
        if size(text) <= limit:
            return text
    return head + (
        f"_The changes are left out: even {ROW_BUDGETS[-1]} rows per table exceed "
        f"{limit:,} characters. Run `cmdbgit diff --format json` for all of them._\n"
    )


def body(result: DiffResult, max_rows: int = 500) -> str:
    if result.empty:
        return "No document changed.\n"
    lines = [
        "| change | id | kind | file | fields |",
        "|---|---|---|---|---|",
    ]
    for change in result.changes[:max_rows]:
        lines.append(_row(change))
    hidden = len(result.changes) - max_rows
    if hidden > 0:
        lines.append(f"\n…and {hidden} more changed documents (see the JSON output).")
    out = "\n".join(lines) + "\n"
    for title, edges in (
        ("Relations added", result.relations_added),
        ("Relations removed", result.relations_removed),
    ):
        if edges:
            out += f"\n**{title} ({len(edges)})**\n\n" + _edges(edges, max_rows)
    for note in result.notes:
        out += f"\n> {escape.text(note)}\n"
    return out


def _row(change: DocumentChange) -> str:
    file = escape.code(change.file)
    if change.op == "moved" or (change.op == "renamed" and change.old_file != change.file):
        file = f"{escape.code(change.old_file or '')} → {file}"
    shown = [
        f"{escape.code(f.path)}: {escape.code(display_value(f.old, 40))} → "
        f"{escape.code(display_value(f.new, 40))}"
        for f in change.fields[:_FIELDS_PER_ROW]
    ]
    if len(change.fields) > _FIELDS_PER_ROW:
        shown.append(f"+{len(change.fields) - _FIELDS_PER_ROW} more")
    relations = len(change.relations_added) + len(change.relations_removed)
    if relations and change.op in ("changed", "moved"):
        shown.append(f"{relations} relation edit(s)")
    ident = escape.code(change.id)
    if change.old_id is not None:
        ident = f"{escape.code(change.old_id)} → {ident}"
    cells = [
        _OPS[change.op],
        ident,
        escape.text(change.kind or ""),
        file,
        "<br>".join(shown),
    ]
    return "| " + " | ".join(cells) + " |"


def _edges(edges: list[RelationEdge], max_rows: int) -> str:
    lines = [
        f"- {escape.code(e.source)} —{escape.text(e.type)}→ {escape.code(e.target)}"
        for e in edges[:max_rows]
    ]
    if len(edges) > max_rows:
        lines.append(f"- …and {len(edges) - max_rows} more")
    return "\n".join(lines) + "\n"
