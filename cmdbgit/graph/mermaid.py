"""A Mermaid drawing of an impact: arrows point from what fails to what it impacts.

Bounded: beyond ``limit`` nodes the roots, the services and the nearest documents are kept
and the rest are collapsed into one node per kind ("+120 Server"), so a change of thousands
of documents still draws (and GitHub's renderer still accepts it). Labels are untrusted text:
Mermaid entity codes replace every character that could end a label or the fenced block.
"""

from __future__ import annotations

from cmdbgit.graph.impact import ImpactResult, tier_rank

LIMIT = 50
_UNSAFE = {"#": "#35;", '"': "#quot;", "`": "#96;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}


def label(text: str) -> str:
    """Text safe inside a quoted Mermaid label (and inside a fenced code block)."""
    out = "".join(_UNSAFE.get(ch, ch) for ch in " ".join(text.split()))
    return out[:80]


def _keep_order(result: ImpactResult) -> list[str]:
    distance = {i.id: i.distance for i in result.impacted}
    services = sorted(
        (s for s in result.services if s.id not in result.roots),
        key=lambda s: (tier_rank(s.criticality), s.distance, s.id),
    )
    rest = sorted(
        (n for n in result.nodes if n not in result.roots and n not in {s.id for s in services}),
        key=lambda n: (distance.get(n, 0), n),
    )
    return [*result.roots, *(s.id for s in services), *rest]


def mermaid(result: ImpactResult, limit: int = LIMIT) -> str:
    """The ```mermaid fenced block (with a trailing newline)."""
    order = _keep_order(result)
    kept = order[:limit]
    names = {node: f"n{i}" for i, node in enumerate(kept)}
    lines = ["```mermaid", "flowchart LR"]
    for node in kept:
        attrs = result.nodes.get(node, {})
        text = f"{node} · {attrs.get('kind', '')}"
        if attrs.get("criticality"):
            text += f" · {attrs['criticality']}"
        lines.append(f'  {names[node]}["{label(text)}"]')
    groups: dict[str, list[str]] = {}
    for node in order[limit:]:
        groups.setdefault(result.nodes.get(node, {}).get("kind", "") or "other", []).append(node)
    for index, (kind, members) in enumerate(sorted(groups.items())):
        group = f"g{index}"
        lines.append(f'  {group}(["+{len(members)} more {label(kind)}"])')
        names.update(dict.fromkeys(members, group))
    drawn: set[tuple[str, str]] = set()
    for cause, effect, text in result.edges:
        pair = (names[cause], names[effect])
        if pair[0] == pair[1] or pair in drawn:
            continue
        drawn.add(pair)
        arrow = f" -- {label(text)} --> " if text and not pair[1].startswith("g") else " --> "
        lines.append(f"  {pair[0]}{arrow}{pair[1]}")
    lines.extend(_classes(result, names, kept))
    lines.append("```")
    return "\n".join(lines) + "\n"


def _classes(result: ImpactResult, names: dict[str, str], kept: list[str]) -> list[str]:
    out = [
        "  classDef root fill:#fdd,stroke:#c00,stroke-width:2px",
        "  classDef tier1 fill:#ffe0b3,stroke:#e67700,stroke-width:2px",
        "  classDef service fill:#e7f0ff,stroke:#1c5bd9",
    ]
    roots = [names[r] for r in result.roots if r in kept]
    tier1 = [names[s.id] for s in result.services if s.criticality == "tier-1" and s.id in kept]
    other = [names[s.id] for s in result.services if s.criticality != "tier-1" and s.id in kept]
    for cls, members in (("service", other), ("tier1", tier1), ("root", roots)):
        if members:
            out.append(f"  class {','.join(members)} {cls}")
    return out
