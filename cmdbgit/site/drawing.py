"""A service's dependency drawing as inline SVG: what it needs, causes on the left.

With Graphviz's ``dot`` on the machine (Debian's ``graphviz``) the layout is Graphviz's, all
services in one ``dot`` run (one process for the whole site, not one per service); else a
built-in layered layout (one column per distance from the service) that needs nothing. Each
node links to its document's page. Labels are escaped here; Graphviz escapes its own output.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict, deque
from dataclasses import dataclass, field

from cmdbgit.graph.build import FailureGraph
from cmdbgit.site.html import doc_url, esc, rel

DEPTH = 4
MAX_NODES = 60
_BOX_W, _BOX_H, _GAP_X, _GAP_Y, _PAD = 190, 38, 70, 14, 10
_DOT_TIMEOUT_S = 120
_SVG_START = re.compile(r"<svg\b")


@dataclass(slots=True)
class Needs:
    """What one service needs within ``DEPTH`` hops: nodes by distance, the edges among them."""

    root: str
    distance: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    left_out: int = 0


def needs(graph: FailureGraph, service: str) -> Needs:
    """Breadth first from the service against the failure direction, closest first, at most
    ``MAX_NODES`` nodes: a drawing of a thousand boxes helps nobody (the rest is counted)."""
    found = Needs(service, {service: 0})
    queue = deque([service])
    reached = 0
    while queue:
        node = queue.popleft()
        distance = found.distance[node]
        if distance >= DEPTH:
            continue
        for cause in sorted(graph.causes(node)):
            if cause in found.distance:
                continue
            reached += 1
            if len(found.distance) < MAX_NODES:
                found.distance[cause] = distance + 1
                queue.append(cause)
    found.left_out = reached - (len(found.distance) - 1)
    for node in found.distance:
        found.kinds[node] = graph.attributes(node)["kind"]
        for cause, link in graph.causes(node).items():
            if cause in found.distance:
                found.edges.append((cause, node, link.label))
    found.edges.sort()
    return found


def draw_all(
    graph: FailureGraph, services: list[str], use_dot: bool = True
) -> dict[str, tuple[str, int]]:
    """Service id -> (its drawing, how many nodes were left out)."""
    wanted = {s: needs(graph, s) for s in services if s in graph}
    page = {s: doc_url(s) for s in wanted}
    drawn: dict[str, str] = {}
    if use_dot and wanted and shutil.which("dot"):
        drawn = _dot_all(wanted, page)
    return {s: (drawn.get(s) or _layered(n, page[s]), n.left_out) for s, n in wanted.items()}


def _dot_source(found: Needs, page: str) -> str:
    lines = [
        "digraph needs {",
        "rankdir=LR; bgcolor=transparent;",
        'node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="sans-serif", '
        "fontsize=10];",
        'edge [fontname="sans-serif", fontsize=8, color="#6b7a90"];',
    ]
    for node in found.distance:
        fill = ', fillcolor="#ffe0b3"' if node == found.root else ""
        url = _dot_string(rel(page, doc_url(node)))
        lines.append(
            f'"{_dot_string(node)}" [label="{_dot_string(node)}\\n'
            f'{_dot_string(found.kinds[node])}", URL="{url}", target="_top"{fill}];'
        )
    for u, v, label in found.edges:
        lines.append(f'"{_dot_string(u)}" -> "{_dot_string(v)}" [label="{_dot_string(label)}"];')
    lines.append("}")
    return "\n".join(lines)


def _dot_all(wanted: dict[str, Needs], page: dict[str, str]) -> dict[str, str]:
    """One ``dot`` process lays out every graph; its SVGs come back in input order."""
    order = list(wanted)
    source = "\n".join(_dot_source(wanted[s], page[s]) for s in order)
    try:
        done = subprocess.run(
            ["dot", "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=_DOT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if done.returncode != 0:
        return {}
    text = done.stdout.decode("utf-8", "replace")
    starts = [m.start() for m in _SVG_START.finditer(text)]
    if len(starts) != len(order):
        return {}  # something unexpected: every service falls back to the built-in layout
    out = {}
    for index, service in enumerate(order):
        chunk = text[starts[index] : starts[index + 1] if index + 1 < len(starts) else None]
        chunk = chunk[: chunk.rfind("</svg>") + len("</svg>")]
        # Inline: no XML prolog or DOCTYPE; scaled to the page's width by the stylesheet.
        out[service] = re.sub(
            r'<svg width="[^"]*" height="[^"]*"', '<svg class="drawing"', chunk, count=1
        )
    return out


def _dot_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _layered(found: Needs, page: str) -> str:
    """Columns by distance (the service rightmost), rows by id; straight arrows."""
    columns: dict[int, list[str]] = defaultdict(list)
    for node, dist in found.distance.items():
        columns[dist].append(node)
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
        f'aria-label="what {esc(found.root)} needs">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" '
        'fill="#6b7a90"/></marker></defs>',
    ]
    for u, v, label in found.edges:
        (x1, y1), (x2, y2) = position[u], position[v]
        ax, ay = x1 + _BOX_W, y1 + _BOX_H // 2
        bx, by = x2, y2 + _BOX_H // 2
        if x2 <= x1:  # same column or backwards (a cycle): go around the box's bottom
            ax, ay, bx, by = x1 + _BOX_W // 2, y1 + _BOX_H, x2 + _BOX_W // 2, y2
        parts.append(
            f'<line x1="{ax}" y1="{ay}" x2="{bx}" y2="{by}" class="edge" '
            f'marker-end="url(#arrow)"><title>{esc(u)} {esc(label)} {esc(v)}</title></line>'
        )
    for node in found.distance:
        x, y = position[node]
        root = " root" if node == found.root else ""
        parts.append(
            f'<a href="{esc(rel(page, doc_url(node)))}"><g class="node{root}">'
            f'<rect x="{x}" y="{y}" width="{_BOX_W}" height="{_BOX_H}" rx="6"/>'
            f'<text x="{x + 8}" y="{y + 16}">{esc(_short(node))}</text>'
            f'<text x="{x + 8}" y="{y + 30}" class="kind">{esc(found.kinds[node])}</text></g></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
