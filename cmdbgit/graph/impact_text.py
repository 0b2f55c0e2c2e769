"""``impact --format text``: services first (worst tier first), then every document reached."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cmdbgit.graph.impact import ImpactResult

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

ARROW = " -> "


def headline(result: ImpactResult) -> str:
    what = "needs" if result.reverse else "impacts"
    roots = ", ".join(result.roots[:5]) + (" …" if len(result.roots) > 5 else "")
    depth = f" within {result.depth} hop(s)" if result.depth else ""
    return (
        f"{roots or '(nothing)'} {what} {len(result.impacted)} document(s){depth}, "
        f"reaching {len(result.services)} service(s)"
    )


def render(result: ImpactResult, stream: TextIO, options: RenderOptions) -> None:
    stream.write(headline(result) + "\n")
    if result.services:
        stream.write("\nservices:\n")
        for s in result.services:
            stream.write(
                f"  {s.criticality or '-':7} {s.id} ({s.name}) distance {s.distance}: "
                f"{ARROW.join(s.path)}\n"
            )
    if result.impacted:
        stream.write("\nneeded:\n" if result.reverse else "\nimpacted:\n")
        for item in result.impacted:
            stream.write(
                f"  {item.distance:>3}  {item.id} ({item.kind}): {ARROW.join(item.path)}\n"
            )
    if result.reverse and result.recovery:
        stream.write("\nrecovery order (dependencies first; a cycle is restored as one group):\n")
        for number, step in enumerate(result.recovery, start=1):
            ids = ", ".join(step.ids)
            stream.write(
                f"  {number:>3}. [stage {step.stage}] {'cycle: ' if step.cycle else ''}{ids}\n"
            )
    for ident, users in sorted(result.still_used.items()):
        stream.write(f"\nremoved but still used: {ident} by {', '.join(users)}\n")
