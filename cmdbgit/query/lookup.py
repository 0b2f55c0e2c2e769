"""Finding one document by id, with a helpful one-line error when there is none."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from cmdbgit.errors import UsageError
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory


def no_such_id(ident: str, known: Iterable[str]) -> UsageError:
    """``no document with id 'x'`` plus the closest ids, for a typo."""
    close = difflib.get_close_matches(ident, list(known), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    return UsageError(f"no document with id {ident!r}{hint}")


def require(inventory: Inventory, ident: str) -> Document:
    doc = inventory.get(ident)
    if doc is None:
        raise no_such_id(ident, inventory.by_id)
    return doc
