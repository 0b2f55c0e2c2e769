"""``text``: ``file:line:col: severity [rule] message`` and a summary line; colour on a TTY."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cmdbgit.model.problem import Problem
from cmdbgit.model.redact import terminal
from cmdbgit.model.result import ValidationResult
from cmdbgit.model.words import plural

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"
_BOLD = "\033[1m"
_DIM = "\033[2m"


def render(result: ValidationResult, stream: TextIO, options: RenderOptions) -> None:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if options.color else text

    for p in result.problems:
        severity = paint(p.severity, _COLORS.get(p.severity, ""))
        stream.write(problem_line(p, severity) + "\n")
    for waived in result.suppressed:
        p = waived.problem
        until = terminal(f" (until {waived.expires}: {waived.reason})")
        stream.write(problem_line(p, paint("waived", _DIM)) + until + "\n")
    for note in result.notes:
        stream.write(f"note: {terminal(note)}\n")
    summary = result.summary()
    parts = [
        plural(summary["documents"], "document"),
        plural(summary["errors"], "error"),
        plural(summary["warnings"], "warning"),
    ]
    if summary["suppressed"]:
        parts.append(f"{summary['suppressed']} suppressed")
    verdict = "ok" if result.ok else "failed"
    color = "\033[32m" if result.ok else _COLORS["error"]
    stream.write(paint(f"{verdict}: " + ", ".join(parts), _BOLD + color) + "\n")


def problem_line(p: Problem, severity: str | None = None) -> str:
    """``file:line:col: severity [rule] path: message``, every document-controlled part escaped
    (the file name is the line's start: ``terminal`` breaks a leading ``::`` in it)."""
    where = f"{terminal(p.file)}:{p.line}:{p.column}"
    return f"{where}: {severity or p.severity} [{terminal(p.rule)}] {terminal(p.headline)}"
