"""An import plan as text (terraform-style), JSON (the documented shape) or markdown (a pull
request description). Document values go through the secret redaction every output uses;
text and markdown escape them, and no line starts with a value."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cmdbgit.diff.redact import redact
from cmdbgit.imports.plan import Plan
from cmdbgit.output.escape import code, terminal
from cmdbgit.output.escape import text as md_text

#: GitHub refuses a pull-request body or comment over 65,536 characters.
MARKDOWN_LIMIT = 65_000


def _shown(value: Any, path: str) -> Any:
    return redact(value, tuple(path.split(".")))


def to_json(plan: Plan) -> dict[str, Any]:
    return {
        "source": plan.source,
        "as_of": plan.as_of.isoformat(),
        "summary": summary(plan),
        "new": [
            {
                "kind": n.kind,
                "id": n.id,
                "file": n.file,
                "fields": {p: _shown(v, p) for p, v in n.fields.items()},
                "relations": [{"type": t, "target": x} for t, x in n.relations],
            }
            for n in plan.new
        ],
        "drifted": [
            {
                "id": d.id,
                "path": d.path,
                "declared": _shown(d.declared, d.path),
                "observed": _shown(d.observed, d.path),
                "owned_by": d.owned_by,
                "applied": d.applied,
            }
            for d in plan.drifted
        ],
        "missing": [{"id": m.id, "since": m.since} for m in plan.missing],
        "conflicts": [{"observed": c.observed, "matches": c.matches} for c in plan.conflicts],
        "seen_again": plan.seen_again,
        "notes": plan.notes,
        "problems": [{"where": p.where, "message": p.message} for p in plan.problems],
    }


def summary(plan: Plan) -> dict[str, int]:
    return {
        "new": len(plan.new),
        "drifted": len(plan.drifted),
        "missing": len(plan.missing),
        "conflicts": len(plan.conflicts),
        "unchanged": plan.unchanged,
        "seen_again": len(plan.seen_again),
    }


def headline(plan: Plan) -> str:
    s = summary(plan)
    documents = len({d.id for d in plan.drifted})
    return (
        f"{s['new']} new, {s['drifted']} drifted field{'s' if s['drifted'] != 1 else ''} on "
        f"{documents} document{'s' if documents != 1 else ''}, {s['missing']} missing, "
        f"{s['conflicts']} conflict{'s' if s['conflicts'] != 1 else ''}, "
        f"{s['unchanged']} unchanged"
    )


def _value(value: Any) -> str:
    return terminal(json.dumps(value, ensure_ascii=False, default=str))


def render_text(plan: Plan) -> str:
    lines = [f"cmdbgit import {terminal(plan.source)}: {headline(plan)}"]
    for new in plan.new:
        lines.append(f"  + new {terminal(new.kind)} {terminal(new.id)} → {terminal(new.file)}")
        lines.extend(
            f"      {terminal(p)} = {_value(_shown(v, p))}"
            for p, v in new.fields.items()
            if not p.startswith("metadata.")
        )
        lines.extend(f"      {terminal(t)} → {terminal(x)}" for t, x in new.relations)
    for d in plan.drifted:
        action = "applied" if d.applied else "reported only"
        lines.append(
            f"  ~ drifted {terminal(d.id)} {terminal(d.path)}: "
            f"{_value(_shown(d.declared, d.path))} → {_value(_shown(d.observed, d.path))} "
            f"(owned by {terminal(d.owned_by)}: {action})"
        )
    for m in plan.missing:
        lines.append(f"  - missing {terminal(m.id)}: not seen since {terminal(m.since)}")
    for ident in plan.seen_again:
        lines.append(f"  ↺ seen again {terminal(ident)}")
    for c in plan.conflicts:
        seen = ", ".join(terminal(o) for o in c.observed)
        what = ", ".join(terminal(m) for m in c.matches) or "another observed item (same id)"
        lines.append(f"  ! conflict: {seen} matches {what}")
    lines.extend(f"  note: {terminal(n)}" for n in plan.notes)
    lines.extend(f"  problem: {terminal(p.where)}: {terminal(p.message)}" for p in plan.problems)
    return "\n".join(lines) + "\n"


def render_json(plan: Plan) -> str:
    return json.dumps(to_json(plan), indent=2, ensure_ascii=True) + "\n"


def render_markdown(plan: Plan) -> str:
    """A pull-request description: the headline, then one fold per section; whole sections
    are dropped (with a note) rather than cut when the text would pass GitHub's limit."""
    head = f"### cmdbgit import {code(plan.source)}: {md_text(headline(plan))}\n"
    sections = [
        _fold(
            f"New ({len(plan.new)})",
            ["| kind | id | file |", "|---|---|---|"]
            + [f"| {code(n.kind)} | {code(n.id)} | {code(n.file)} |" for n in plan.new],
        ),
        _fold(
            f"Drifted ({len(plan.drifted)})",
            ["| id | field | declared | observed | owned by | |", "|---|---|---|---|---|---|"]
            + [
                f"| {code(d.id)} | {code(d.path)} | {code(_json(_shown(d.declared, d.path)))} | "
                f"{code(_json(_shown(d.observed, d.path)))} | {md_text(d.owned_by)} | "
                f"{'applied' if d.applied else 'reported only'} |"
                for d in plan.drifted
            ],
        ),
        _fold(
            f"Missing ({len(plan.missing)})",
            [f"- {code(m.id)} not seen since {md_text(m.since)}" for m in plan.missing],
        ),
        _fold(
            f"Conflicts ({len(plan.conflicts)})",
            [
                f"- {', '.join(code(o) for o in c.observed)} → "
                f"{', '.join(code(m) for m in c.matches) or 'another observed item'}"
                for c in plan.conflicts
            ],
        ),
        _fold("Notes", [f"- {md_text(n)}" for n in plan.notes]),
        _fold(
            f"Problems in the input ({len(plan.problems)})",
            [f"- {code(p.where)}: {md_text(p.message)}" for p in plan.problems],
        ),
    ]
    out = head
    dropped = 0
    for section in sections:
        if not section:
            continue
        if len(out) + len(section) > MARKDOWN_LIMIT - 200:
            dropped += 1
            continue
        out += section
    if dropped:
        out += f"\n_{dropped} section(s) left out to stay under GitHub's size limit; see the JSON plan._\n"
    return out


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _fold(title: str, lines: list[str]) -> str:
    if len(lines) <= 2 and lines[:1] and lines[0].startswith("|"):
        return ""
    if not lines:
        return ""
    body = "\n".join(lines)
    return f"\n<details>\n<summary><b>{md_text(title)}</b></summary>\n\n{body}\n\n</details>\n"


RENDERERS: dict[str, Callable[[Plan], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}
