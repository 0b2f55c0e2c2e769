"""``get``: select documents by kind, labels and field values.

Values given on the command line are YAML 1.2 plain scalars, resolved exactly as the loader
resolves them, so ``--where spec.cpu_cores=8`` matches the integer 8 and ``--where
spec.virtual=true`` the boolean; there is no other coercion (``8`` never matches ``"8"``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cmdbgit.errors import UsageError
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.paths import get_path, parse_dotted
from cmdbgit.model.suggest import did_you_mean
from cmdbgit.parse.scalars import resolve_plain

_MISSING = object()


@dataclass(frozen=True, slots=True)
class Selector:
    """What ``get`` asks for. ``labels`` values of None mean "has the label"."""

    kind: str | None = None
    labels: tuple[tuple[str, str | None], ...] = ()
    where: tuple[tuple[tuple[str, ...], Any], ...] = ()


def parse_label(text: str) -> tuple[str, str | None]:
    """``env=prod`` -> ("env", "prod"); ``env`` -> ("env", None), i.e. the label is set."""
    key, sep, value = text.partition("=")
    if not key:
        raise UsageError(f"-l {text!r}: expected key=value or key")
    return key, (value if sep else None)


def parse_where(text: str) -> tuple[tuple[str, ...], Any]:
    """``spec.cpu_cores=8`` -> (("spec", "cpu_cores"), 8)."""
    path, sep, value = text.partition("=")
    parts = parse_dotted(path)
    if not sep or not parts:
        raise UsageError(f"--where {text!r}: expected path=value, e.g. spec.os.product=ubuntu")
    return parts, resolve_plain(value)


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


def _where_match(doc: Document, where: tuple[tuple[tuple[str, ...], Any], ...]) -> bool:
    return all(same(get_path(doc.data, path, _MISSING), value) for path, value in where)


def same(actual: Any, wanted: Any) -> bool:
    """Equality without coercion: a bool is not a number, a number is not a string; ints and
    floats compare as numbers (``8`` matches ``8.0``)."""
    if actual is _MISSING:
        return False
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return isinstance(actual, bool) and isinstance(wanted, bool) and actual == wanted
    if isinstance(actual, int | float) and isinstance(wanted, int | float):
        return actual == wanted
    return type(actual) is type(wanted) and bool(actual == wanted)
