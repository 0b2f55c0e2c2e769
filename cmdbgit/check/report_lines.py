"""The report's first five lines, which a reviewer decides from (docs/pull-requests.md):

1. the verdict and the tree judged;
2. problem counts: new errors and warnings, existing, resolved;
3. changes (added/changed/removed/moved/renamed) and the services *down* and *degraded*, by
   criticality;
4. the owners to ask (handles in code style: never a live mention);
5. money: licence true-up and savings, book value, EOL and warranty exposure.

Then, when a rule, CI or ``.cmdbgit/`` file changed, one line naming them. Every
document-controlled string goes through ``cmdbgit.output.escape``.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from cmdbgit.check.model import CheckResult
from cmdbgit.check.owners import Owner
from cmdbgit.diff.model import DiffResult
from cmdbgit.graph.impact import ServiceHit, tier_rank
from cmdbgit.model.words import plural
from cmdbgit.output import escape
from cmdbgit.reports.delta import Delta
from cmdbgit.reports.licenses_model import PERIODS
from cmdbgit.reports.money import grouped

_NAMED = 3  # services, owners named per group before "and N more"
_UNITS = {"user": "user", "device": "device", "core": "core", "site": "site"}


def counts_line(result: CheckResult) -> str:
    new = result.counts(result.new)
    shown = f"{plural(new['error'], 'new error')}, {plural(new['warning'], 'new warning')}"
    return f"- **Problems:** {shown} · {len(result.existing)} existing · {len(result.resolved)} resolved"


def change_counts(diff: DiffResult) -> dict[str, int]:
    """Op counts, a removed and an added document of one kind and name counted as renamed."""
    counts: dict[str, int] = Counter(str(c.op) for c in diff.changes)
    gone: Counter[tuple[str | None, str]] = Counter(
        (c.kind, c.name) for c in diff.changes if c.op == "removed" and c.name
    )
    renamed = 0
    for change in diff.changes:
        key = (change.kind, change.name)
        if change.op == "added" and change.name and gone[key] > 0:
            gone[key] -= 1
            renamed += 1
    counts["added"] -= renamed
    counts["removed"] -= renamed
    counts["renamed"] = renamed
    return counts


def _services(hits: list[ServiceHit]) -> str:
    by_tier: dict[str, list[ServiceHit]] = {}
    for hit in hits:
        by_tier.setdefault(hit.criticality or "no tier", []).append(hit)
    parts = []
    for tier in sorted(by_tier, key=tier_rank):
        group = by_tier[tier]
        named = ", ".join(escape.code(s.id) for s in group[:_NAMED])
        more = f" +{len(group) - _NAMED}" if len(group) > _NAMED else ""
        parts.append(f"{escape.text(tier)} {len(group)} ({named}{more})")
    return "; ".join(parts) or "none"


def changes_line(result: CheckResult) -> str:
    if result.diff is None:
        return f"- **Changes:** not compared (no base) · {plural(result.head_result.documents, 'document')}"
    counts = change_counts(result.diff)
    ops = ", ".join(
        f"{counts[op]} {op}" for op in ("added", "changed", "removed", "moved", "renamed")
    )
    line = f"- **Changes:** {ops}"
    if result.impact is not None:
        down = [s for s in result.impact.services if s.state != "degraded"]
        degraded = [s for s in result.impact.services if s.state == "degraded"]
        line += f" · **down:** {_services(down)} · **degraded:** {_services(degraded)}"
    return line


def _owner(owner: Owner) -> str:
    what = []
    if owner.services:
        what.append(", ".join(escape.code(s) for s in owner.services[:_NAMED]))
    if owner.documents:
        what.append(plural(len(owner.documents), "changed document"))
    if not owner.handle:
        what.append("no handle in the base")
    handle = f" {escape.code(owner.handle)}" if owner.handle else ""
    return f"{escape.text(owner.name)}{handle} ({'; '.join(what)})"


def owners_line(result: CheckResult) -> str:
    """Owners of tier-1 and tier-2 services first, then of the changed documents."""
    ask = [o for o in result.owners if o.tier in ("tier-1", "tier-2") or o.documents]
    shown = "; ".join(_owner(o) for o in ask[: _NAMED * 2])
    more = f" and {len(ask) - _NAMED * 2} more teams" if len(ask) > _NAMED * 2 else ""
    return f"- **Ask:** {shown or 'nobody: no owned service or document is affected'}{more}"


def signed(amount: Decimal) -> str:
    return f"{'+' if amount > 0 else '−' if amount < 0 else '±'}{grouped(abs(amount))}"


def _per(currency: str, period: str) -> str:
    name = PERIODS.get(period, period)
    return f"{currency} once" if name == "once" else f"{currency}/{name}"


def money_parts(delta: Delta) -> list[str]:
    parts = []
    for attr, label in (("true_up", "licence true-up"), ("savings", "licence savings")):
        totals = delta.license_totals(attr)
        if totals:
            amounts = ", ".join(f"{signed(v)} {_per(c, p)}" for c, p, v in totals)
            parts.append(f"{label} {amounts}")
    if delta.book_value:
        amounts = ", ".join(
            f"{signed(c.after - c.before)} {cur}" for cur, c in sorted(delta.book_value.items())
        )
        parts.append(f"book value {amounts}")
    if delta.eol_new or delta.eol_left:
        parts.append(f"EOL exposure +{len(delta.eol_new)}/−{len(delta.eol_left)} CIs")
    if delta.warranty_lost or delta.warranty_gained:
        parts.append(
            f"warranty cover −{len(delta.warranty_lost)}/+{len(delta.warranty_gained)} assets"
        )
    if delta.released:
        parts.append(f"{plural(len(delta.released), 'covered asset')} leaving production")
    return parts


def money_line(result: CheckResult) -> str:
    parts = money_parts(result.delta) if result.delta is not None else []
    return f"- **Cost:** {' · '.join(parts) if parts else 'no licence, book value or lifecycle change'}"


def sensitive_line(result: CheckResult) -> list[str]:
    files = result.sensitive
    if not files:
        return []
    shown = ", ".join(escape.code(f) for f in files[:10])
    more = f" and {len(files) - 10} more" if len(files) > 10 else ""
    return [f"- 🛡️ **Rules, CI or tool files changed:** {shown}{more}"]


def first_lines(result: CheckResult, verdict: str) -> list[str]:
    """The five lines (and the sensitive-files line), ``verdict`` being the headline, which
    already says which tree was judged (the merge into the base's tip, or HEAD as it is)."""
    if result.base is None:
        return [verdict, counts_line(result)]
    return [
        verdict,
        counts_line(result),
        changes_line(result),
        owners_line(result),
        money_line(result),
        *sensitive_line(result),
    ]
