"""A piece of hardware's end of life: its own ``spec.lifecycle.eol``, else the end of support
of the ``HardwareModel`` its ``spec.hardware_model`` names.

One definition for every reader (the lifecycle report, the ``lifecycle-supported`` rule), so
the two can never disagree on when a device stops being supported.
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


def end_of_life(doc: Document, inventory: Inventory) -> EndOfLife | None:
    lifecycle = doc.spec.get("lifecycle")
    own = parse_date(lifecycle.get("eol")) if isinstance(lifecycle, dict) else None
    if own is not None:
        return EndOfLife(own)
    ident = doc.spec.get("hardware_model")
    model = inventory.get(ident) if isinstance(ident, str) else None
    if model is None or model.kind != MODEL_KIND:
        return None  # a dangling or wrong-kind reference is the references layer's finding
    day = parse_date(model.spec.get("end_of_support"))
    return EndOfLife(day, model) if day is not None else None
