"""Finding one document by id, with a helpful one-line error when there is none."""

from __future__ import annotations

from collections.abc import Iterable

from cmdbgit.errors import UsageError
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.suggest import did_you_mean


def no_such_id(ident: str, known: Iterable[str]) -> UsageError:
    """``no document with id 'x'`` plus the closest ids, for a typo."""
    return UsageError(f"no document with id {ident!r}{did_you_mean(ident, known)}")


def require(inventory: Inventory, ident: str) -> Document:
    doc = inventory.get(ident)
    if doc is None:
        raise no_such_id(ident, inventory.by_id)
    return doc
