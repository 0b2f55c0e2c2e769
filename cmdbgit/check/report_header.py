"""The top of the pull-request report: the first five lines (``report_lines``), removed-but-still-used
documents, then the call-outs (rule changes, notes).
Every document-controlled string goes through ``cmdbgit.output.escape``."""

from __future__ import annotations

from collections.abc import Callable

from cmdbgit.check.model import CheckResult
from cmdbgit.check.report_lines import first_lines
from cmdbgit.diff.text import short
from cmdbgit.output import escape

_LIST_ITEMS = 10


def verdict_line(result: CheckResult) -> str:
    line = _verdict(result)
    if result.judged is not None:
        line += f" (judged {judged_clause(result, code=escape.code)})"
    return line


def judged_clause(result: CheckResult, *, code: Callable[[str], str]) -> str:
    """Which tree the verdict is about, in a few words."""
    assert result.judged is not None
    base = code(result.base_ref or short(result.judged.base))
    changes = " with uncommitted changes" if result.judged.uncommitted else ""
    if result.judged.tree == "merge":
        return f"HEAD{changes} merged into {base}"
    return f"HEAD{changes} as is: it already contains {base}"


def _verdict(result: CheckResult) -> str:
    new_errors = sum(1 for p in result.new if p.severity == "error")
    if result.base is None:
        if result.verdict == "pass":
            return "### ✅ cmdbgit check: the inventory is valid"
        return f"### ❌ cmdbgit check: the inventory has {plural(new_errors, 'error')}"
    if result.verdict == "pass":
        return "### ✅ cmdbgit check: safe to merge"
    if result.fail_on == "existing" and not new_errors:
        errors = sum(1 for p in result.existing if p.severity == "error")
        return f"### ❌ cmdbgit check: not safe to merge — {plural(errors, 'existing error')}"
    return f"### ❌ cmdbgit check: not safe to merge — {plural(new_errors, 'new error')}"


def header(result: CheckResult) -> str:
    lines = first_lines(result, verdict_line(result))
    if result.impact is not None:
        lines.extend(_still_used_line(result))
    lines.append("")
    callouts = _callouts(result)
    return "\n".join(lines) + ("\n" + callouts if callouts else "")


def _still_used_line(result: CheckResult) -> list[str]:
    assert result.impact is not None
    used = sorted(result.impact.still_used.items())
    if not used:
        return []
    shown = "; ".join(
        f"{escape.code(ident)} (by {', '.join(escape.code(u) for u in users[:3])}"
        f"{' …' if len(users) > 3 else ''})"
        for ident, users in used[:_LIST_ITEMS]
    )
    more = f" and {len(used) - _LIST_ITEMS} more" if len(used) > _LIST_ITEMS else ""
    return [f"- ⚠️ **Removed but still used:** {shown}{more}"]


def _callouts(result: CheckResult) -> str:
    out = []
    if result.rule_changes:
        files = ", ".join(escape.code(p) for p in result.rule_changes[:_LIST_ITEMS])
        if len(result.rule_changes) > _LIST_ITEMS:
            files += f" and {len(result.rule_changes) - _LIST_ITEMS} more"
        effect = (
            "They judge this pull request because the base has no cmdbgit configuration yet."
            if result.adopting
            else "They take effect once merged; this check used the base's rules."
        )
        out.append(f"> [!WARNING]\n> **This pull request changes the rules:** {files}. {effect}\n")
    for note in result.notes:
        out.append(f"> [!NOTE]\n> {escape.text(note)}\n")
    return "\n".join(out)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
