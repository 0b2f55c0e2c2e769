"""What a change costs: the report models of the base and the head, compared.

The reports run on both revisions under the same settings and date, but only over what the
change can move — never over the whole inventory twice:

* licences: every licence a changed document is, or consumed before or after, with all its
  consumers (consumption is a count over them) and its product and vendor;
* assets, lifecycle, warranty: the changed documents with the reference documents they are
  valued or dated by (hardware and software products, vendors, contracts);
* health: completeness, correctness and compliance of the changed documents (freshness is
  left out: a document a pull request changes is fresh by that change).

Documents with blocking errors are left out, as every report leaves them out. Each part is
computed from the report models (``licenses``, ``depreciation``, ``lifecycle``, ``warranty``,
``health``), never parsed back from their text. Shape: docs/json.md (check, ``delta``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cmdbgit.diff.model import DiffResult
from cmdbgit.model.config import ReportSettings
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.problem import Problem
from cmdbgit.reports import depreciation, health, licenses, lifecycle, warranty
from cmdbgit.reports.context import ReportContext, is_blocking
from cmdbgit.reports.health_model import HealthReport
from cmdbgit.reports.holders import GONE, status_of
from cmdbgit.reports.licenses_model import LicenseRow
from cmdbgit.reports.money import Money, Totals, plain
from cmdbgit.revision import Revision

#: Kinds other documents are valued or dated by: always in the focus (they are few).
REFERENCE_KINDS = ("SoftwareProduct", "HardwareModel", "Vendor", "Contract")
HEALTH_DIMENSIONS = ("completeness", "correctness", "compliance")
UNCOVERED = frozenset({"expired", "unknown"})


@dataclass(frozen=True, slots=True)
class Side:
    """One revision as the delta reads it."""

    revision: Revision
    problems: list[Problem]

    @property
    def inventory(self) -> Inventory:
        return self.revision.loaded.inventory


def _valid(side: Side, docs: Iterable[Document]) -> list[Document]:
    bad = {(p.file, p.id) for p in side.problems if is_blocking(p) and p.id is not None}
    out: dict[str, Document] = {}
    for doc in docs:
        if doc.id is not None and (doc.file, doc.id) not in bad:
            out.setdefault(doc.id, doc)
    return list(out.values())


def _context(
    side: Side, docs: Iterable[Document], as_of: date, settings: ReportSettings
) -> ReportContext:
    problems = side.problems
    return ReportContext(
        side.revision, Inventory(_valid(side, docs)), as_of, settings, lambda: problems
    )


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _references(inventory: Inventory, docs: list[Document]) -> list[Document]:
    """The reference documents (``REFERENCE_KINDS``) ``docs`` name anywhere in their spec or
    relations, and the contracts whose ``covers`` names one of them."""
    ids = {d.id for d in docs}
    named = {s for d in docs for s in _strings([d.spec, d.data.get("relations")])}
    out = [d for i in sorted(named) if (d := inventory.get(i)) is not None]
    out += [
        c
        for c in inventory.of_kind("Contract")
        if ids.intersection(s for s in _strings(c.spec.get("covers")))
    ]
    return [d for d in out if d.kind in REFERENCE_KINDS]


@dataclass(slots=True)
class Change:
    before: Any
    after: Any

    def to_json(self) -> dict[str, Any]:
        return {"before": self.before, "after": self.after}


@dataclass(slots=True)
class LicenseDelta:
    before: LicenseRow | None
    after: LicenseRow | None

    @property
    def row(self) -> LicenseRow:
        row = self.after or self.before
        assert row is not None
        return row

    def _amount(self, row: LicenseRow | None, attr: str) -> Decimal:
        money: Money | None = getattr(row, attr) if row is not None else None
        return money.amount if money is not None else Decimal(0)

    def change(self, attr: str) -> Decimal:
        return self._amount(self.after, attr) - self._amount(self.before, attr)

    def get(self, row: LicenseRow | None, attr: str) -> Any:
        return getattr(row, attr) if row is not None else None

    def to_json(self) -> dict[str, Any]:
        row = self.row
        currency = row.unit_price.currency if row.unit_price else None
        out: dict[str, Any] = {
            "id": row.id,
            "name": row.name,
            "metric": row.metric,
            "period": row.period,
            "currency": currency,
        }
        for attr in ("consumed", "entitled", "position"):
            out[attr] = Change(self.get(self.before, attr), self.get(self.after, attr)).to_json()
        for attr in ("true_up", "savings"):
            out[attr] = {
                "before": plain(self._amount(self.before, attr)),
                "after": plain(self._amount(self.after, attr)),
                "change": plain(self.change(attr)),
            }
        return out


@dataclass(slots=True)
class Delta:
    licenses: list[LicenseDelta] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reassigned: list[str] = field(default_factory=list)
    book_value: dict[str, Change] = field(default_factory=dict)  # currency -> Decimals
    next_12_months: dict[str, Change] = field(default_factory=dict)
    eol_new: list[dict[str, str]] = field(default_factory=list)
    eol_left: list[dict[str, str]] = field(default_factory=list)
    warranty_lost: list[str] = field(default_factory=list)
    warranty_gained: list[str] = field(default_factory=list)
    #: Deployed and covered before, retired, disposed or removed now: cover no longer needed.
    released: list[str] = field(default_factory=list)
    health: dict[str, Change] = field(default_factory=dict)  # dimension or "overall"

    def license_totals(self, attr: str) -> list[tuple[str, str, Decimal]]:
        """(currency, period, change) of the true-up or savings, per currency and period."""
        sums: dict[tuple[str, str], Decimal] = {}
        for item in self.licenses:
            row = item.row
            if row.unit_price is None or row.period is None:
                continue
            key = (row.unit_price.currency, row.period)
            sums[key] = sums.get(key, Decimal(0)) + item.change(attr)
        return [(c, p, v) for (c, p), v in sorted(sums.items()) if v]

    @property
    def money_moved(self) -> bool:
        return bool(
            self.license_totals("true_up")
            or self.license_totals("savings")
            or any(c.before != c.after for c in self.book_value.values())
            or self.eol_new
            or self.eol_left
            or self.warranty_lost
            or self.warranty_gained
            or self.released
        )

    def to_json(self) -> dict[str, Any]:
        def amounts(changes: dict[str, Change]) -> list[dict[str, str]]:
            return [
                {
                    "currency": cur,
                    "before": plain(c.before),
                    "after": plain(c.after),
                    "change": plain(c.after - c.before),
                }
                for cur, c in sorted(changes.items())
            ]

        def totals(attr: str) -> list[dict[str, str]]:
            return [
                {"currency": c, "period": p, "change": plain(v)}
                for c, p, v in self.license_totals(attr)
            ]

        return {
            "scope": "changed documents and what they reference",
            "licenses": {
                "changes": [item.to_json() for item in self.licenses],
                "true_up": totals("true_up"),
                "savings": totals("savings"),
            },
            "assets": {
                "added": self.added,
                "retired": self.retired,
                "removed": self.removed,
                "reassigned": self.reassigned,
                "book_value": amounts(self.book_value),
                "next_12_months": amounts(self.next_12_months),
            },
            "lifecycle": {
                "eol_new": self.eol_new,
                "eol_left": self.eol_left,
                "warranty_lost": self.warranty_lost,
                "warranty_gained": self.warranty_gained,
                "warranty_released": self.released,
            },
            "health": {
                "scope": "changed documents",
                **{name: c.to_json() for name, c in self.health.items()},
            },
        }


def compute(
    diff: DiffResult, base: Side, head: Side, as_of: date, settings: ReportSettings
) -> Delta:
    delta = Delta()
    changed = {c.id for c in diff.changes if c.changed_content}
    _licenses(delta, changed, base, head, as_of, settings)
    focus = []
    for side in (base, head):
        docs = _docs(side.inventory, changed)
        refs = _references(side.inventory, docs)
        focus.append(
            _context(side, [*docs, *refs, *_references(side.inventory, refs)], as_of, settings)
        )
    _assets(delta, diff, focus[0], focus[1])
    _lifecycle(delta, focus[0], focus[1])
    _health(delta, changed, base, head, as_of, settings)
    return delta


def _docs(inventory: Inventory, ids: Iterable[str]) -> list[Document]:
    return [doc for i in sorted(ids) if (doc := inventory.get(i)) is not None]


def _licenses(
    delta: Delta, changed: set[str], base: Side, head: Side, as_of: date, settings: ReportSettings
) -> None:
    touched: set[str] = set()
    for side in (base, head):
        for doc in _docs(side.inventory, changed):
            if doc.kind == "SoftwareLicense":
                touched.add(doc.id or "")
            edges = side.inventory.edges_of(doc.id or "")
            touched.update(e.target for e in edges if e.type == licenses.USES_LICENSE)
    if not touched:  # the usual change: no pass over every relation of either side
        return
    uses = [
        [e for e in side.inventory.edges if e.type == licenses.USES_LICENSE]
        for side in (base, head)
    ]
    rows: list[dict[str, LicenseRow]] = []
    for side, edges in zip((base, head), uses, strict=True):
        consumers = {e.source for e in edges if e.target in touched}
        lic_docs = _docs(side.inventory, touched)
        refs = {str(d.spec.get(k)) for d in lic_docs for k in ("product", "vendor")}
        ctx = _context(side, _docs(side.inventory, touched | consumers | refs), as_of, settings)
        rows.append({r.id: r for r in licenses.build(ctx).rows})
    for ident in sorted(touched):
        before, after = rows[0].get(ident), rows[1].get(ident)
        if before is None and after is None:
            continue
        if before is not None and after is not None and before.to_json() == after.to_json():
            continue
        delta.licenses.append(LicenseDelta(before, after))


def _assets(delta: Delta, diff: DiffResult, base: ReportContext, head: ReportContext) -> None:
    for change in diff.changes:
        old, new = base.inventory.get(change.id), head.inventory.get(change.id)
        if "HardwareAsset" not in {d.kind for d in (old, new) if d is not None}:
            continue
        if old is None:
            delta.added.append(change.id)
        elif new is None:
            delta.removed.append(change.id)
        elif status_of(new) in GONE and status_of(old) not in GONE:
            delta.retired.append(change.id)
        elif any(
            f.path.startswith(("spec.assigned_to", "metadata.owner", "spec.cost_center"))
            for f in change.fields
        ):
            delta.reassigned.append(change.id)
    values = [depreciation.build(ctx) for ctx in (base, head)]
    for attr, target in (("book", delta.book_value), ("next_12_months", delta.next_12_months)):
        sums = []
        for report in values:
            totals = Totals()
            totals.extend(
                Money(a.currency, getattr(a, attr)) for a in report.assets if a.status not in GONE
            )
            sums.append(totals)
        for currency in sorted({m.currency for t in sums for m in t}):
            before, after = sums[0].get(currency), sums[1].get(currency)
            if before != after:
                target[currency] = Change(before, after)


def _eol(ctx: ReportContext) -> dict[tuple[str, str], dict[str, str]]:
    out = {}
    for group in lifecycle.build(ctx).software:
        for ci in group.cis:
            out[(ci.id, group.product)] = {
                "id": ci.id,
                "product": group.product,
                "version": ci.version,
                "status": group.status,
                "eol": group.eol.isoformat(),
            }
    return out


def _uncovered(ctx: ReportContext) -> tuple[set[str], set[str]]:
    """(deployed hardware, the part of it without warranty cover)."""
    deployed = {
        a.id or "" for a in ctx.inventory.of_kind("HardwareAsset") if status_of(a) == "deployed"
    }
    rows = warranty.build(ctx).rows
    return deployed, {r.id for r in rows if r.status in UNCOVERED}


def _lifecycle(delta: Delta, base: ReportContext, head: ReportContext) -> None:
    before, after = _eol(base), _eol(head)
    delta.eol_new = [after[k] for k in sorted(after.keys() - before.keys())]
    delta.eol_left = [before[k] for k in sorted(before.keys() - after.keys())]
    (was, was_bare), (now, now_bare) = _uncovered(base), _uncovered(head)
    delta.warranty_lost = sorted((now & now_bare) & (was - was_bare))
    delta.warranty_gained = sorted((now - now_bare) & (was & was_bare))
    delta.released = sorted((was - was_bare) - now)


def _health(
    delta: Delta, changed: set[str], base: Side, head: Side, as_of: date, settings: ReportSettings
) -> None:
    reports = []
    for side in (base, head):
        ctx = _context(side, _docs(side.inventory, changed), as_of, settings)
        dims = [health.DIMENSIONS[name](ctx) for name in HEALTH_DIMENSIONS]
        reports.append(HealthReport(dimensions=dims, stale_days=settings.stale_days, shallow=False))
    before, after = ({d.name: d.score for d in r.dimensions} for r in reports)
    delta.health["overall"] = Change(_float(reports[0].overall), _float(reports[1].overall))
    for name in HEALTH_DIMENSIONS:
        delta.health[name] = Change(_float(before[name]), _float(after[name]))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
