"""``diff --format text``: one block per document, then the terraform-style summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cmdbgit.diff.model import DiffResult, DocumentChange, display_value, summary_line

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
        stream.write(f"note: {note}\n")
    stream.write(
        f"{short(result.base)} -> {short(result.head)}: {summary_line(result.summary())}\n"
    )


def short(label: str) -> str:
    return label[:12] if len(label) == 40 else label


def _change(change: DocumentChange, stream: TextIO, color: bool) -> None:
    sign = _SIGNS[change.op]
    head = f"{sign} {change.id} ({change.kind or 'no kind'}) {change.file}"
    if change.op == "moved":
        head = f"{sign} {change.id} ({change.kind or 'no kind'}) {change.old_file} -> {change.file}"
    if change.op == "renamed":
        head = f"{sign} {change.old_id} -> {change.id} ({change.kind or 'no kind'}) {change.file}"
    stream.write((f"{_COLORS[change.op]}{head}{_RESET}" if color else head) + "\n")
    for item in change.fields:
        stream.write(f"    {item.path}: {display_value(item.old)} -> {display_value(item.new)}\n")
    for edge in change.relations_added:
        stream.write(f"    + relation {edge.type} -> {edge.target}\n")
    for edge in change.relations_removed:
        stream.write(f"    - relation {edge.type} -> {edge.target}\n")
