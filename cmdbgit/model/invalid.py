"""A pydantic ``ValidationError`` over YAML data -> (field path, message) pairs a user can act on.

pydantic's locations mix real keys with union tags (``('labels', 'env', 'list[str]')``); the
path kept is the longest prefix that walks the data, so each problem lands on the offending
value, and one value that fails every member of a union is reported once. Messages are in the
words of a YAML author, never pydantic's, and carry no path: every output shows the path
beside the message. Used for policies, policy tests and ``cmdbgit.yaml`` alike.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from cmdbgit.model.paths import FieldPath, format_path
from cmdbgit.model.redact import redact
from cmdbgit.model.schema_messages import found
from cmdbgit.model.suggest import did_you_mean

#: Messages worded for YAML authors rather than Python programmers, by pydantic error type.
_MESSAGES = {
    "missing": "this required field is missing",
    "date_type": "expected a date written YYYY-MM-DD, found {found}",
    "date_from_datetime_parsing": "{found} is not a date written YYYY-MM-DD",
    "date_parsing": "{found} is not a date written YYYY-MM-DD",
    "string_type": "expected a string, found {found}",
    "int_type": "expected an integer, found {found}",
    "int_parsing": "expected an integer, found {found}",
    "int_from_float": "expected a whole number, found {found}",
    "float_type": "expected a number, found {found}",
    "float_parsing": "expected a number, found {found}",
    "bool_type": "expected true or false, found {found}",
    "bool_parsing": "expected true or false, found {found}",
    "list_type": "expected a list, found {found}",
    "dict_type": "expected a mapping, found {found}",
    "model_type": "expected a mapping, found {found}",
    "model_attributes_type": "expected a mapping, found {found}",
    "greater_than_equal": "must be at least {ge}, found {found}",
    "greater_than": "must be more than {gt}, found {found}",
    "less_than_equal": "must be at most {le}, found {found}",
    "less_than": "must be less than {lt}, found {found}",
    "string_pattern_mismatch": "{found} is not of the expected form",
}


def errors(
    exc: ValidationError,
    data: Any,
    prefix: FieldPath = (),
    model: type[BaseModel] | None = None,
) -> Iterator[tuple[FieldPath, str]]:
    """(path under ``prefix``, message) for each distinct failing value; ``model`` (the one
    validated) lets an unknown field suggest the known one it was probably meant to be."""
    seen: set[FieldPath] = set()
    for error in exc.errors(include_url=False):
        path = _real_path(data, tuple(error["loc"]))
        if path in seen:
            continue
        seen.add(path)
        full = (*prefix, *path)
        yield full, _message(error, format_path(full) or "", path, model)


def _message(error: Any, where: str, path: FieldPath, model: type[BaseModel] | None) -> str:
    kind = str(error["type"])
    ctx = error.get("ctx") if isinstance(error.get("ctx"), dict) else {}
    shown = found(error.get("input"), where)
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else ""
        known = _fields_at(model, path[:-1]) if model is not None else ()
        return f"unknown field {redact(name)}{did_you_mean(name, known)}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        return f"must be {ctx.get('expected')}, found {shown}"
    if kind == "too_short":
        minimum = ctx.get("min_length", 1)
        return "must not be empty" if minimum == 1 else f"must have at least {minimum} items"
    if kind == "date_type" and isinstance(error.get("input"), str):
        return f"{shown} is not a valid date (YYYY-MM-DD)"  # e.g. 2027-02-30: YAML kept a string
    template = _MESSAGES.get(kind)
    if template is None:
        return f"{shown} is not allowed here"
    return template.format(found=shown, **{k: v for k, v in ctx.items() if k != "found"})


def _fields_at(model: type[BaseModel] | None, path: FieldPath) -> tuple[str, ...]:
    """The field names (as written in YAML) of the model found at ``path`` under ``model``."""
    for part in path:
        if model is None or not isinstance(part, str):
            return ()
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        model = _model_in(field.annotation) if field is not None else None
    if model is None:
        return ()
    return tuple(f.alias or n for n, f in model.model_fields.items())


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``Model | None`` (or the model itself)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = _model_in(arg)
            if inner is not None:
                return inner
    return None


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
