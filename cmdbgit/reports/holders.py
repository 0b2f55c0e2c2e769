"""Who holds a piece of hardware, and which contracts cover it — shared by several reports."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from cmdbgit.model.dates import parse_date
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory

#: Hardware in these lifecycle states is gone: nothing is held, nothing is replaced.
GONE = frozenset({"retired", "disposed"})


def status_of(doc: Document) -> str | None:
    lifecycle = doc.spec.get("lifecycle")
    status = lifecycle.get("status") if isinstance(lifecycle, dict) else None
    return status if isinstance(status, str) else None


def managed_by_asset(inventory: Inventory) -> dict[str, list[Document]]:
    """Asset id -> the CIs (an Endpoint, a Server …) whose ``spec.asset`` names it."""
    out: dict[str, list[Document]] = defaultdict(list)
    for doc in inventory.documents:
        asset = doc.spec.get("asset")
        if isinstance(asset, str):
            out[asset].append(doc)
    return out


def assigned_person(asset: Document, managed: dict[str, list[Document]]) -> str | None:
    """``assigned_to`` of the asset, else of a CI that is this asset (the laptop's Endpoint)."""
    own = asset.spec.get("assigned_to")
    if isinstance(own, str):
        return own
    for ci in managed.get(asset.id or "", ()):
        person = ci.spec.get("assigned_to")
        if isinstance(person, str):
            return person
    return None


def covering_contracts(inventory: Inventory) -> dict[str, list[Document]]:
    """Asset id -> Contracts whose ``covers`` lists it, latest end first."""
    out: dict[str, list[Document]] = defaultdict(list)
    for contract in inventory.of_kind("Contract"):
        covers = contract.spec.get("covers")
        for asset in covers if isinstance(covers, list) else ():
            if isinstance(asset, str):
                out[asset].append(contract)
    for contracts in out.values():
        contracts.sort(
            key=lambda c: (parse_date(c.spec.get("end")) or date.min, c.id or ""), reverse=True
        )
    return out
