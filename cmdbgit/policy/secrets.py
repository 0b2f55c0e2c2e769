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

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cmdbgit.model.kinds import KindSchema
from cmdbgit.model.paths import FieldPath, expand_pattern
from cmdbgit.model.redact import (
    NOT_SECRET_FIELDS,
    REDACTED,
    judge,
    secret_name,
    secret_shape,
    shape_possible,
)

__all__ = ["REDACTED", "Finding", "find_secrets", "judge", "redact", "secret_name", "secret_shape"]


@dataclass(frozen=True, slots=True)
class Finding:
    path: FieldPath
    why: str


def find_secrets(data: Any, schema: KindSchema | None = None) -> Iterator[Finding]:
    """Every field of a document that looks like a plaintext secret, in document order."""
    if not isinstance(data, dict):
        return
    skip: set[FieldPath] = {("metadata", "id"), ("metadata", "owner")}
    if schema is not None:
        for ref in schema.refs:
            skip.update(path for path, _ in expand_pattern(data, ref.pattern))
    leaves: list[tuple[FieldPath, str, Any]] = []
    for key, value in data.items():
        if key not in ("apiVersion", "kind", "relations"):
            _leaves(value, (key,), key if isinstance(key, str) else "", skip, leaves)
    # One search over every string of the document spares a search per value: at 10^5
    # documents of ~12 values each, most documents have no value that could be a secret.
    texts = [value for _, _, value in leaves if isinstance(value, str)]
    shaped = shape_possible("\n".join(texts))
    for path, name, value in leaves:
        if shaped or secret_name(name):
            why = judge(name, value)
            if why:
                yield Finding(path, why)


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
