"""The folds of the pull-request report: new problems, changes, impact (with its Mermaid
drawing), existing and resolved problems. Each renders for a given table size, so the report
can shrink its tables before it drops anything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cmdbgit.check import cost_section, impact_groups
from cmdbgit.check.model import CheckResult
from cmdbgit.check.report_header import plural
from cmdbgit.diff import markdown as diff_markdown
from cmdbgit.diff.model import summary_line
from cmdbgit.graph import impact_markdown
from cmdbgit.model.problem import SEVERITY_RANK, Problem
from cmdbgit.output import escape

_ICONS = {"error": "🔴", "warning": "🟡", "info": "🔵"}
_MESSAGE_CHARS = 240


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    render: Callable[[int], str]


def fold(summary: str, body: str, *, open_: bool = False) -> str:
    return (
        f"<details{' open' if open_ else ''}>\n<summary><b>{escape.html_text(summary)}</b>"
        f"</summary>\n\n{body.rstrip()}\n\n</details>\n"
    )


def sections(result: CheckResult) -> list[Section]:
    sections = [
        Section(
            "new problems",
            lambda rows: fold(
                f"{'Problems' if result.base is None else 'New problems'} ({len(result.new)})",
                problem_table(result.new, rows),
                open_=bool(result.new),
            ),
        )
    ]
    diff, impact = result.diff, result.impact
    if diff is not None:
        sections.append(
            Section(
                "changes",
                lambda rows: fold(
                    f"Changes: {summary_line(diff.summary())}", diff_markdown.body(diff, rows)
                ),
            )
        )
    if impact is not None:
        sections.append(
            Section(
                "impact",
                lambda rows: fold(
                    f"Impact: {plural(len(impact.impacted), 'document')}, "
                    f"{plural(len(impact.services), 'service')}",
                    impact_groups.grouped(impact) + impact_markdown.body(impact, rows),
                    open_=bool(impact.services),
                ),
            )
        )
    delta = result.delta
    if delta is not None and cost_section.worth_a_section(delta):
        sections.append(
            Section("cost", lambda rows: fold("What it costs", cost_section.body(delta)))
        )
    if result.base is not None:
        sections.append(
            Section(
                "existing problems",
                lambda rows: fold(
                    f"Existing problems, not caused by this change ({len(result.existing)})",
                    problem_table(result.existing, rows),
                ),
            )
        )
        if result.resolved:
            sections.append(
                Section(
                    "resolved problems",
                    lambda rows: fold(
                        f"Problems this change resolves ({len(result.resolved)})",
                        problem_table(result.resolved, rows),
                    ),
                )
            )
    return sections


def problem_table(problems: list[Problem], max_rows: int) -> str:
    if not problems:
        return "None.\n"
    ordered = sorted(problems, key=lambda p: (SEVERITY_RANK[p.severity], p))
    lines = ["| | rule | where | document | message |", "|---|---|---|---|---|"]
    for p in ordered[:max_rows]:
        message = (
            p.message if len(p.message) <= _MESSAGE_CHARS else p.message[:_MESSAGE_CHARS] + "…"
        )
        where = escape.code(f"{p.file}:{p.line}:{p.column}")
        document = escape.code(p.id) if p.id else ""
        if p.path:
            document += f" {escape.code(p.path)}"
        lines.append(
            f"| {_ICONS[p.severity]} {p.severity} | {escape.code(p.rule)} | {where} | "
            f"{document} | {escape.text(message)} |"
        )
    if len(problems) > max_rows:
        lines.append(f"\n…and {len(problems) - max_rows} more (see the JSON and SARIF).")
    return "\n".join(lines) + "\n"
