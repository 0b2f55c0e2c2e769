"""Inline SVG charts for the html report: no script, no fonts, no network.

Geometry is computed here in floats (display only); the values shown in labels and tooltips
come from the report's exact decimals. Each chart kind is one function in ``CHARTS``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from html import escape

from cmdbgit.reports.model import Chart, Point

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 72, 32, 16, 56  # room for a centred label at each end
COLORS = {
    "over-deployed": "#c0392b",
    "under-used": "#d68910",
    "compliant": "#1e8449",
    "expired": "#7f8c8d",
}
ACCENT = "#2a6fb0"


def nice_ticks(maximum: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round tick values from 0 to at least ``maximum`` (steps of 1, 2 or 5 × 10^k; at least
    1 when ``whole``, for counts)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = max(maximum / count, 1.0) if whole else maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    top = math.ceil(maximum / step) * step
    return [round(i * step, 12) for i in range(round(top / step) + 1)]


def short(value: float) -> str:
    """``12.5k``, ``1.2M``: axis labels only."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


def _open(chart: Chart, height: int) -> list[str]:
    title = escape(chart.title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{chart.kind}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-label="{title}">',
        f"<title>{title}</title>",
    ]


def _axes(ticks: list[float], plot_h: float) -> list[str]:
    out = []
    top = ticks[-1] or 1.0
    for tick in ticks:
        y = TOP + plot_h - tick / top * plot_h
        out.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="#d5d8dc" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#555">{escape(short(tick))}</text>'
        )
    return out


def _x_labels(points: list[Point], xs: list[float], y: float) -> list[str]:
    """At most ~10 labels, evenly spaced and always including the last point."""
    every = max(1, math.ceil(len(points) / 10))
    shown = set(range(len(points) - 1, -1, -every))
    return [
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="11" fill="#555">'
        f"{escape(p.label)}</text>"
        for i, (p, x) in enumerate(zip(points, xs, strict=True))
        if i in shown
    ]


def line_chart(chart: Chart) -> str:
    points = chart.series[0].points
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    ticks = nice_ticks(max(float(p.value) for p in points), whole=chart.whole)
    top = ticks[-1] or 1.0
    step = plot_w / max(len(points) - 1, 1)
    xs = [LEFT + i * step for i in range(len(points))]
    ys = [TOP + plot_h - float(p.value) / top * plot_h for p in points]
    line = " ".join(
        f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}"
        for i, (x, y) in enumerate(zip(xs, ys, strict=True))
    )
    base = TOP + plot_h
    out = _open(chart, HEIGHT) + _axes(ticks, plot_h)
    out.append(
        f'<path class="area" d="{line} L{xs[-1]:.1f},{base:.1f} L{xs[0]:.1f},{base:.1f} Z"'
        f' fill="{ACCENT}" fill-opacity="0.12" stroke="none"/>'
    )
    out.append(f'<path class="line" d="{line}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    for p, x in zip(points, xs, strict=True):
        if p.label == chart.marker:
            out.append(
                f'<line class="marker" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{base:.1f}" '
                f'stroke="#c0392b" stroke-dasharray="4 3"/>'
            )
            out.append(
                f'<text x="{x + 4:.1f}" y="{TOP + 10}" font-size="11" fill="#c0392b">as of</text>'
            )
    for p, x, y in zip(points, xs, ys, strict=True):
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{ACCENT}">'
            f"<title>{escape(p.label)}: {escape(p.note)}</title></circle>"
        )
    out.extend(_x_labels(points, xs, base + 18))
    out.append(
        f'<text x="{LEFT}" y="{HEIGHT - 8}" font-size="11" fill="#555">{escape(chart.unit)}</text>'
    )
    return "\n".join([*out, "</svg>"])


def bar_chart(chart: Chart) -> str:
    points = chart.series[0].points
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    ticks = nice_ticks(max(float(p.value) for p in points), whole=chart.whole)
    top = ticks[-1] or 1.0
    slot = plot_w / max(len(points), 1)
    xs = [LEFT + slot * (i + 0.5) for i in range(len(points))]
    base = TOP + plot_h
    out = _open(chart, HEIGHT) + _axes(ticks, plot_h)
    for p, x in zip(points, xs, strict=True):
        h = float(p.value) / top * plot_h
        label = _amount(p.value)
        out.append(
            f'<rect class="bar" x="{x - slot * 0.35:.1f}" y="{base - h:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{ACCENT}">'
            f"<title>{escape(p.label)}: {escape(label)} {escape(chart.unit)} — "
            f"{escape(p.note)}</title></rect>"
        )
        out.append(
            f'<text x="{x:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" '
            f'font-size="11" fill="#222">{escape(label)}</text>'
        )
    out.extend(_x_labels(points, xs, base + 18))
    out.append(
        f'<text x="{LEFT}" y="{HEIGHT - 8}" font-size="11" fill="#555">{escape(chart.unit)}</text>'
    )
    return "\n".join([*out, "</svg>"])


def usage_chart(chart: Chart) -> str:
    entitled, consumed = chart.series[0].points, chart.series[1].points
    label_w, track_w, row_h = 250, 330, 26
    height = TOP + row_h * len(entitled) + 30
    out = _open(chart, height)
    for i, (e, c) in enumerate(zip(entitled, consumed, strict=True)):
        y = TOP + i * row_h
        scale = max(float(e.value), float(c.value), 1.0)
        ew, cw = float(e.value) / scale * track_w, float(c.value) / scale * track_w
        color = COLORS.get(c.note, ACCENT)
        out.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="#222">{escape(_clip(e.label, 36))}</text>'
        )
        out.append(
            f'<rect class="track" x="{label_w}" y="{y + 3}" width="{ew:.1f}" '
            f'height="16" fill="#e5e8e8" stroke="#aab7b8"><title>entitled '
            f"{escape(_amount(e.value))}</title></rect>"
        )
        out.append(
            f'<rect class="used" x="{label_w}" y="{y + 6}" width="{cw:.1f}" '
            f'height="10" fill="{color}"><title>{escape(e.note)}</title></rect>'
        )
        out.append(
            f'<text x="{label_w + track_w + 8}" y="{y + 15}" font-size="12" '
            f'fill="#222">{escape(_amount(c.value))} / {escape(_amount(e.value))} '
            f"{escape(c.note)}</text>"
        )
    legend_y = height - 10
    x = label_w
    for name, color in COLORS.items():
        out.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{color}"/>')
        out.append(
            f'<text x="{x + 14}" y="{legend_y}" font-size="11" fill="#555">{escape(name)}</text>'
        )
        x += 110
    return "\n".join([*out, "</svg>"])


def _amount(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


CHARTS: dict[str, Callable[[Chart], str]] = {
    "line": line_chart,
    "bars": bar_chart,
    "usage": usage_chart,
}


def render_chart(chart: Chart) -> str:
    if not chart.series or not chart.series[0].points:
        return ""
    return CHARTS[chart.kind](chart)
