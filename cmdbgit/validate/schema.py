"""``schema``: ``spec`` against its kind's JSON Schema, one problem per violation.

Messages are written by ``model/schema_messages`` from the error kind, never taken from the
validator, whose text quotes the value (a value may be a secret).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cmdbgit.model.paths import FieldPath, format_path, get_path
from cmdbgit.model.problem import Problem
from cmdbgit.model.schema_messages import describe, schema_node, unknown_field
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
            yield from _problems(ctx, doc, error, spec)


def _problems(ctx: CheckContext, doc: Any, error: Any, spec: Any) -> Iterator[Problem]:
    path: FieldPath = ("spec", *error.instance_path)
    name = type(error.kind).__name__
    root = ctx.rules.kinds[doc.kind].schema
    if name in ("AdditionalProperties", "UnevaluatedProperties"):
        node = schema_node(root, list(error.schema_path))
        for key in error.kind.unexpected:
            yield ctx.problem(RULE, doc, (*path, key), unknown_field(key, node), at_key=True)
        return
    if name == "Required":
        missing = (*path, error.kind.property)
        yield ctx.problem(RULE, doc, missing, "this required field is missing", at_key=True)
        return
    value = get_path(spec, tuple(error.instance_path))
    message = describe(error, value, format_path(path) or "", root)
    yield ctx.problem(RULE, doc, path, message)
