"""The pull-request comment, rendered by the privileged workflow from the check's JSON.

The comment job runs with write permissions, and the artifact it downloads was written by a
job that ran the pull request's code: every byte of it is untrusted. So the job never posts
that job's markdown. It renders its own from ``check.json``: the file must have the
documented shape (``docs/json.md``), every string is escaped again as plain text (no raw HTML, no
images or links, no live mentions), numbers are numbers, and the headline comes from the check run's
own conclusion as GitHub reports it, not from anything in the file.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs

from cmdbgit import __version__
from cmdbgit.check.owners import valid_handle
from cmdbgit.check.report import LIMIT, size
from cmdbgit.errors import UsageError
from cmdbgit.output.escape import code, terminal
from cmdbgit.output.escape import text as _markdown

#: Bigger than any real check.json of a pull request; a bigger file is refused unread.
MAX_BYTES = 20_000_000
MAX_ROWS = 50
MAX_OWNERS = 10
MARKER = "<!-- cmdbgit-check -->"

_COUNTS = {
    "type": "object",
    "required": ["error", "warning", "info"],
    "properties": {k: {"type": "integer", "minimum": 0} for k in ("error", "warning", "info")},
}
_PROBLEM = {
    "type": "object",
    "required": ["severity", "rule", "file", "line", "column", "message"],
    "properties": {
        "severity": {"enum": ["error", "warning", "info"]},
        "rule": {"type": "string"},
        "id": {"type": ["string", "null"]},
        "file": {"type": "string"},
        "line": {"type": "integer", "minimum": 0},
        "column": {"type": "integer", "minimum": 0},
        "path": {"type": ["string", "null"]},
        "message": {"type": "string"},
    },
}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_OWNER = {
    "type": "object",
    "required": ["team", "name", "handle", "services"],
    "properties": {
        "team": {"type": "string"},
        "name": {"type": "string"},
        "handle": {"type": ["string", "null"]},
        "services": _STRINGS,
    },
}
#: The part of the check JSON the comment reads (keys may be added to the JSON, never renamed).
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["verdict", "summary", "problems", "rule_changes", "notes"],
    "properties": {
        "verdict": {"enum": ["pass", "fail"]},
        "base_ref": {"type": ["string", "null"]},
        "merge_base": {"type": ["string", "null"]},
        "head_commit": {"type": ["string", "null"]},
        "summary": {
            "type": "object",
            "required": ["documents", "new", "existing", "resolved", "suppressed"],
            "properties": {
                "documents": {"type": "integer", "minimum": 0},
                "new": _COUNTS,
                "existing": _COUNTS,
                "resolved": {"type": "integer", "minimum": 0},
                "suppressed": {"type": "integer", "minimum": 0},
            },
        },
        "problems": {
            "type": "object",
            "required": ["new"],
            "properties": {"new": {"type": "array", "items": _PROBLEM}},
        },
        "rule_changes": _STRINGS,
        "notes": _STRINGS,
        "owners": {"type": "array", "items": _OWNER},
    },
}
_VALIDATOR = jsonschema_rs.validator_for(SCHEMA)

HEADLINES = {
    "success": "✅ **cmdbgit check passed**",
    "failure": "❌ **cmdbgit check failed**",
}


def text(value: object) -> str:
    """Untrusted text for the comment: control and bidi characters shown as escapes, then
    markdown-escaped (no HTML, no links or images, no mentions)."""
    return _markdown(terminal(value))


def load(raw: bytes) -> dict[str, Any]:
    """The check JSON, or a one-line error when it is not what ``check --json`` writes."""
    if len(raw) > MAX_BYTES:
        raise UsageError(f"check JSON is over {MAX_BYTES} bytes: refusing to read it")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"check JSON is not valid JSON: {exc}") from None
    error = next(iter(_VALIDATOR.iter_errors(data)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.instance_path) or "the top level"
        raise UsageError(f"check JSON does not have the documented shape at {where}")
    assert isinstance(data, dict)
    return data


def render(data: dict[str, Any], conclusion: str, mention: frozenset[str] = frozenset()) -> str:
    """The comment's markdown; starts with ``MARKER`` so the workflow finds it again.
    ``mention``: the handles that may become live mentions (see ``owners_line``)."""
    summary = data["summary"]
    new, existing = summary["new"], summary["existing"]
    lines = [
        MARKER,
        HEADLINES.get(conclusion, f"**cmdbgit check: {text(conclusion)}**"),
        "",
        f"New problems: **{new['error']}** error(s), **{new['warning']}** warning(s) · "
        f"existing: {existing['error']} error(s), {existing['warning']} warning(s) · "
        f"resolved: {summary['resolved']} · waived: {summary['suppressed']} · "
        f"{summary['documents']} document(s)",
    ]
    if data.get("base_ref"):
        lines.append(f"Compared with {text(data['base_ref'])}.")
    if data.get("owners"):
        lines.append(owners_line(data["owners"], mention))
    if data["rule_changes"]:
        changed = ", ".join(text(c) for c in data["rule_changes"])
        lines.append(f"> [!IMPORTANT]\n> This change edits the rules: {changed}")
    lines += [f"> {text(note)}" for note in data["notes"]]
    problems = data["problems"]["new"]
    if problems:
        lines += ["", "| severity | rule | where | id | message |", "|---|---|---|---|---|"]
        for p in problems[:MAX_ROWS]:
            where = text(f"{p['file']}:{p['line']}:{p['column']}")
            ident = text(p["id"]) if p.get("id") else ""
            lines.append(
                f"| {p['severity']} | {text(p['rule'])} | {where} | {ident} | {text(p['message'])} |"
            )
        if len(problems) > MAX_ROWS:
            lines.append(f"\n…and {len(problems) - MAX_ROWS} more: see the workflow run.")
    lines += ["", f"<sub>rendered by cmdbgit {__version__} from the check's JSON</sub>", ""]
    out = "\n".join(lines)
    while size(out) > LIMIT and problems:  # only long messages can get here: fewer rows
        problems = problems[: len(problems) // 2]
        out = render({**data, "problems": {"new": problems}}, conclusion, mention)
    return out


def owners_line(owners: list[dict[str, Any]], mention: frozenset[str]) -> str:
    """Teams to ask. A handle is a live mention only when it is in ``mention`` (the teams of
    the comment job's own checkout, asked for with ``--mention``) and has a handle's shape;
    every other one is a code span, which GitHub never turns into a notification."""
    shown = []
    for owner in owners[:MAX_OWNERS]:
        handle = owner.get("handle")
        if isinstance(handle, str) and handle in mention and valid_handle(handle):
            who = f" {handle}"
        elif isinstance(handle, str):
            who = f" {code(terminal(handle))}"
        else:
            who = ""
        services = ", ".join(text(s) for s in owner["services"][:5])
        shown.append(f"{text(owner['name'])}{who}" + (f" ({services})" if services else ""))
    more = f" and {len(owners) - MAX_OWNERS} more" if len(owners) > MAX_OWNERS else ""
    return "Owners to ask: " + "; ".join(shown) + more
