"""Field-level differences between two versions of one document (SPEC §7 path grammar).

* mapping keys are dotted: ``spec.os.version`` (a key that is not a plain word is quoted:
  ``metadata.labels["app.kubernetes.io/name"]``);
* list items of scalars by index: ``spec.members[2]``; insertions and deletions are aligned
  (a removed first member is one change, not a shift of every later index);
* list items of mappings by their identity key when every item has a distinct one
  (``id``, ``version``, ``product``, ``name``): ``spec.versions[version=22.04].eol``;
  otherwise by index. Matching by identity ignores the items' order.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from typing import Any

from cmdbgit.diff.model import FieldChange
from cmdbgit.diff.redact import redact

IDENTITY_KEYS = ("id", "version", "product", "name")
#: Top-level keys compared elsewhere: the id matches documents, relations are edges.
_NOT_FIELDS = frozenset({"relations"})
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def document_fields(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Every field that differs between two versions of a document, relations excluded;
    values that look like secrets (by their key names or shape) are redacted."""
    left = {k: v for k, v in old.items() if k not in _NOT_FIELDS}
    right = {k: v for k, v in new.items() if k not in _NOT_FIELDS}
    return list(_diff(left, right, "", ()))


def _change(path: str, names: tuple[str, ...], old: Any, new: Any) -> FieldChange:
    return FieldChange(path, redact(old, names), redact(new, names))


def key_path(prefix: str, key: object) -> str:
    text = str(key)
    if not _PLAIN_KEY.match(text):
        return f"{prefix}[{json.dumps(text, ensure_ascii=False)}]"
    return f"{prefix}.{text}" if prefix else text


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def same(old: Any, new: Any) -> bool:
    """Equal values of equal types all the way down (``1``, ``1.0`` and ``true`` differ)."""
    if type(old) is not type(new):
        return False
    if isinstance(old, dict):
        return old.keys() == new.keys() and all(same(v, new[k]) for k, v in old.items())
    if isinstance(old, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    return bool(old == new)


def _diff(old: Any, new: Any, path: str, names: tuple[str, ...]) -> Iterator[FieldChange]:
    """``names`` are the mapping keys on the way to ``path`` (for redaction)."""
    if same(old, new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(k for k in old if k not in new)]:
            yield from _diff(old.get(key), new.get(key), key_path(path, key), (*names, str(key)))
    elif isinstance(old, list) and isinstance(new, list):
        yield from _diff_list(old, new, path, names)
    else:
        yield _change(path, names, old, new)


def _diff_list(
    old: list[Any], new: list[Any], path: str, names: tuple[str, ...]
) -> Iterator[FieldChange]:
    identity = _identity_key(old, new)
    if identity is not None:
        yield from _by_identity(old, new, path, names, identity)
    elif all(_hashable(v) for v in (*old, *new)):
        yield from _aligned(old, new, path, names)
    else:
        for index in range(max(len(old), len(new))):
            left = old[index] if index < len(old) else None
            right = new[index] if index < len(new) else None
            yield from _diff(left, right, f"{path}[{index}]", names)


def _hashable(value: object) -> bool:
    return not isinstance(value, dict | list)


def _identity_key(old: list[Any], new: list[Any]) -> str | None:
    """The identity key that matches the most items; None when the items are not all
    mappings with a distinct scalar value for one of ``IDENTITY_KEYS``."""
    items = [*old, *new]
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    best: tuple[int, str] | None = None
    for key in IDENTITY_KEYS:
        olds = [item.get(key) for item in old]
        news = [item.get(key) for item in new]
        values = [*olds, *news]
        if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
            continue
        if len(set(olds)) != len(olds) or len(set(news)) != len(news):
            continue
        matched = len(set(olds) & set(news))
        if best is None or matched > best[0]:
            best = (matched, key)
    return best[1] if best else None


def _by_identity(
    old: list[Any], new: list[Any], path: str, names: tuple[str, ...], key: str
) -> Iterator[FieldChange]:
    before = {item[key]: item for item in old}
    after = {item[key]: item for item in new}
    for value, item in after.items():
        where = f"{path}[{key}={_scalar_text(value)}]"
        if value in before:
            yield from _diff(before[value], item, where, names)
        else:
            yield _change(where, names, None, item)
    for value, item in before.items():
        if value not in after:
            yield _change(f"{path}[{key}={_scalar_text(value)}]", names, item, None)


def _aligned(
    old: list[Any], new: list[Any], path: str, names: tuple[str, ...]
) -> Iterator[FieldChange]:
    """Scalar lists by index, with insertions and deletions aligned. A deleted item is named
    by its index in the base, an inserted or replaced one by its index in the head."""
    # Compare (type, value) so 1 and True and 1.0 stay different items.
    matcher = difflib.SequenceMatcher(
        a=[(type(v).__name__, v) for v in old],
        b=[(type(v).__name__, v) for v in new],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1)
        for offset in range(pairs):
            yield _change(f"{path}[{j1 + offset}]", names, old[i1 + offset], new[j1 + offset])
        for index in range(i1 + pairs, i2):
            yield _change(f"{path}[{index}]", names, old[index], None)
        for index in range(j1 + pairs, j2):
            yield _change(f"{path}[{index}]", names, None, new[index])
