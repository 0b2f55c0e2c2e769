"""A pydantic ``ValidationError`` over YAML data -> (field path, message) pairs a user can act on.

pydantic's locations mix real keys with union tags (``('labels', 'env', 'list[str]')``); the
path kept is the longest prefix that walks the data, so each problem lands on the offending
value, and one value that fails every member of a union is reported once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from cmdbgit.model.paths import FieldPath, format_path

#: Messages worded for YAML authors rather than Python programmers.
_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "too_short": "must not be empty",
}


def errors(
    exc: ValidationError, data: Any, prefix: FieldPath = ()
) -> Iterator[tuple[FieldPath, str]]:
    """(path under ``prefix``, message) for each distinct failing value."""
    seen: set[FieldPath] = set()
    for error in exc.errors(include_url=False):
        path = _real_path(data, tuple(error["loc"]))
        if path in seen:
            continue
        seen.add(path)
        full = (*prefix, *path)
        where = format_path(full) or "document"
        kind = str(error["type"])
        if kind == "value_error":
            text = str(error["msg"]).removeprefix("Value error, ")
            yield full, text if not path else f"{where}: {text}"
            continue
        text = _MESSAGES.get(kind) or str(error["msg"])
        if kind == "too_short" and isinstance(error.get("ctx"), dict):
            minimum = error["ctx"].get("min_length", 1)
            text = "must not be empty" if minimum == 1 else f"must have at least {minimum} items"
        if kind == "literal_error" and isinstance(error.get("ctx"), dict):
            yield full, f"{where} must be {error['ctx'].get('expected')}"
            continue
        if kind == "extra_forbidden":
            yield full, f"unknown field {where!r}"
            continue
        yield full, f"{where} {text}" if kind in _MESSAGES else f"{where}: {text}"


def _real_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    node = data
    out: list[str | int] = []
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str):
            if part in node:
                out.append(part)
                node = node[part]
                continue
            if last:
                out.append(part)  # a missing key: the path names it
            # otherwise a union tag on a mapping: skip it and keep walking
            continue
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
            continue
        break  # a tag under a scalar, or a path into a value that is not a container
    return tuple(out)
