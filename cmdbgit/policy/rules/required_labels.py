"""Matched documents must carry every listed label, optionally with one of the allowed values.

``labels`` names the labels that must be present (``metadata.labels``); ``allowed`` maps a
label to the values it may take. A label listed only in ``allowed`` is checked when present.

Example::

    rule: required-labels
    params:
      labels: [env]
      allowed: {env: [prod, staging, test, dev]}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, StrictStr, model_validator

from cmdbgit.policy.context import BuiltinRule, RuleContext, RuleParams, Violation


class Params(RuleParams):
    labels: list[StrictStr] = Field(default=[], description="labels that must be present")
    allowed: dict[StrictStr, list[StrictStr]] = Field(
        default={}, description="label -> the values it may take"
    )

    @model_validator(mode="after")
    def _something(self) -> Params:
        if not self.labels and not self.allowed:
            raise ValueError("give 'labels', 'allowed' or both")
        return self


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    for doc in ctx.documents:
        labels = doc.labels
        for name in params.labels:
            if name not in labels:
                yield Violation(
                    doc,
                    ("metadata", "labels", name),
                    f"label {name!r} is required by this policy",
                )
        for name, values in params.allowed.items():
            value = labels.get(name)
            # A non-string label is an ``envelope`` problem; it is not judged twice.
            if isinstance(value, str) and value not in values:
                yield Violation(
                    doc,
                    ("metadata", "labels", name),
                    f"label {name!r} is {value!r}; allowed: {', '.join(values)}",
                )


RULE = BuiltinRule(Params, check, __doc__ or "", document_local=True)
