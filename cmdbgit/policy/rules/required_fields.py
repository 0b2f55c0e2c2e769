"""Matched documents must have every listed field, with a non-empty value.

``fields`` are dotted paths from the top of the document (``spec.purchase.date``,
``metadata.name``); a ``*`` step means every item of a list (``spec.software.*.version``).
A field counts as missing when it is absent, null, an empty string, list or mapping.

Fields the kind's own schema already requires are left to the ``schema`` layer, so one
missing field is never reported twice.

Example::

    rule: required-fields
    params: {fields: [spec.purchase.date, spec.purchase.cost, spec.vendor]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field, StrictStr

from cmdbgit.model.paths import FieldPath, parse_dotted
from cmdbgit.policy.context import BuiltinRule, RuleContext, RuleParams, Violation


class Params(RuleParams):
    fields: list[StrictStr] = Field(
        min_length=1, description="dotted paths that must be present and non-empty"
    )


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    patterns = [parse_dotted(f) for f in params.fields]
    for doc in ctx.documents:
        schema = ctx.facts.kinds.get(doc.kind or "")
        schema_required = set(schema.required) if schema else set()
        for pattern in patterns:
            if pattern in schema_required:
                continue
            for path in _missing(doc.data, pattern, ()):
                yield Violation(doc, path, "is required by this policy")


def _missing(node: Any, rest: tuple[str, ...], prefix: FieldPath) -> Iterator[FieldPath]:
    """The concrete paths under which ``rest`` is missing; ``*`` fans out over list items."""
    if not rest:
        if _empty(node):
            yield prefix
        return
    head, tail = rest[0], rest[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _missing(item, tail, (*prefix, index))
        return
    if not isinstance(node, dict) or head not in node:
        yield (*prefix, head, *tail) if "*" not in tail else (*prefix, head)
        return
    yield from _missing(node[head], tail, (*prefix, head))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


RULE = BuiltinRule(Params, check, __doc__ or "", document_local=True)
