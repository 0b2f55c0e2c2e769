"""``lifecycle``: hardware to replace, software past (or near) end of life, and what
replacing hardware will cost per quarter.

* Hardware (not retired/disposed) is listed when past its end of life — ``lifecycle.eol``,
  else the end of support of its ``hardware_model`` (as-of after it) — or older than its
  refresh age (``lifecycle.refresh_months``, else the config's
  ``refresh_months``): as-of after purchase date + refresh months.
* Software: every ``{product, version}`` pair a CI names (fields found from the schemas) is
  matched to the product's longest listed version equal to it or a dotted prefix of it;
  lines past EOL or within ``eol_days`` of it are grouped by product and version.
* Forecast: due = ``lifecycle.eol``, else purchase date + refresh months or the model's end
  of support, whichever comes first; the quarter of the as-of date and the 7 after it (8
  calendar quarters), plus what is already overdue. Cost is ``replacement_cost``, else the
  purchase cost, summed per currency.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from cmdbgit.model.dates import (
    add_months,
    days_left,
    is_past,
    months_elapsed,
    parse_date,
    quarters_from,
    within,
)
from cmdbgit.model.document import Document
from cmdbgit.model.hardware import EndOfLife, end_of_life
from cmdbgit.model.software import (
    PRODUCT_KIND,
    VersionLine,
    installed_software,
    match_version,
    version_lines,
)
from cmdbgit.reports.context import ReportContext
from cmdbgit.reports.holders import GONE, status_of
from cmdbgit.reports.lifecycle_model import (
    Bucket,
    HardwareRow,
    LifecycleReport,
    SoftwareCI,
    SoftwareGroup,
)
from cmdbgit.reports.money import Money, money_from

FORECAST_QUARTERS = 8


def _purchase(asset: Document) -> dict[str, object]:
    value = asset.spec.get("purchase")
    return value if isinstance(value, dict) else {}


def refresh_months(ctx: ReportContext, asset: Document) -> int:
    lifecycle = asset.spec.get("lifecycle")
    own = lifecycle.get("refresh_months") if isinstance(lifecycle, dict) else None
    if isinstance(own, int) and not isinstance(own, bool) and own > 0:
        return own
    return ctx.settings.refresh_months


def replacement_cost(asset: Document) -> Money | None:
    return money_from(asset.spec.get("replacement_cost")) or money_from(
        _purchase(asset).get("cost")
    )


class _Plan(NamedTuple):
    """What the hardware list and the forecast both read of an asset, worked out once."""

    asset: Document
    end: EndOfLife | None
    bought: date | None
    refresh: int
    refresh_due: date | None  # purchase date + refresh months


def _plan(ctx: ReportContext, asset: Document) -> _Plan:
    bought = parse_date(_purchase(asset).get("date"))
    refresh = refresh_months(ctx, asset)
    due = add_months(bought, refresh) if bought else None
    return _Plan(asset, end_of_life(asset, ctx.inventory), bought, refresh, due)


def _hardware_row(ctx: ReportContext, plan: _Plan) -> HardwareRow | None:
    asset, end, bought, refresh = plan.asset, plan.end, plan.bought, plan.refresh
    eol = end.day if end else None
    reasons = []
    if end is not None and is_past(end.day, ctx.as_of):
        reasons.append(f"past end of support of {end.model.id}" if end.model else "past EOL")
    if plan.refresh_due is not None and is_past(plan.refresh_due, ctx.as_of):
        reasons.append(f"older than {refresh} months")
    if not reasons:
        return None
    return HardwareRow(
        id=asset.id or "",
        name=asset.name,
        status=status_of(asset),
        owner=asset.owner,
        purchased=bought,
        age_months=months_elapsed(bought, ctx.as_of) if bought else None,
        refresh_months=refresh,
        eol=eol,
        eol_from=end.model.id if end and end.model else None,
        reasons=reasons,
        replacement_cost=replacement_cost(asset),
    )


def due_date(plan: _Plan) -> date | None:
    """The asset's own end of life is its replacement plan; otherwise it is replaced at its
    refresh age, or sooner when its model's vendor support ends first."""
    end = plan.end
    if end is not None and end.model is None:
        return end.day
    dates = [d for d in (plan.refresh_due, end.day if end else None) if d is not None]
    return min(dates) if dates else None


