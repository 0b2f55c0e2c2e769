"""``impact --format markdown``: services, a Mermaid drawing and the documents reached.

``body`` is reused by the pull-request report; ``max_rows`` bounds its tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cmdbgit.graph.impact import ImpactResult
from cmdbgit.graph.impact_text import headline
from cmdbgit.graph.mermaid import mermaid
from cmdbgit.output import escape

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

_PATH_HOPS = 6


def render(result: ImpactResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write(f"## cmdbgit impact\n\n{escape.text(headline(result))}\n\n")
    stream.write(body(result))


def path_text(path: tuple[str, ...]) -> str:
    shown = list(path) if len(path) <= _PATH_HOPS else [*path[:2], "…", *path[-3:]]
    return " → ".join(p if p == "…" else escape.code(p) for p in shown)


def state_text(state: str | None, remaining: tuple[str, ...]) -> str:
    """``down``, or ``degraded`` with the cluster members still carrying the load."""
    if state != "degraded":
        return state or "—"
    left = ", ".join(escape.code(r) for r in remaining[:3]) + (" …" if len(remaining) > 3 else "")
    return f"degraded (left: {left})" if left else "degraded"


def body(result: ImpactResult, max_rows: int = 300, *, drawing: bool = True) -> str:
    parts: list[str] = []
    if result.still_used:
        lines = ["**Removed but still used:**", ""]
        for ident, users in sorted(result.still_used.items()):
            by = ", ".join(escape.code(u) for u in users[:20])
            more = f" and {len(users) - 20} more" if len(users) > 20 else ""
            lines.append(f"- ⚠️ {escape.code(ident)} is still used by {by}{more}")
        parts.append("\n".join(lines) + "\n")
    if result.services:
        lines = ["| service | criticality | state | distance | path |", "|---|---|---|---|---|"]
        for s in result.services[:max_rows]:
            lines.append(
                f"| {escape.code(s.id)} {escape.text(s.name)} | {escape.text(s.criticality or '—')}"
                f" | {state_text(s.state, s.remaining)} | {s.distance} | {path_text(s.path)} |"
            )
        parts.append("\n".join(lines) + "\n")
    if drawing and result.nodes:
        parts.append(mermaid(result))
    if result.impacted:
        title = "Needed" if result.reverse else "Impacted"
        lines = [f"| {title.lower()} | kind | distance | path |", "|---|---|---|---|"]
        for item in result.impacted[:max_rows]:
            lines.append(
                f"| {escape.code(item.id)} | {escape.text(item.kind)} | {item.distance}"
                f" | {path_text(item.path)} |"
            )
        if len(result.impacted) > max_rows:
            lines.append(f"\n…and {len(result.impacted) - max_rows} more (see the JSON output).")
        parts.append(f"**{title} ({len(result.impacted)})**\n\n" + "\n".join(lines) + "\n")
    if result.reverse and result.recovery:
        lines = ["**Recovery order** (dependencies first; a cycle is restored as one group)", ""]
        for number, step in enumerate(result.recovery[:max_rows], start=1):
            ids = ", ".join(escape.code(i) for i in step.ids)
            lines.append(f"{number}. stage {step.stage}: {'cycle: ' if step.cycle else ''}{ids}")
        parts.append("\n".join(lines) + "\n")
    if not parts:
        return "Nothing is impacted.\n"
    return "\n".join(parts)
