"""A service's dependency drawing as inline SVG: what it needs, causes on the left.

With Graphviz's ``dot`` on the machine (Debian's ``graphviz``) the layout is Graphviz's; else a
built-in layered layout (one column per distance from the service) that needs nothing. Each
node links to its document's page. Labels are escaped here; Graphviz escapes its own output.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict

from cmdbgit.graph.build import FailureGraph
from cmdbgit.graph.impact import ImpactResult, impact
from cmdbgit.site.html import doc_url, esc, rel

DEPTH = 4
MAX_NODES = 60
_BOX_W, _BOX_H, _GAP_X, _GAP_Y, _PAD = 190, 38, 70, 14, 10
_DOT_TIMEOUT_S = 10


def needs(graph: FailureGraph, service: str) -> ImpactResult:
    return impact(graph, [service], depth=DEPTH, reverse=True)


def draw(result: ImpactResult, page: str, use_dot: bool = True) -> tuple[str, int]:
    """The SVG and how many nodes were left out (the farthest first)."""
    distance = {result.roots[0]: 0} if result.roots else {}
    distance.update({i.id: i.distance for i in result.impacted})
    kept = sorted(distance, key=lambda n: (distance[n], n))[:MAX_NODES]
    left_out = len(distance) - len(kept)
    keep = set(kept)
    edges = [(u, v, label) for u, v, label in result.edges if u in keep and v in keep]
    if use_dot and shutil.which("dot"):
        svg = _dot(result, kept, edges, page)
        if svg is not None:
            return svg, left_out
    return _layered(result, kept, distance, edges, page), left_out


def _label(result: ImpactResult, node: str) -> tuple[str, str]:
    attrs = result.nodes.get(node, {})
    return node, str(attrs.get("kind", ""))


def _dot(
    result: ImpactResult, kept: list[str], edges: list[tuple[str, str, str]], page: str
) -> str | None:
    lines = [
        "digraph needs {",
        "rankdir=LR; bgcolor=transparent;",
        'node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="sans-serif", fontsize=10];',
        'edge [fontname="sans-serif", fontsize=8, color="#6b7a90"];',
    ]
    for node in kept:
        ident, kind = _label(result, node)
        fill = ', fillcolor="#ffe0b3"' if node in result.roots else ""
        url = _dot_string(rel(page, doc_url(node)))
        lines.append(
            f'"{_dot_string(node)}" [label="{_dot_string(ident)}\\n{_dot_string(kind)}", '
            f'URL="{url}", target="_top"{fill}];'
        )
    for u, v, label in edges:
        lines.append(f'"{_dot_string(u)}" -> "{_dot_string(v)}" [label="{_dot_string(label)}"];')
    lines.append("}")
    try:
        done = subprocess.run(
            ["dot", "-Tsvg"],
            input="\n".join(lines).encode("utf-8"),
            capture_output=True,
            timeout=_DOT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    svg = done.stdout.decode("utf-8", "replace")
    start = svg.find("<svg")
    if start < 0:
        return None
    # Inline: no XML prolog or DOCTYPE; scale to the page's width.
    svg = svg[start:]
    return re.sub(r'<svg width="[^"]*" height="[^"]*"', '<svg class="drawing"', svg, count=1)


def _dot_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _layered(
    result: ImpactResult,
    kept: list[str],
    distance: dict[str, int],
    edges: list[tuple[str, str, str]],
    page: str,
) -> str:
    """Columns by distance (the service rightmost), rows by id; straight arrows."""
    columns: dict[int, list[str]] = defaultdict(list)
    for node in kept:
        columns[distance[node]].append(node)
    far = max(columns) if columns else 0
    position: dict[str, tuple[int, int]] = {}
    for dist, nodes in columns.items():
        x = _PAD + (far - dist) * (_BOX_W + _GAP_X)
        for row, node in enumerate(sorted(nodes)):
            position[node] = (x, _PAD + row * (_BOX_H + _GAP_Y))
    width = _PAD * 2 + (far + 1) * _BOX_W + far * _GAP_X
    height = _PAD * 2 + max((len(n) for n in columns.values()), default=1) * (_BOX_H + _GAP_Y)
    parts = [
        f'<svg class="drawing" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="what {esc(result.roots[0] if result.roots else "")} needs">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" '
        'fill="#6b7a90"/></marker></defs>',
    ]
    for u, v, label in edges:
        (x1, y1), (x2, y2) = position[u], position[v]
        ax, ay = x1 + _BOX_W, y1 + _BOX_H // 2
        bx, by = x2, y2 + _BOX_H // 2
        if x2 <= x1:  # same column or backwards (a cycle): go around the box's bottom
            ax, ay, bx, by = x1 + _BOX_W // 2, y1 + _BOX_H, x2 + _BOX_W // 2, y2
        parts.append(
            f'<line x1="{ax}" y1="{ay}" x2="{bx}" y2="{by}" class="edge" '
            f'marker-end="url(#arrow)"><title>{esc(u)} {esc(label)} {esc(v)}</title></line>'
        )
    for node in kept:
        x, y = position[node]
        ident, kind = _label(result, node)
        root = " root" if node in result.roots else ""
        parts.append(
            f'<a href="{esc(rel(page, doc_url(node)))}"><g class="node{root}">'
            f'<rect x="{x}" y="{y}" width="{_BOX_W}" height="{_BOX_H}" rx="6"/>'
            f'<text x="{x + 8}" y="{y + 16}">{esc(_short(ident))}</text>'
            f'<text x="{x + 8}" y="{y + 30}" class="kind">{esc(kind)}</text></g></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
