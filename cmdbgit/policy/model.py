"""The Policy document (docs/policies.md) as pydantic models.

Models are strict and closed: YAML 1.2 already typed every scalar, so ``"30"`` is not 30 and
a misspelt key is an error rather than a silently ignored setting. Dates arrive as ISO
strings (the loader normalises YAML timestamps) and become ``date`` values here.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictStr,
    model_validator,
)

from cmdbgit.model.envelope import Metadata
from cmdbgit.model.problem import Severity


def _iso_date(value: Any) -> Any:
    """``YYYY-MM-DD`` text -> ``date``; anything else is left for pydantic to reject."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if len(value) == 10 else value
        except ValueError:
            return value
    return value


#: A calendar date written ``YYYY-MM-DD`` (YAML dates are normalised to that text on load).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class Closed(BaseModel):
    """Strict (no coercion), closed (no unknown keys), immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class Match(Closed):
    """Which documents a policy judges. Absent or ``{}`` matches every document.

    ``kinds`` is membership; ``labels`` (label name -> value) and ``where`` (dotted field path
    -> value) compare by equality, or by membership when the policy gives a list. A missing
    field never matches, and values are never coerced (``8`` is not ``"8"``).
    """

    kinds: list[StrictStr] | None = Field(default=None, min_length=1)
    labels: dict[StrictStr, StrictStr | list[StrictStr]] = {}
    where: dict[StrictStr, Any] = {}


class PolicyException(Closed):
    """A waiver for one document, valid through ``expires`` (inclusive)."""

    id: StrictStr = Field(min_length=1)
    reason: StrictStr = Field(min_length=1)
    expires: IsoDate


class PolicySpec(Closed):
    description: StrictStr = ""
    severity: Severity = "error"
    match: Match = Match()
    rule: StrictStr | None = None
    params: dict[StrictStr, Any] = {}
    assert_: dict[StrictStr, Any] | None = Field(default=None, alias="assert")
    #: Optional text shown before each finding's detail (useful with ``assert``).
    message: StrictStr | None = None
    exceptions: list[PolicyException] = []

    @model_validator(mode="after")
    def _rule_or_assert(self) -> PolicySpec:
        if (self.rule is None) == (self.assert_ is None):
            raise ValueError("a policy needs exactly one of 'rule' (a built-in rule) or 'assert'")
        if self.params and self.rule is None:
            raise ValueError("'params' belong to a built-in 'rule'")
        return self


class PolicyDocument(Closed):
    apiVersion: Literal["cmdbgit/v1"]
    kind: Literal["Policy"]
    metadata: Metadata
    spec: PolicySpec
