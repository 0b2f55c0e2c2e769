"""``github``: GitHub Actions workflow commands, so problems become annotations on the lines
of the pull request.

GitHub shows at most 10 annotations of each type (error, warning, notice) per step, so the
worst come first and a final notice says how many were not shown. Everything a document
author controls is escaped as the runner requires, so a message cannot end the command early
or start a new one (``%0A::error::`` is just text).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, TextIO

from cmdbgit.model.problem import SEVERITY_RANK, Problem
from cmdbgit.model.redact import terminal
from cmdbgit.model.result import ValidationResult
from cmdbgit.model.words import plural

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

#: GitHub's display limit of annotations per type and step.
DISPLAY_LIMIT = 10
_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """The message part of a workflow command: the runner's own escapes for ``%``, CR and LF,
    then every other control, bidi or separator character as ``\\uXXXX`` (a job log is a
    terminal too)."""
    return terminal(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(value: str) -> str:
    """A ``key=value`` property: also ``:`` and ``,``, which delimit properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, root: str = "") -> str:
    command = _COMMANDS[problem.severity]
    file = f"{root.strip('/')}/{problem.file}" if root.strip("/") else problem.file
    props = ",".join(
        f"{key}={escape_property(value)}"
        for key, value in (
            ("file", file),
            ("line", str(problem.line)),
            ("col", str(problem.column)),
            ("title", problem.rule),
        )
    )
    subject = " ".join(part for part in (problem.id, problem.path) if part)
    message = f"{subject}: {problem.message}" if subject else problem.message
    return f"::{command} {props}::{escape_data(message)}"


def render(result: ValidationResult, stream: TextIO, options: RenderOptions) -> None:
    ordered = sorted(
        result.problems, key=lambda p: (SEVERITY_RANK[p.severity], p.file, p.line, p.column)
    )
    shown: Counter[str] = Counter()
    for problem in ordered:
        shown[_COMMANDS[problem.severity]] += 1
        stream.write(annotation(problem, options.root) + "\n")
    hidden = {kind: count - DISPLAY_LIMIT for kind, count in shown.items() if count > DISPLAY_LIMIT}
    if hidden:
        parts = ", ".join(f"{count} {kind}s" for kind, count in sorted(hidden.items()))
        stream.write(
            f"::notice title=cmdbgit::{escape_data(parts)} beyond GitHub's display limit of "
            f"{DISPLAY_LIMIT} annotations per type are not shown on the pull request; "
            "they are all listed in this log\n"
        )
    for note in result.notes:
        stream.write(f"note: {terminal(note)}\n")
    stream.write(_summary(result) + "\n")


def _summary(result: ValidationResult) -> str:
    summary = result.summary()
    parts = [
        plural(summary["documents"], "document"),
        plural(summary["errors"], "error"),
        plural(summary["warnings"], "warning"),
    ]
    if summary["infos"]:
        parts.append(plural(summary["infos"], "info"))
    if summary["suppressed"]:
        parts.append(f"{summary['suppressed']} suppressed")
    return f"cmdbgit: {'ok' if result.ok else 'failed'}: " + ", ".join(parts)
