"""Every rule id the code can emit is documented: what it catches, an example, how to fix it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cmdbgit.output.rule_docs import POLICY, RULES, anchor, describe, url

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
