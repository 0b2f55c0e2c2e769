"""``warranty``: deployed hardware whose warranty has ended or ends within ``warranty_days``.

The warranty end is ``warranty.end``, else the end of the covering contract. The covering
contract is ``warranty.contract``, else the Contract whose ``covers`` lists the asset (the
one ending last). Deployed hardware with no warranty end at all is listed as ``unknown``:
nobody knows whether it is covered. Ended means the as-of date is after the end; "within"
includes day N.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from cmdbgit.model.dates import days_left, is_past, parse_date, within
from cmdbgit.model.document import Document
from cmdbgit.reports.context import ReportContext
from cmdbgit.reports.holders import (
    assigned_person,
    covering_contracts,
    status_of,
)
from cmdbgit.reports.model import CsvTable, Report, Table, cols

STATUS_RANK = {"expired": 0, "expiring": 1, "unknown": 2}


@dataclass(slots=True)
class WarrantyRow:
    id: str
    name: str
    model: str | None
    serial: str | None
    owner: str | None
    assigned_to: str | None
    assigned_name: str
    vendor: str | None
    vendor_name: str
    warranty_end: date | None
    days_left: int | None
    status: str
    contract: str | None
    contract_end: date | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "model": self.model,
            "serial": self.serial,
            "owner": self.owner,
            "assigned_to": self.assigned_to,
            "vendor": self.vendor,
            "vendor_name": self.vendor_name,
            "warranty_end": _iso(self.warranty_end),
            "days_left": self.days_left,
            "status": self.status,
            "contract": self.contract,
            "contract_end": _iso(self.contract_end),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(slots=True)
class WarrantyReport(Report):
    name: ClassVar[str] = "warranty"
    title: ClassVar[str] = "Warranty"
    rows: list[WarrantyRow]
    horizon: int

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def payload(self) -> dict[str, Any]:
        return {
            "settings": {"warranty_days": self.horizon},
            "summary": {s: self.count(s) for s in STATUS_RANK},
            "assets": [r.to_json() for r in self.rows],
        }

    def summary(self) -> list[tuple[str, str]]:
        return [
            ("Warranty ended", str(self.count("expired"))),
            (f"Ending within {self.horizon} days", str(self.count("expiring"))),
            ("No warranty end recorded", str(self.count("unknown"))),
        ]

    def tables(self) -> list[Table]:
        return [
            Table(
                f"Deployed hardware out of warranty or within {self.horizon} days of it",
                cols(
                    "Asset",
                    "Name",
                    "Owner",
                    "Assigned to",
                    "Vendor",
                    "Warranty end",
                    "Days left",
                    "Status",
                    "Contract",
                    "Contract end",
                    numeric=("Days left",),
                ),
                [
                    (
                        r.id,
                        r.name,
                        r.owner or "—",
                        r.assigned_name or "—",
                        r.vendor_name or "—",
                        _iso(r.warranty_end) or "—",
                        "—" if r.days_left is None else str(r.days_left),
                        r.status,
                        r.contract or "—",
                        _iso(r.contract_end) or "—",
                    )
                    for r in self.rows
                ],
                "Every deployed asset is under warranty beyond the horizon.",
            )
        ]

    def csv(self) -> CsvTable:
        header = (
            "id",
            "name",
            "model",
            "serial",
            "owner",
            "assigned_to",
            "vendor",
            "warranty_end",
            "days_left",
            "status",
            "contract",
            "contract_end",
        )
        return CsvTable(
            header,
            [
                (
                    r.id,
                    r.name,
                    r.model or "",
                    r.serial or "",
                    r.owner or "",
                    r.assigned_to or "",
                    r.vendor or "",
                    _iso(r.warranty_end) or "",
                    "" if r.days_left is None else str(r.days_left),
                    r.status,
                    r.contract or "",
                    _iso(r.contract_end) or "",
                )
                for r in self.rows
            ],
        )


def _row(
    ctx: ReportContext, asset: Document, contract: Document | None, person: str | None
) -> WarrantyRow | None:
    warranty = asset.spec.get("warranty")
    warranty = warranty if isinstance(warranty, dict) else {}
    contract_end = parse_date(contract.spec.get("end")) if contract is not None else None
    end = parse_date(warranty.get("end")) or contract_end
    if end is None:
        status = "unknown"
    elif is_past(end, ctx.as_of):
        status = "expired"
    elif within(end, ctx.as_of, ctx.settings.warranty_days):
        status = "expiring"
    else:
        return None
    vendor = _text(asset.spec.get("vendor")) or (
        _text(contract.spec.get("vendor")) if contract is not None else None
    )
    named_contract = _text(warranty.get("contract"))
    return WarrantyRow(
        id=asset.id or "",
        name=asset.name,
        model=_text(asset.spec.get("model")),
        serial=_text(asset.spec.get("serial")),
        owner=asset.owner,
        assigned_to=person,
        assigned_name=ctx.name_of(person),
        vendor=vendor,
        vendor_name=ctx.name_of(vendor),
        warranty_end=end,
        days_left=days_left(end, ctx.as_of) if end is not None else None,
        status=status,
        contract=contract.id if contract is not None else named_contract,
        contract_end=contract_end,
    )


def build(ctx: ReportContext) -> WarrantyReport:
    managed = ctx.managed_by_asset()
    covering = covering_contracts(ctx.inventory)
    rows = []
    for asset in ctx.inventory.of_kind("HardwareAsset"):
        if status_of(asset) != "deployed":
            continue
        warranty = asset.spec.get("warranty")
        named = warranty.get("contract") if isinstance(warranty, dict) else None
        contract = ctx.inventory.get(named) if isinstance(named, str) else None
        if contract is None and not isinstance(named, str):
            contract = next(iter(covering.get(asset.id or "", ())), None)
        row = _row(ctx, asset, contract, assigned_person(asset, managed))
        if row is not None:
            rows.append(row)
    rows.sort(key=lambda r: (STATUS_RANK[r.status], r.warranty_end or date.max, r.id))
    return WarrantyReport(rows=rows, horizon=ctx.settings.warranty_days, notes=[])
