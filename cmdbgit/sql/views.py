"""One view per kind, its columns generated from the kind's schema.

``kind_server`` has the document's id, name, owner, file and labels, then one column per
field of ``spec``, nested objects flattened with ``_`` (``os_version``,
``purchase_cost_amount``); arrays and free-form objects stay JSON text. A user kind gets a
view as soon as its schema file exists. Names are snake case; a field that would clash with
an envelope column is prefixed ``spec_``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cmdbgit.model.kinds import KindRegistry, KindSchema
from cmdbgit.sql.dialects import Dialect

ENVELOPE_COLUMNS = ("source", "id", "name", "owner", "file", "line", "labels", "commit", "as_of")
_MAX_DEPTH = 4  # deeper objects stay JSON: a column name should still be readable


def snake(name: str) -> str:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_") or "field"


def view_name(kind: str) -> str:
    return f"kind_{snake(kind)}"


def spec_fields(schema: KindSchema) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path inside spec, JSON type) of every leaf field, in schema order."""
    yield from _walk(schema.schema, (), schema.schema)


def _walk(
    node: dict[str, Any], path: tuple[str, ...], root: dict[str, Any]
) -> Iterator[tuple[tuple[str, ...], str]]:
    node = _resolve(node, root)
    properties = node.get("properties")
    if isinstance(properties, dict) and properties and len(path) < _MAX_DEPTH:
        for key, child in properties.items():
            if isinstance(child, dict):
                yield from _walk(child, (*path, key), root)
        return
    if path:
        yield path, _json_type(node)


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        if isinstance(target, dict):
            return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _json_type(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else "json"
    return kind if isinstance(kind, str) else "json"


def view_sql(dialect: Dialect, schema: KindSchema) -> str:
    columns = [f"d.{_ident(c)} AS {_ident(c)}" for c in ENVELOPE_COLUMNS]
    taken = set(ENVELOPE_COLUMNS)
    for path, json_type in spec_fields(schema):
        name = snake("_".join(path))
        if name in taken:
            name = f"spec_{name}"
        while name in taken:
            name += "_"
        taken.add(name)
        columns.append(f"{dialect.field('d.spec', path, json_type)} AS {_ident(name)}")
    kind = schema.kind.replace("'", "''")
    return (
        f"CREATE VIEW {view_name(schema.kind)} AS SELECT {', '.join(columns)} "
        f"FROM documents d WHERE d.kind = '{kind}'"
    )


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def all_views(dialect: Dialect, kinds: KindRegistry) -> dict[str, str]:
    """View name -> its CREATE statement, for every kind."""
    return {view_name(kind): view_sql(dialect, kinds[kind]) for kind in sorted(kinds)}
