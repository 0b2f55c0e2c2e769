from __future__ import annotations

import io
import json
from typing import Any

from pydantic import Field, StrictInt, StrictStr

from cmdbgit.policy.context import RuleParams
from cmdbgit.policy.model import Match
from cmdbgit.policy.report import describe_params, rules_json, type_name
from cmdbgit.policy.rules import RULES


class _Params(RuleParams):
    count: StrictInt = Field(default=3, description="how many")
    names: list[StrictStr] = Field(description="which")
    where: Match | None = None
    from_: Match = Field(alias="from", default=Match())


def test_params_are_described_from_the_model() -> None:
    assert describe_params(_Params) == [
        {
            "name": "count",
            "type": "int",
            "required": False,
            "default": 3,
            "description": "how many",
        },
        {
            "name": "names",
            "type": "list[str]",
            "required": True,
            "default": None,
            "description": "which",
        },
        {
            "name": "where",
            "type": "match | None",
            "required": False,
            "default": None,
            "description": "",
        },
        {
            "name": "from",
            "type": "match",
            "required": False,
            "default": {"kinds": None, "labels": {}, "where": {}},
            "description": "",
        },
    ]


def test_type_names() -> None:
    assert type_name(dict[str, list[str]]) == "dict[str, list[str]]"
    assert type_name(int | None) == "int | None"
    assert type_name(bool) == "bool"


def test_rules_json_documents_every_rule() -> None:
    out = io.StringIO()
    rules_json(RULES, out)
    data: list[dict[str, Any]] = json.loads(out.getvalue())["rules"]
    assert [r["id"] for r in data] == list(RULES)
    for rule in data:
        assert rule["description"] and "``" not in rule["description"]
        assert len(rule["documentation"].splitlines()) > 3  # the docstring is the user doc
