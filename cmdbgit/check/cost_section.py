"""The report's "What it costs" fold: the delta of licences, assets, lifecycle and health
(``cmdbgit.reports.delta``), one line per thing that moved."""

from __future__ import annotations

from cmdbgit.check.report_lines import signed
from cmdbgit.model.words import plural
from cmdbgit.output import escape
from cmdbgit.reports.delta import Delta, LicenseDelta
from cmdbgit.reports.licenses_model import PERIODS
from cmdbgit.reports.money import grouped

_IDS = 10


def _ids(ids: list[str]) -> str:
    more = f" and {len(ids) - _IDS} more" if len(ids) > _IDS else ""
    return ", ".join(escape.code(i) for i in ids[:_IDS]) + more


def license_line(item: LicenseDelta) -> str:
    """``+2 users on JetBrains All Products: 7/5 → 9/5, true-up +1,558.00 EUR/year``."""
    row, before, after = item.row, item.before, item.after
    used = (before.consumed if before else 0, after.consumed if after else 0)
    owned = (before.entitled if before else 0, after.entitled if after else 0)
    step = used[1] - used[0]
    unit = row.metric or "unit"
    words = f"{'+' if step >= 0 else '−'}{plural(abs(step), unit)} on {escape.text(row.name)}"
    text = f"{words}: {used[0]}/{owned[0]} → {used[1]}/{owned[1]}"
    period = PERIODS.get(row.period or "once", row.period or "once")
    per = " once" if period == "once" else f"/{period}"
    currency = row.unit_price.currency if row.unit_price else ""
    for attr, label in (("true_up", "true-up"), ("savings", "savings")):
        change = item.change(attr)
        if change:
            text += f", {label} {signed(change)} {currency}{per}"
    positions = (before.position if before else None, after.position if after else None)
    if positions[0] != positions[1] and "over-deployed" in positions:
        text += (
            " — now over-deployed"
            if positions[1] == "over-deployed"
            else " — no longer over-deployed"
        )
    return f"- {text}"


def body(delta: Delta) -> str:
    lines = [
        "Computed from the report models for the changed documents and what they reference "
        "(licences with all their consumers); health scores are those of the changed documents.",
        "",
    ]
    lines += [license_line(item) for item in delta.licenses]
    for label, ids in (
        ("Assets added", delta.added),
        ("Assets retired", delta.retired),
        ("Assets removed", delta.removed),
        ("Assets reassigned", delta.reassigned),
    ):
        if ids:
            lines.append(f"- {label}: {_ids(ids)}")
    for label, changes in (
        ("Book value", delta.book_value),
        ("Depreciation next 12 months", delta.next_12_months),
    ):
        for currency, c in sorted(changes.items()):
            lines.append(
                f"- {label}: {grouped(c.before)} → {grouped(c.after)} {escape.text(currency)} "
                f"({signed(c.after - c.before)})"
            )
    for label, rows in (
        ("Newly on software past or near EOL", delta.eol_new),
        ("Off EOL software", delta.eol_left),
    ):
        if rows:
            shown = ", ".join(
                f"{escape.code(r['id'])} ({escape.text(r['product'])} {escape.text(r['version'])}, "
                f"{r['status']})"
                for r in rows[:_IDS]
            )
            lines.append(f"- {label}: {shown}")
    for label, ids in (
        ("Warranty cover lost on deployed hardware", delta.warranty_lost),
        ("Warranty cover gained", delta.warranty_gained),
        ("Covered hardware leaving production (cover no longer needed)", delta.released),
    ):
        if ids:
            lines.append(f"- {label}: {_ids(ids)}")
    moved = [(n, c) for n, c in delta.health.items() if c.before != c.after]
    if moved:
        shown = ", ".join(f"{n} {_score(c.before)} → {_score(c.after)}" for n, c in moved)
        lines.append(f"- Health of the changed documents: {shown}")
    return "\n".join(lines) + "\n"


def _score(value: object) -> str:
    return "—" if value is None else f"{value}"


def worth_a_section(delta: Delta | None) -> bool:
    if delta is None:
        return False
    return (
        delta.money_moved
        or bool(delta.licenses or delta.added or delta.removed or delta.reassigned)
        or any(c.before != c.after for c in delta.health.values())
    )
