"""``get``: select documents by kind, labels and field values.

Field conditions (``--where``) live in ``conditions``; labels compare as equality without
coercion, like ``=`` there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cmdbgit.errors import UsageError
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.suggest import did_you_mean
from cmdbgit.query.conditions import Condition, same

_MISSING = object()


@dataclass(frozen=True, slots=True)
class Selector:
    """What ``get`` asks for. ``labels`` values of None mean "has the label"."""

    kind: str | None = None
    labels: tuple[tuple[str, str | None], ...] = ()
    where: tuple[Condition, ...] = ()


def parse_label(text: str) -> tuple[str, str | None]:
    """``env=prod`` -> ("env", "prod"); ``env`` -> ("env", None), i.e. the label is set."""
    key, sep, value = text.partition("=")
    if not key:
        raise UsageError(f"-l {text!r}: expected key=value or key")
    return key, (value if sep else None)


def resolve_kind(kind: str, known: Iterable[str]) -> str:
    """The kind as the registry spells it (``server`` -> ``Server``) or a one-line error."""
    names = sorted(set(known))
    if kind in names:
        return kind
    folded = {name.lower(): name for name in names}
    if kind.lower() in folded:
        return folded[kind.lower()]
    hint = did_you_mean(kind, names) or f" (known kinds: {', '.join(names)})"
    raise UsageError(f"unknown kind {kind!r}{hint}")


def select(inventory: Inventory, selector: Selector) -> list[Document]:
    """Documents with an id that match every condition, in file order."""
    return [
        doc
        for doc in inventory.documents
        if doc.id is not None and (selector.kind is None or doc.kind == selector.kind)
        if _labels_match(doc, selector.labels) and _where_match(doc, selector.where)
    ]


def _labels_match(doc: Document, labels: tuple[tuple[str, str | None], ...]) -> bool:
    have = doc.labels
    return all(
        key in have if value is None else same(have.get(key, _MISSING), value)
        for key, value in labels
    )


def _where_match(doc: Document, where: tuple[Condition, ...]) -> bool:
    return all(cond.matches(doc.data, doc.id) for cond in where)