def _forecast(ctx: ReportContext, plans: list[_Plan]) -> tuple[Bucket, list[Bucket], int]:
    quarters = quarters_from(ctx.as_of, FORECAST_QUARTERS)
    overdue = Bucket("overdue", None, None)
    buckets = {q: Bucket(q.label, max(q.start, ctx.as_of), q.end) for q in quarters}
    undated = 0
    for plan in plans:
        due = due_date(plan)
        asset = plan.asset
        if due is None:
            undated += 1
            continue
        if is_past(due, ctx.as_of):
            overdue.add(asset.id or "", replacement_cost(asset))
            continue
        bucket = next((b for q, b in buckets.items() if q.start <= due <= q.end), None)
        if bucket is not None:
            bucket.add(asset.id or "", replacement_cost(asset))
    return overdue, list(buckets.values()), undated


def _software(ctx: ReportContext) -> tuple[list[SoftwareGroup], list[str]]:
    groups: dict[tuple[str, str], SoftwareGroup] = {}
    unmatched: list[str] = []
    lines_of: dict[str, list[VersionLine]] = {}  # a product's lines, read once per product
    for doc in ctx.inventory.documents:
        for item in installed_software(doc, ctx.revision.rules.kinds):
            product = ctx.inventory.get(item.product)
            if product is None or product.kind != PRODUCT_KIND:
                continue
            lines = lines_of.get(item.product)
            if lines is None:
                lines = lines_of[item.product] = version_lines(product)
            line = match_version(item.version, lines)
            if line is None:
                unmatched.append(f"{doc.id} ({item.product} {item.version})")
                continue
            if line.eol is None:
                continue
            if is_past(line.eol, ctx.as_of):
                status = "past-eol"
            elif within(line.eol, ctx.as_of, ctx.settings.eol_days):
                status = "eol-soon"
            else:
                continue
            key = (item.product, line.version)
            if key not in groups:
                groups[key] = SoftwareGroup(
                    item.product,
                    product.name,
                    line.version,
                    line.eol,
                    days_left(line.eol, ctx.as_of),
                    status,
                    [],
                )
            groups[key].cis.append(
                SoftwareCI(doc.id or "", doc.kind or "", doc.name, item.version, item.shown_path)
            )
    ordered = sorted(groups.values(), key=lambda g: (g.eol, g.product, g.version))
    return ordered, unmatched


def build(ctx: ReportContext) -> LifecycleReport:
    live = [a for a in ctx.inventory.of_kind("HardwareAsset") if status_of(a) not in GONE]
    plans = [_plan(ctx, a) for a in live]
    hardware = [row for plan in plans if (row := _hardware_row(ctx, plan)) is not None]
    hardware.sort(key=lambda r: (r.eol or date.max, r.purchased or date.max, r.id))
    software, unmatched = _software(ctx)
    overdue, quarters, undated = _forecast(ctx, plans)
    report = LifecycleReport(
        hardware=hardware,
        software=software,
        overdue=overdue,
        quarters=quarters,
        eol_days=ctx.settings.eol_days,
        refresh_default=ctx.settings.refresh_months,
        notes=[],
    )
    if undated:
        report.notes.append(
            f"{undated} hardware asset(s) have neither an end of life nor a purchase date "
            "and are not in the forecast"
        )
    if unmatched:
        shown = ", ".join(sorted(unmatched)[:10]) + (" …" if len(unmatched) > 10 else "")
        report.notes.append(
            f"{len(unmatched)} installed version(s) match no version listed in their "
            f"SoftwareProduct: {shown}"
        )
    return report
