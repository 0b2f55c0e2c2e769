"""The result of ``cmdbgit check``: the verdict and what it rests on (docs/json.md, check)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from cmdbgit.check.owners import Owner
from cmdbgit.check.tree import Judged
from cmdbgit.diff.model import DiffResult
from cmdbgit.graph.impact import ImpactResult
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import ValidationResult
from cmdbgit.reports.delta import Delta

FailOn = Literal["new", "existing"]


@dataclass(frozen=True, slots=True)
class CheckOptions:
    repo: Path
    as_of: date
    base: str | None = None
    fail_on: FailOn = "new"
    report: Path | None = None
    sarif: Path | None = None
    json: Path | None = None


@dataclass(slots=True)
class CheckResult:
    """``head`` is the working tree; ``base`` the base ref's tip, which the diff and the
    new/existing split are computed from; ``merge_base`` where the change started. Without a
    base every problem is in ``new`` and the verdict is validate's."""

    verdict: Literal["pass", "fail"]
    head_result: ValidationResult
    new: list[Problem]
    existing: list[Problem]
    head: str
    base: str | None = None
    base_ref: str | None = None
    merge_base: str | None = None
    head_commit: str | None = None
    #: The tree that was judged: HEAD (and uncommitted changes) merged into the base, or as is.
    judged: Judged | None = None
    resolved: list[Problem] = field(default_factory=list)
    diff: DiffResult | None = None
    impact: ImpactResult | None = None
    rule_changes: list[str] = field(default_factory=list)
    #: "base" (the pull-request rule), "head" (the adopting pull request) or "worktree".
    rules_from: str = "base"
    fail_on: FailOn = "new"
    as_of: str = ""
    #: The project's folder inside the repository ("" at the top), for SARIF/annotation paths.
    root: str = ""
    notes: list[str] = field(default_factory=list)
    #: Teams to ask (docs/pull-requests.md, owners) and what the change costs (reports.delta).
    owners: list[Owner] = field(default_factory=list)
    delta: Delta | None = None
    #: Rule, CI and ``.cmdbgit/`` files the change touches (check.sensitive).
    sensitive: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if self.verdict == "pass" else 1

    @property
    def adopting(self) -> bool:
        return self.base is not None and self.rules_from == "head"

    def counts(self, problems: list[Problem]) -> dict[str, int]:
        return {
            sev: sum(1 for p in problems if p.severity == sev)
            for sev in ("error", "warning", "info")
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "base": self.base,
            "base_ref": self.base_ref,
            "merge_base": self.merge_base,
            "head": self.head,
            "head_commit": self.head_commit,
            "judged": self.judged.to_json() if self.judged else None,
            "rules_from": self.rules_from,
            "fail_on": self.fail_on,
            "as_of": self.as_of,
            "summary": {
                "documents": self.head_result.documents,
                "new": self.counts(self.new),
                "existing": self.counts(self.existing),
                "resolved": len(self.resolved),
                "suppressed": len(self.head_result.suppressed),
            },
            "problems": {
                "new": [p.to_json() for p in self.new],
                "existing": [p.to_json() for p in self.existing],
                "resolved": [p.to_json() for p in self.resolved],
            },
            "suppressed": [s.to_json() for s in self.head_result.suppressed],
            "diff": self.diff.to_json() if self.diff else None,
            "impact": self.impact.to_json() if self.impact else None,
            "rule_changes": self.rule_changes,
            "notes": self.notes,
            "owners": [o.to_json() for o in self.owners],
            "delta": self.delta.to_json() if self.delta else None,
            "sensitive_changes": self.sensitive,
        }
