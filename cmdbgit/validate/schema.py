"""``schema``: ``spec`` against its kind's JSON Schema, one problem per violation.

Messages are written here from the error kind rather than taken from the validator, so they
never echo a field's value (a value may be a secret).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cmdbgit.model.paths import FieldPath, format_path
from cmdbgit.model.problem import Problem
from cmdbgit.validate.context import CheckContext

RULE = "schema"


def check(ctx: CheckContext) -> Iterator[Problem]:
    settled = ctx.settled
    for doc in ctx.inventory.documents:
        if settled and doc.file in settled:
            continue  # judged clean before: same blob, same rules
        kind = doc.kind
        if kind is None or kind not in ctx.rules.kinds or ctx.loaded.is_broken(doc):
            continue
        spec = doc.data.get("spec")
        if spec is None:
            spec = {}
        elif not isinstance(spec, dict):
            continue  # the envelope layer reports a spec that is not a mapping
        validator = ctx.rules.kinds[kind].validator
        if validator.is_valid(spec):
            continue
        for error in validator.iter_errors(spec):
            yield from _problems(ctx, doc, error)


def _problems(ctx: CheckContext, doc: Any, error: Any) -> Iterator[Problem]:
    path: FieldPath = ("spec", *error.instance_path)
    name = type(error.kind).__name__
    where = format_path(path)
    if name == "AdditionalProperties":
        for key in error.kind.unexpected:
            yield ctx.problem(
                RULE, doc, (*path, key), f"unknown field {format_path((*path, key))!r}", at_key=True
            )
        return
    if name == "Required":
        missing = (*path, error.kind.property)
        yield ctx.problem(RULE, doc, missing, f"{format_path(missing)} is required", at_key=True)
        return
    yield ctx.problem(RULE, doc, path, f"{where}: {_describe(name, error)}")


def _describe(name: str, error: Any) -> str:
    kind = error.kind
    if name == "Type":
        expected = getattr(kind, "types", None) or getattr(kind, "value", None)
        return f"expected {_types(expected)}, found {_json_type(error.instance)}"
    if name == "Enum":
        options = ", ".join(str(o) for o in getattr(kind, "options", []) or [])
        return f"must be one of: {options}" if options else "is not one of the allowed values"
    if name == "Format":
        return f"is not a valid {getattr(kind, 'format', 'value')}"
    if name == "Pattern":
        return f"does not match the pattern {getattr(kind, 'pattern', '')}"
    if name in ("Minimum", "Maximum", "ExclusiveMinimum", "ExclusiveMaximum"):
        bound = getattr(kind, "limit", None)
        word = {
            "Minimum": "at least",
            "Maximum": "at most",
            "ExclusiveMinimum": "more than",
            "ExclusiveMaximum": "less than",
        }[name]
        return f"must be {word} {bound}"
    if name == "MinItems":
        return f"must have at least {getattr(kind, 'limit', '')} item(s)"
    if name in ("AnyOf", "OneOfNotValid"):
        return "does not match any allowed shape"
    message = str(error.message)
    return message if len(message) <= 120 else message[:117] + "..."


def _types(expected: Any) -> str:
    if isinstance(expected, list | tuple):
        return " or ".join(str(t) for t in expected)
    return str(expected)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "array" if isinstance(value, list) else "object"
