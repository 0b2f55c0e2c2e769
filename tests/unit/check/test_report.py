"""The markdown PR report: first lines, size limit, whole folds, escaping."""

from __future__ import annotations

import re
from datetime import date

from cmdbgit.check.model import CheckResult
from cmdbgit.check.report import LIMIT, render_report, size
from cmdbgit.diff.model import DiffResult, DocumentChange, FieldChange
from cmdbgit.graph.impact import ImpactResult, ServiceHit
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import ValidationResult

HOSTILE = "</details><script>alert(1)</script> @octocat | `x` [link](http://evil) # head"


def _problems(count: int, message: str = "relation target names no document") -> list[Problem]:
    return [
        Problem(
            f"inventory/f{i}.yaml",
            3,
            5,
            "dangling-reference",
            "error",
            message,
            f"app-{i}",
            "relations[0].target",
        )
        for i in range(count)
    ]


def _result(
    new: int = 1, existing: int = 0, changes: int = 1, name: str = "Payments"
) -> CheckResult:
    diff = DiffResult(
        "a" * 40,
        "WORKTREE",
        [
            DocumentChange(
                "changed",
                f"app-{i}",
                "Application",
                f"inventory/f{i}.yaml",
                f"inventory/f{i}.yaml",
                [FieldChange("spec.description", "a", "b")],
            )
            for i in range(changes)
        ],
        [],
        [],
    )
    impact = ImpactResult(
        roots=["app-0"],
        impacted=[],
        services=[ServiceHit("svc-pay", name, "tier-1", 1, ("app-0", "svc-pay"))],
        nodes={
            "app-0": {"kind": "Application"},
            "svc-pay": {"kind": "Service", "name": name, "criticality": "tier-1"},
        },
        edges=[("app-0", "svc-pay", "part_of")],
    )
    new_problems, old_problems = _problems(new), _problems(existing)
    return CheckResult(
        verdict="fail" if new_problems else "pass",
        head_result=ValidationResult(10, [*new_problems, *old_problems]),
        new=new_problems,
        existing=old_problems,
        head="WORKTREE",
        base="b" * 40,
        base_ref="origin/main",
        merge_base="a" * 40,
        diff=diff,
        impact=impact,
        as_of=date(2026, 11, 27).isoformat(),
    )


def _balanced(text: str) -> bool:
    fences = len(re.findall(r"^```", text, flags=re.MULTILINE))
    return text.count("<details") == text.count("</details>") and fences % 2 == 0


def test_first_lines_say_verdict_counts_and_services_down() -> None:
    lines = render_report(_result(new=0, existing=2)).splitlines()
    assert lines[0] == "### ✅ cmdbgit check: safe to merge"
    assert lines[1] == "- **Problems:** 0 new errors, 0 new warnings · 2 existing · 0 resolved"
    assert lines[2] == (
        "- **Changes:** 0 added, 1 changed, 0 removed, 0 moved, 0 renamed · "
        "**down:** tier-1 1 (`svc-pay`) · **degraded:** none"
    )


def test_tables_shrink_before_sections_are_dropped() -> None:
    text = render_report(_result(new=3000, existing=3000, changes=3000))
    assert size(text) <= LIMIT
    assert _balanced(text)
    assert "Existing problems" in text  # every section kept, with shorter tables
    assert "Left out" not in text


def test_sections_are_dropped_whole_from_the_end_with_a_note() -> None:
    result = _result(new=5, existing=5, changes=5)
    full = render_report(result)
    limit = full.index("<details>\n<summary><b>Existing") + 400  # room for all but the last
    text = render_report(result, limit=limit)
    assert size(text) <= limit
    assert _balanced(text)
    assert "Existing problems, not caused" not in text
    assert "Left out to stay under GitHub's comment size limit: existing problems" in text
    assert text.splitlines()[0] == full.splitlines()[0]


def test_untrusted_text_is_escaped() -> None:
    result = _result(name=HOSTILE)
    result.new = _problems(1, message=HOSTILE)
    result.notes = [HOSTILE]
    text = render_report(result)
    assert "</details><script>" not in text
    assert "<script>" not in text
    assert "@octocat" not in text  # the mention is defused
    assert "[link](http://evil)" not in text
    assert _balanced(text)


def test_a_typical_report_is_far_below_the_limit() -> None:
    text = render_report(_result(new=20, existing=30, changes=15))
    assert size(text) < LIMIT // 4
