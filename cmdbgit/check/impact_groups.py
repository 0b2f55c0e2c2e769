"""A big impact, grouped so a reviewer can read it: per criticality, per service, the state,
how many documents reach the service and the first few of them, then "and N more". The full
list stays in the JSON and in the impact table below it."""

from __future__ import annotations

from collections import defaultdict

from cmdbgit.graph.impact import ImpactResult, tier_rank
from cmdbgit.model.words import plural
from cmdbgit.output import escape

#: From this many impacted documents on, the report shows the groups first.
GROUP_FROM = 100
TOP = 5


def _upstream(result: ImpactResult) -> dict[str, set[str]]:
    """Service id -> the impacted documents whose failure reaches it (in the affected graph)."""
    causes: dict[str, list[str]] = defaultdict(list)
    for cause, effect, _label in result.edges:
        causes[effect].append(cause)
    impacted = {i.id for i in result.impacted} | set(result.roots)
    out: dict[str, set[str]] = {}
    for service in result.services:
        seen: set[str] = set()
        stack = [service.id]
        while stack:
            for cause in causes.get(stack.pop(), ()):
                if cause not in seen and cause in impacted:
                    seen.add(cause)
                    stack.append(cause)
        out[service.id] = seen
    return out


def grouped(result: ImpactResult, top: int = TOP) -> str:
    """The grouped view, or "" when the impact is small enough to read as a table."""
    if len(result.impacted) < GROUP_FROM or not result.services:
        return ""
    upstream = _upstream(result)
    tiers: dict[str, list[str]] = defaultdict(list)
    lines = ["**Services reached, by criticality** (each with the documents that reach it)", ""]
    for service in result.services:
        docs = sorted(upstream[service.id], key=lambda d: (d not in result.roots, d))
        shown = ", ".join(escape.code(d) for d in docs[:top])
        more = f" and {len(docs) - top} more" if len(docs) > top else ""
        tiers[service.criticality or "no tier"].append(
            f"  - {escape.code(service.id)} {escape.text(service.name)} — "
            f"{service.state or 'down'}, {plural(len(docs), 'document')}: {shown}{more}"
        )
    for tier in sorted(tiers, key=tier_rank):
        entries = tiers[tier]
        lines.append(f"- **{escape.text(tier)}** ({plural(len(entries), 'service')})")
        lines.extend(entries[: top * 2])
        if len(entries) > top * 2:
            lines.append(f"  - … and {len(entries) - top * 2} more services")
    return "\n".join(lines) + "\n"
