"""``diff --format text``: one block per document, then the terraform-style summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cmdbgit.diff.model import DiffResult, DocumentChange, display_value, summary_line
from cmdbgit.model.redact import terminal

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

_SIGNS = {"added": "+", "removed": "-", "changed": "~", "moved": ">", "renamed": "="}
_COLORS = {
    "added": "\033[32m",
    "removed": "\033[31m",
    "changed": "\033[33m",
    "moved": "\033[36m",
    "renamed": "\033[35m",
}
_RESET = "\033[0m"


def render(result: DiffResult, stream: TextIO, options: RenderOptions) -> None:
    for change in result.changes:
        _change(change, stream, options.color)
    if result.relations_added or result.relations_removed:
        stream.write(
            f"relations: {len(result.relations_added)} added, "
            f"{len(result.relations_removed)} removed\n"
        )
    for note in result.notes:
        stream.write(f"note: {terminal(note)}\n")
    span = terminal(f"{short(result.base)} -> {short(result.head)}")
    stream.write(f"{span}: {summary_line(result.summary())}\n")


def short(label: str) -> str:
    return label[:12] if len(label) == 40 else label


def _change(change: DocumentChange, stream: TextIO, color: bool) -> None:
    # Every line starts with cmdbgit's own sign or indent; every document value is escaped.
    sign = _SIGNS[change.op]
    where = terminal(change.file)
    if change.op == "moved":
        where = f"{terminal(change.old_file)} -> {where}"
    head = f"{sign} {terminal(change.id)} ({terminal(change.kind or 'no kind')}) {where}"
    if change.op == "renamed":
        kind = terminal(change.kind or "no kind")
        head = f"{sign} {terminal(change.old_id)} -> {terminal(change.id)} ({kind}) {where}"
    stream.write((f"{_COLORS[change.op]}{head}{_RESET}" if color else head) + "\n")
    for item in change.fields:
        old, new = display_value(item.old), display_value(item.new)
        stream.write("    " + terminal(f"{item.path}: {old} -> {new}") + "\n")
    for edge in change.relations_added:
        stream.write("    + " + terminal(f"relation {edge.type} -> {edge.target}") + "\n")
    for edge in change.relations_removed:
        stream.write("    - " + terminal(f"relation {edge.type} -> {edge.target}") + "\n")
