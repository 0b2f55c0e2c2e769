"""``sarif``: SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).

Carries what code scanning needs: the driver with one rule per rule id seen, each result's
``ruleId``/``ruleIndex``/``level``/``message.text``, a repository-relative location with its
1-based region, and ``partialFingerprints``. Waived problems are not results: code scanning
ignores ``suppressions`` and would open them as alerts (they stay in the JSON output and the
report). GitHub rejects a run of more than 25,000 results, so a larger one keeps the errors
first, then the warnings, and ends with one result saying how many were left out.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from cmdbgit import PROJECT_URL, __version__
from cmdbgit.model.problem import SEVERITY_RANK, Location, Problem
from cmdbgit.model.result import ValidationResult
from cmdbgit.output.json_format import dumps
from cmdbgit.output.rule_docs import describe
from cmdbgit.output.rule_docs import url as rule_url

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = PROJECT_URL
SRCROOT = "%SRCROOT%"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
#: Our own fingerprint, plus GitHub's key: code scanning matches alerts across runs on
#: ``primaryLocationLineHash`` and computes a line-based one only when it is absent. Ours
#: hashes (rule, id, field path), so an alert survives edits that shift lines or move the
#: document to another file.
_FINGERPRINT_KEYS = ("cmdbgit/v1", "primaryLocationLineHash")
#: GitHub code scanning's limit of results per run.
MAX_RESULTS = 25_000
#: The rule of the one result that says how many were left out.
LEFT_OUT_RULE = "sarif-results-left-out"


def render(result: ValidationResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write(dumps(build(result, root=options.root)) + "\n")


def build(result: ValidationResult, *, root: str = "") -> dict[str, Any]:
    """The SARIF log as plain data. ``root`` is the project's folder inside the repository
    ("" at the top): URIs are relative to the repository root, as code scanning expects."""
    problems = list(result.problems)
    left_out: list[Problem] = []
    if len(problems) > MAX_RESULTS:
        problems.sort(key=lambda p: SEVERITY_RANK[p.severity])  # stable: file order within
        problems, left_out = problems[: MAX_RESULTS - 1], problems[MAX_RESULTS - 1 :]
    if left_out:
        problems.append(_left_out(left_out))
    rule_ids = sorted({p.rule for p in problems})
    index = {rule: i for i, rule in enumerate(rule_ids)}
    worst = dict.fromkeys(rule_ids, "info")
    for p in problems:
        if SEVERITY_RANK[p.severity] < SEVERITY_RANK[worst[p.rule]]:
            worst[p.rule] = p.severity
    seen: Counter[str] = Counter()
    results = []
    for problem in problems:
        digest = fingerprint(problem)
        seen[digest] += 1
        results.append(_result(problem, index[problem.rule], f"{digest}:{seen[digest]}", root))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "cmdbgit",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule, worst[rule]) for rule in rule_ids],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if result.notes:
        run["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"level": "note", "message": {"text": note}} for note in result.notes
                ],
            }
        ]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _left_out(problems: list[Problem]) -> Problem:
    """The last result of a run cut at ``MAX_RESULTS``, placed at the first problem left out."""
    first = problems[0]
    errors = sum(1 for p in problems if p.severity == "error")
    return Problem(
        first.file,
        first.line,
        first.column,
        LEFT_OUT_RULE,
        "warning" if errors else "info",
        f"{len(problems)} more problems ({errors} errors) are not listed here: a SARIF run "
        f"holds at most {MAX_RESULTS} results. The JSON output (--format json) lists them all.",
    )


def fingerprint(problem: Problem) -> str:
    """A stable hash of what the problem is about, never of where it sits: (rule, document
    id, field path); file-level problems (no id) are identified by their file instead."""
    parts = (problem.rule, problem.id or "", problem.path or "", "" if problem.id else problem.file)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _rule(rule: str, severity: str) -> dict[str, Any]:
    doc = describe(rule)
    return {
        "id": rule,
        "name": "".join(part.capitalize() for part in rule.replace("/", "-").split("-") if part),
        "shortDescription": {"text": doc.short},
        "fullDescription": {"text": doc.full},
        "help": {"text": doc.help_text, "markdown": doc.help_markdown},
        "helpUri": rule_url(rule),
        "defaultConfiguration": {"level": _LEVELS[severity]},
        "properties": {
            "tags": ["cmdbgit", "policy" if rule.startswith("policy/") else "validation"]
        },
    }


def _result(problem: Problem, rule_index: int, digest: str, root: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": problem.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[problem.severity],
        "message": {"text": problem.headline},
        "locations": [_location(problem.file, problem.line, problem.column, root, problem.end)],
        "partialFingerprints": dict.fromkeys(_FINGERPRINT_KEYS, digest),
        "properties": {"id": problem.id, "path": problem.path},
    }
    if problem.related:
        out["relatedLocations"] = [
            {**_location(loc.file, loc.line, loc.column, root), "id": i, "message": _related(loc)}
            for i, loc in enumerate(problem.related)
        ]
    return out


def _location(
    file: str, line: int, column: int, root: str, end: tuple[int, int] | None = None
) -> dict[str, Any]:
    path = f"{root.strip('/')}/{file}" if root.strip("/") else file
    # A relative URI reference: spaces, '%', '#' and '?' in file names must be encoded.
    uri = quote(path, safe="/")
    region = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    if end is not None and end > (region["startLine"], region["startColumn"]):
        region["endLine"], region["endColumn"] = end
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri, "uriBaseId": SRCROOT},
            "region": region,
        }
    }


def _related(loc: Location) -> dict[str, str]:
    return {"text": f"also {loc.id}" if loc.id else "related location"}
