"""Everything one ``check`` run writes: the markdown report, the SARIF, the JSON, and the
text or ``github`` annotations on stdout. Problem formats come from the shared registry by
name, so the SARIF and annotations are exactly what ``validate`` would produce."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TextIO

from cmdbgit.check.model import CheckOptions, CheckResult
from cmdbgit.check.report import render_report
from cmdbgit.check.report_header import judged_clause
from cmdbgit.diff.model import summary_line
from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_all
from cmdbgit.model.redact import terminal
from cmdbgit.model.result import ValidationResult
from cmdbgit.output import RenderOptions
from cmdbgit.output.formats import PROBLEM_FORMATS
from cmdbgit.output.json_format import dumps
from cmdbgit.output.text import problem_line


def sarif_text(result: CheckResult, root: str) -> str:
    """SARIF of every head problem, new and existing (not the waived ones): code scanning
    keeps its own alert history, so it needs the whole picture of the head."""
    renderer = PROBLEM_FORMATS.get("sarif")
    if renderer is None:
        raise UsageError("the 'sarif' output format is not available")
    buffer = io.StringIO()
    renderer(result.head_result, buffer, RenderOptions(root=root))
    return buffer.getvalue()


def deliver(
    result: CheckResult, options: CheckOptions, stream: TextIO, fmt: str, *, color: bool
) -> None:
    """Write the files ``options`` asks for, then print to ``stream`` in ``fmt``."""
    files: dict[Path, bytes | str] = {}
    if options.report is not None:
        files[options.report] = render_report(result)
    if options.sarif is not None:
        files[options.sarif] = sarif_text(result, result.root)
    if options.json is not None:
        files[options.json] = dumps(result.to_json()) + "\n"
    # All of them or none: a CI step that uploads the SARIF and posts the report must never
    # see one without the other.
    write_all(files)
    print_result(result, stream, fmt, color=color)


def print_result(result: CheckResult, stream: TextIO, fmt: str, *, color: bool) -> None:
    """``github``: annotations for the new problems only (existing ones are not this change's
    doing, and GitHub shows ten per type); ``text``: the new problems, then a summary."""
    if fmt == "github":
        renderer = PROBLEM_FORMATS.get("github")
        if renderer is None:
            raise UsageError("the 'github' output format is not available")
        subset = ValidationResult(result.head_result.documents, result.new)
        renderer(subset, stream, RenderOptions(color=color, root=result.root))
    else:
        for p in result.new:
            stream.write(problem_line(p) + "\n")
    for line in summary_lines(result):
        stream.write(terminal(line) + "\n")


def summary_lines(result: CheckResult) -> list[str]:
    lines = [f"note: {note}" for note in result.notes]
    if result.rule_changes:
        lines.append("rule changes: " + ", ".join(result.rule_changes))
    if result.judged is not None:
        lines.append(f"judged: {judged_clause(result, code=str)}")
    if result.base is not None:
        existing = result.counts(result.existing)
        lines.append(
            f"existing: {len(result.existing)} problem(s) not caused by this change "
            f"({existing['error']} error(s)); resolved: {len(result.resolved)}"
        )
    if result.diff is not None:
        lines.append(f"changes since {result.base}: {summary_line(result.diff.summary())}")
    if result.impact is not None:
        services = ", ".join(
            f"{s.id} ({s.criticality or '-'})" for s in result.impact.services[:10]
        )
        lines.append(f"affected services: {services or 'none'}")
    new = result.counts(result.new)
    label = "problems" if result.base is None else "new problems"
    lines.append(
        f"check {'passed' if result.verdict == 'pass' else 'failed'}: {label}: "
        f"{new['error']} error(s), {new['warning']} warning(s)"
    )
    return lines
