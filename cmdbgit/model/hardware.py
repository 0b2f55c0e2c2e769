"""What a piece of hardware inherits from the ``HardwareModel`` its ``spec.hardware_model``
names when it states nothing of its own: its end of life (the model's ``end_of_support``)
and its depreciation life (the model's ``depreciation_life_months``).

One definition for every reader (the lifecycle and depreciation reports, the
``lifecycle-supported`` rule), so they can never disagree on when a device stops being
supported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cmdbgit.model.dates import parse_date
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory

MODEL_KIND = "HardwareModel"


@dataclass(frozen=True, slots=True)
class EndOfLife:
    day: date
    #: The HardwareModel the date comes from; None when the document states its own.
    model: Document | None = None

    @property
    def path(self) -> tuple[str, ...]:
        """Where the date is written: on the document, or the reference to its model."""
        return ("spec", "hardware_model") if self.model else ("spec", "lifecycle", "eol")


def hardware_model(doc: Document, inventory: Inventory) -> Document | None:
    """The HardwareModel ``doc`` names; None when it names none (a dangling or wrong-kind
    reference is the references layer's finding)."""
    ident = doc.spec.get("hardware_model")
    model = inventory.get(ident) if isinstance(ident, str) else None
    return model if model is not None and model.kind == MODEL_KIND else None


def end_of_life(doc: Document, inventory: Inventory) -> EndOfLife | None:
    lifecycle = doc.spec.get("lifecycle")
    own = parse_date(lifecycle.get("eol")) if isinstance(lifecycle, dict) else None
    if own is not None:
        return EndOfLife(own)
    model = hardware_model(doc, inventory)
    if model is None:
        return None
    day = parse_date(model.spec.get("end_of_support"))
    return EndOfLife(day, model) if day is not None else None


def depreciation_life(doc: Document, inventory: Inventory) -> object:
    """``spec.depreciation.life_months``, else the model's default (unchecked: the caller
    judges the value)."""
    depreciation = doc.spec.get("depreciation")
    own = depreciation.get("life_months") if isinstance(depreciation, dict) else None
    if own is not None:
        return own
    model = hardware_model(doc, inventory)
    return model.spec.get("depreciation_life_months") if model is not None else None
