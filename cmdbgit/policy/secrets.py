"""Finding plaintext secrets in a document — by field name and by the shape of the value.

Used by the ``no-plaintext-secrets`` rule. The judgement of one value is
``cmdbgit.model.redact``'s, the same every output redacts with; this module walks a document
and knows which of its fields are references. A finding names the field and *why* it looks
secret; it never carries the value.

Not secrets: ids (``metadata.id``, ``metadata.owner``, relation targets and every ``x-ref``
field), and fields named ``serial``, ``asset_tag`` or ``key_ref`` (a reference into a secret
store). Hex-only strings (digests, commit ids, UUIDs, MAC addresses) are not judged by shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from cmdbgit.model.kinds import KindSchema
from cmdbgit.model.paths import FieldPath, expand_pattern
from cmdbgit.model.redact import (
    NOT_SECRET_FIELDS,
    REDACTED,
    judge,
    possible_in_json,
    secret_name,
    secret_shape,
    shape_possible,
)

__all__ = [
    "REDACTED",
    "Finding",
    "find_secrets",
    "judge",
    "redact",
    "secret_name",
    "secret_shape",
    "worth_a_look",
]

#: Documents whose JSON text ``worth_a_look`` searches at once: about a megabyte, so the
#: searches' copies of it stay small whatever the inventory's size.
_BATCH = 2_000
_ENCODE = msgspec.json.Encoder().encode
_UNJUDGED = frozenset({"apiVersion", "kind", "relations"})


@dataclass(frozen=True, slots=True)
class Finding:
    path: FieldPath
    why: str


def find_secrets(data: Any, schema: KindSchema | None = None) -> Iterator[Finding]:
    """Every field of a document that looks like a plaintext secret, in document order."""
    if not isinstance(data, dict):
        return
    # First, cheaply, whether there is anything to find: most documents hold no value that
    # could be a secret by its shape and no field named like one. Only then are the values
    # walked with their paths.
    strings: list[str] = []
    names: set[object] = set()
    for key, value in data.items():
        if key not in _UNJUDGED:
            names.add(key)
            _gather(value, strings, names)
    if not shape_possible("\n".join(strings)) and not _secret_name_among(names):
        return
    skip: set[FieldPath] = {("metadata", "id"), ("metadata", "owner")}
    if schema is not None:
        for ref in schema.refs:
            skip.update(path for path, _ in expand_pattern(data, ref.pattern))
    leaves: list[tuple[FieldPath, str, Any]] = []
    for key, value in data.items():
        if key not in _UNJUDGED:
            _leaves(value, (key,), key if isinstance(key, str) else "", skip, leaves)
    texts = [value for _, _, value in leaves if isinstance(value, str)]
    shaped = shape_possible("\n".join(texts))
    for path, name, value in leaves:
        if shaped or secret_name(name):
            why = judge(name, value)
            if why:
                yield Finding(path, why)


def worth_a_look(datas: Sequence[Any]) -> list[bool]:
    """For each document's data, whether ``find_secrets`` may find anything in it: False only
    where it finds nothing. Most documents are settled by a few searches over the JSON text
    of thousands of them at once (``redact.possible_in_json``), about twice as fast as the
    search ``find_secrets`` makes in each; a document whose JSON is not ASCII (where
    case-insensitive matching reaches beyond ASCII) or that JSON cannot hold is left to it."""
    look = [True] * len(datas)
    for first in range(0, len(datas), _BATCH):
        texts: list[bytes] = []
        numbers: list[int] = []
        for number in range(first, min(first + _BATCH, len(datas))):
            data = datas[number]
            if not isinstance(data, dict):
                look[number] = False  # nothing to find (``find_secrets``)
                continue
            try:  # what ``find_secrets`` judges: neither the envelope nor the relations
                text = _ENCODE([(k, v) for k, v in data.items() if k not in _UNJUDGED])
            except (TypeError, ValueError, OverflowError):
                continue
            if text.isascii():
                texts.append(text)
                numbers.append(number)
        for number, possible in zip(numbers, possible_in_json(texts), strict=True):
            look[number] = possible
    return look


#: Field names found not to mark a secret. An inventory repeats a few hundred names in every
#: document: one set difference per document then leaves nothing to judge. Bounded: a
#: hostile inventory's millions of distinct names are judged one by one instead.
_PLAIN_NAMES: set[object] = set()
_PLAIN_NAMES_CAP = 1 << 16


def _secret_name_among(names: set[object]) -> bool:
    for name in names - _PLAIN_NAMES:
        if isinstance(name, str) and secret_name(name):
            return True
        if len(_PLAIN_NAMES) < _PLAIN_NAMES_CAP:
            _PLAIN_NAMES.add(name)
    return False


def _gather(node: Any, strings: list[str], names: set[object]) -> None:
    """Every string value and every key under ``node`` (a superset of what is judged)."""
    if isinstance(node, dict):
        names.update(node)
        for value in node.values():
            if isinstance(value, str):
                strings.append(value)
            elif isinstance(value, dict | list):
                _gather(value, strings, names)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, str):
                strings.append(item)
            elif isinstance(item, dict | list):
                _gather(item, strings, names)
    elif isinstance(node, str):
        strings.append(node)


def _leaves(
    node: Any,
    path: FieldPath,
    name: str,
    skip: set[FieldPath],
    out: list[tuple[FieldPath, str, Any]],
) -> None:
    """The scalar values under ``node`` with their paths and the nearest field name (a value
    is judged under it), but those in ``skip`` and under not-secret fields."""
    if path in skip:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str):
                if key.lower() in NOT_SECRET_FIELDS:
                    continue
                _leaves(value, (*path, key), key, skip, out)
            else:
                _leaves(value, (*path, key), name, skip, out)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            _leaves(item, (*path, index), name, skip, out)
    else:
        out.append((path, name, node))


def redact(data: Any, schema: KindSchema | None = None) -> Any:
    """A copy of a document's data with every flagged value replaced by ``<redacted>``."""
    flagged = {f.path for f in find_secrets(data, schema)}
    if not flagged:
        return data

    def copy(node: Any, path: FieldPath) -> Any:
        if path in flagged:
            return REDACTED
        if isinstance(node, dict):
            return {k: copy(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [copy(v, (*path, i)) for i, v in enumerate(node)]
        return node

    return copy(data, ())
