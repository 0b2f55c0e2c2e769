"""The canonical key order of a document: the envelope (apiVersion, kind, metadata, spec,
relations), metadata (id, name, owner, labels, annotations, last_verified), ``spec`` in the
order of its kind schema's ``properties`` (nested objects too), relations as (type, target).

``mappings_to_order`` walks plain dicts and ruamel's ``CommentedMap`` alike, so the cheap
"already canonical?" test and the writer cannot disagree about the order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cmdbgit.model.kinds import KindSchema

ENVELOPE_ORDER = ("apiVersion", "kind", "metadata", "spec", "relations")
METADATA_ORDER = ("id", "name", "owner", "labels", "annotations", "last_verified")
RELATION_ORDER = ("type", "target")

#: (the mapping, its parent mapping or None, its key in the parent, the key order it wants)
Ordering = tuple[Any, Any, Any, tuple[str, ...]]


def mappings_to_order(document: Any, kinds: Mapping[str, KindSchema]) -> Iterator[Ordering]:
    """Every mapping of ``document`` that has a canonical key order, outermost first."""
    if not isinstance(document, dict):
        return
    yield document, None, None, ENVELOPE_ORDER
    metadata = document.get("metadata")
    if isinstance(metadata, dict):
        yield metadata, document, "metadata", METADATA_ORDER
    spec = document.get("spec")
    name = document.get("kind")
    kind = kinds.get(name) if isinstance(name, str) else None
    if isinstance(spec, dict) and kind is not None:
        yield from _by_schema(spec, document, "spec", kind.schema, kind.schema, 0)
    relations = document.get("relations")
    if isinstance(relations, list):
        for index, entry in enumerate(relations):
            if isinstance(entry, dict):
                yield entry, relations, index, RELATION_ORDER


_MAX_DEPTH = 16


def _by_schema(
    node: dict[str, Any], parent: Any, key: Any, schema: Any, root: Any, depth: int
) -> Iterator[Ordering]:
    schema = resolve(schema, root)
    props = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(props, dict) or depth > _MAX_DEPTH:
        return
    yield node, parent, key, tuple(props)
    for name, sub in props.items():
        value = node.get(name)
        if isinstance(value, dict):
            yield from _by_schema(value, node, name, sub, root, depth + 1)
        elif isinstance(value, list):
            items = resolve(sub, root).get("items") if isinstance(sub, dict) else None
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _by_schema(item, value, index, items, root, depth + 1)


def resolve(schema: Any, root: Any) -> Any:
    """Follow a local ``$ref`` (one hop is all the standard kinds use; two for safety)."""
    for _ in range(2):
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if not (isinstance(ref, str) and ref.startswith("#/")):
            break
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            break
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        schema = merged
    return schema


def in_order(keys: list[Any], order: tuple[str, ...]) -> bool:
    rank = {k: i for i, k in enumerate(order)}
    ranks = [rank.get(k, len(order)) for k in keys]
    return ranks == sorted(ranks)
