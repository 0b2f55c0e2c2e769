"""``impact --format text``: services first (worst tier first), then every document reached."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from cmdbgit.graph.impact import ImpactResult
from cmdbgit.model.redact import terminal as t

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

ARROW = " -> "


def headline(result: ImpactResult) -> str:
    what = "needs" if result.reverse else "impacts"
    roots = ", ".join(t(r) for r in result.roots[:5]) + (" …" if len(result.roots) > 5 else "")
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
                f"  {t(s.criticality or '-'):7} {t(s.id)} ({t(s.name)}) distance {s.distance}: "
                f"{_path(s.path)}\n"
            )
    if result.impacted:
        stream.write("\nneeded:\n" if result.reverse else "\nimpacted:\n")
        for item in result.impacted:
            stream.write(
                f"  {item.distance:>3}  {t(item.id)} ({t(item.kind)}): {_path(item.path)}\n"
            )
    if result.reverse and result.recovery:
        stream.write("\nrecovery order (dependencies first; a cycle is restored as one group):\n")
        for number, step in enumerate(result.recovery, start=1):
            ids = ", ".join(t(i) for i in step.ids)
            stream.write(
                f"  {number:>3}. [stage {step.stage}] {'cycle: ' if step.cycle else ''}{ids}\n"
            )
    for ident, users in sorted(result.still_used.items()):
        used_by = ", ".join(t(u) for u in users)
        stream.write(f"\nremoved but still used: {t(ident)} by {used_by}\n")


def _path(ids: Iterable[str]) -> str:
    return ARROW.join(t(i) for i in ids)
