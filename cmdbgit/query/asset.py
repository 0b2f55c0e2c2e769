"""The asset and financial part of a ``show`` card: purchase, warranty, depreciation,
lifecycle and who holds it, evaluated as of a date.

Money and depreciation use the report modules' exact arithmetic, so the book value
on a card is the one the depreciation report prints.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cmdbgit.model.dates import days_left, months_elapsed, parse_date
from cmdbgit.model.document import Document
from cmdbgit.reports.depreciation_math import METHODS, accumulated
from cmdbgit.reports.money import Money, money_from, to_decimal


def asset_section(asset: Document, as_of: date, person: dict[str, Any] | None) -> dict[str, Any]:
    spec = asset.spec
    purchase = _mapping(spec.get("purchase"))
    cost = money_from(purchase.get("cost"))
    return {
        "id": asset.id,
        "name": asset.name,
        "serial": spec.get("serial"),
        "asset_tag": spec.get("asset_tag"),
        "model": spec.get("model"),
        "vendor": spec.get("vendor"),
        "cost_center": spec.get("cost_center"),
        "purchase": {
            "date": purchase.get("date"),
            "cost": _money(cost),
            "invoice": purchase.get("invoice"),
            "order": purchase.get("order"),
        },
        "warranty": _warranty(_mapping(spec.get("warranty")), as_of),
        "depreciation": _depreciation(
            _mapping(spec.get("depreciation")), cost, parse_date(purchase.get("date")), as_of
        ),
        "lifecycle": _mapping(spec.get("lifecycle")),
        "replacement_cost": _money(money_from(spec.get("replacement_cost"))),
        "assigned_to": person,
    }


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _money(money: Money | None) -> dict[str, str] | None:
    return None if money is None else {**money.to_json(), "display": money.display()}


def _warranty(warranty: dict[str, Any], as_of: date) -> dict[str, Any]:
    end = parse_date(warranty.get("end"))
    left = None if end is None else days_left(end, as_of)
    status = None if left is None else ("expired" if left < 0 else "active")
    return {
        "end": warranty.get("end"),
        "contract": warranty.get("contract"),
        "days_left": left,
        "status": status,
    }


def _depreciation(
    params: dict[str, Any], cost: Money | None, bought: date | None, as_of: date
) -> dict[str, Any] | None:
    if not params:
        return None
    method = params.get("method")
    life = params.get("life_months")
    out: dict[str, Any] = {
        "method": method,
        "life_months": life,
        "salvage_value": params.get("salvage_value"),
        "book_value": None,
    }
    schedule_of = METHODS.get(method) if isinstance(method, str) else None
    if cost is None or bought is None or schedule_of is None:
        return out
    if not isinstance(life, int) or isinstance(life, bool) or life < 1:
        return out
    salvage = to_decimal(params.get("salvage_value")) or Decimal(0)
    schedule = schedule_of(cost.amount, salvage, life)
    months = months_elapsed(bought, as_of)
    out["months_elapsed"] = months
    out["salvage"] = _money(Money(cost.currency, salvage))
    out["book_value"] = _money(Money(cost.currency, cost.amount - accumulated(schedule, months)))
    return out
