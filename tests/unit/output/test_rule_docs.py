"""Every rule id the code can emit is documented: what it catches, an example, how to fix it."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from cmdbgit import PROJECT_URL
from cmdbgit.model.result import ValidationResult
from cmdbgit.output import RenderOptions
from cmdbgit.output.formats import PROBLEM_FORMATS
from cmdbgit.output.rule_docs import POLICY, RULES, anchor, describe, url
from tests.unit.output.problems import DANGLING
from tests.unit.output.problems import POLICY as POLICY_PROBLEM

PACKAGE = Path(__file__).resolve().parents[3] / "cmdbgit"
#: ``RULE = "cycle"``, ``DANGLING = "dangling-reference"``, …
_CONSTANT = re.compile(r'^(?:RULE|[A-Z_]*(?:DANGLING|OWNER|EXCEPTION)[A-Z_]*) = "([a-z-]+)"$', re.M)
#: ``Problem(path, 1, 1, "yaml", "error", …)``
_LITERAL = re.compile(r'Problem\([^()]*?,\s*"([a-z][a-z-]*)",\s*"(?:error|warning|info)"')


def emitted_rule_ids() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(_CONSTANT.findall(text))
        found.update(_LITERAL.findall(text))
    return found


def test_the_scan_finds_the_rules_it_should() -> None:
    found = emitted_rule_ids()
    assert {"yaml", "config", "envelope", "schema", "cycle", "owner", "policy"} <= found
    assert {"policy-exception", "policy-test", "dangling-reference", "duplicate-id"} <= found


def test_every_emitted_rule_id_is_documented() -> None:
    missing = emitted_rule_ids() - set(RULES)
    assert not missing, f"document these rule ids in cmdbgit/output/rule_docs.py: {missing}"


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_has_an_example_and_a_fix(rule: str) -> None:
    doc = RULES[rule]
    assert doc.short and doc.full and doc.example and doc.fix
    assert doc.severity in ("error", "warning")


def test_policy_rules_point_at_the_policy_section() -> None:
    assert describe("policy/laptop-warranty").fix == POLICY.fix
    assert url("policy/laptop-warranty").endswith("/docs/rules.md#policyid")
    assert anchor("dangling-reference") == "dangling-reference"


def test_sarif_rules_carry_the_fix_and_link_to_the_docs() -> None:
    stream = io.StringIO()
    PROBLEM_FORMATS["sarif"](
        ValidationResult(3, [DANGLING, POLICY_PROBLEM]), stream, RenderOptions()
    )
    run = json.loads(stream.getvalue())["runs"][0]
    assert run["tool"]["driver"]["informationUri"] == PROJECT_URL
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    dangling = rules["dangling-reference"]
    assert dangling["helpUri"] == f"{PROJECT_URL}/blob/main/docs/rules.md#dangling-reference"
    assert "How to fix: Correct the id" in dangling["help"]["text"]
    assert "```yaml\n" in dangling["help"]["markdown"]
    policy = rules["policy/prod-hardware-under-warranty"]
    assert policy["helpUri"].endswith("/docs/rules.md#policyid")
    assert "add an exception" in policy["help"]["text"]
