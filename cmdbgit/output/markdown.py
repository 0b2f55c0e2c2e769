"""``markdown``: a summary and a table of problems, for step summaries and PR comments.

Every cell holding text a document author controls goes through ``output.escape``. GitHub
refuses comments over 65,536 characters (UTF-16 code units: an emoji counts two, and
``size`` counts the same way), so the output stays under ``LIMIT``: rows are
dropped from the end (worst problems come first) and a note says how many; the fold of
waived problems is kept whole or left out whole, never cut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cmdbgit.model.problem import SEVERITY_RANK, Problem
from cmdbgit.model.result import Suppressed, ValidationResult
from cmdbgit.model.words import plural
from cmdbgit.output.escape import code, text

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

LIMIT = 65_000
_ICONS = {"error": "❌ error", "warning": "⚠️ warning", "info": "ℹ️ info"}
_HEADER = "| Severity | Rule | Location | Message |\n|---|---|---|---|\n"


def size(text: str) -> int:
    """Length as GitHub counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def render(result: ValidationResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write(build(result))


def build(result: ValidationResult, limit: int = LIMIT) -> str:
    head = _summary(result)
    rows = [_row(p) for p in sorted(result.problems, key=_worst_first)]
    waived = _waived(result.suppressed) if result.suppressed else ""
    waived_note = f"\n_{len(result.suppressed)} waived problems left out (size limit)._\n"
    notes = "".join(f"> {text(note)}\n" for note in result.notes)
    notes = f"\n{notes}" if notes else ""
    # Reserve room for everything but the rows, at its longest, before placing any row.
    reserved = size(head) + size(notes) + 1 + size(_HEADER) + size(_cut_note(len(rows), limit))
    reserved += size(waived_note) if waived else 0
    kept: list[str] = []
    used = 0
    for row in rows:
        if reserved + used + size(row) > limit:
            break
        kept.append(row)
        used += size(row)
    out = head
    if rows:
        out += "\n" + _HEADER + "".join(kept)
        if len(kept) < len(rows):
            out += _cut_note(len(rows) - len(kept), limit)
    if waived:
        fits = size(out) + size(waived) + size(notes) <= limit
        out += waived if fits else waived_note
    return out + notes


def _summary(result: ValidationResult) -> str:
    s = result.summary()
    verdict = "✅ passed" if result.ok else "❌ failed"
    counts = [
        plural(s["documents"], "document"),
        plural(s["errors"], "error"),
        plural(s["warnings"], "warning"),
    ]
    if s["infos"]:
        counts.append(plural(s["infos"], "info"))
    if s["suppressed"]:
        counts.append(f"{s['suppressed']} waived")
    return f"### cmdbgit validate: {verdict}\n\n**{' · '.join(counts)}**\n"


def _worst_first(problem: Problem) -> tuple[int, str, int, int]:
    return (SEVERITY_RANK[problem.severity], problem.file, problem.line, problem.column)


def _row(problem: Problem) -> str:
    where = code(f"{problem.file}:{problem.line}:{problem.column}")
    subject = " ".join(code(part) for part in (problem.id, problem.path) if part)
    message = f"{subject} {text(problem.message)}" if subject else text(problem.message)
    return f"| {_ICONS[problem.severity]} | {code(problem.rule)} | {where} | {message} |\n"


def _waived(suppressed: list[Suppressed]) -> str:
    lines = [
        f"\n<details><summary>{len(suppressed)} waived by policy exceptions</summary>\n\n",
        "| Rule | Location | Reason | Expires |\n|---|---|---|---|\n",
    ]
    for item in suppressed:
        p = item.problem
        where = code(f"{p.file}:{p.line}:{p.column}")
        lines.append(f"| {code(p.rule)} | {where} | {text(item.reason)} | {text(item.expires)} |\n")
    lines.append("\n</details>\n")
    return "".join(lines)


def _cut_note(dropped: int, limit: int) -> str:
    return (
        f"\n_{dropped} more problems not shown: the report is capped at {limit:,} characters; "
        "run `cmdbgit validate` for all of them._\n"
    )
