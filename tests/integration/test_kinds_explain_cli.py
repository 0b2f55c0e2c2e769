"""``cmdbgit kinds``, ``cmdbgit explain`` and shell completion of kinds and ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cmdbgit.output.rule_docs import describe, known
from tests.conftest import ROOT, run_cli


def test_kinds_lists_required_fields_references_and_relations() -> None:
    result = run_cli("kinds", "--format", "json", repo=ROOT)
    assert result.exit_code == 0
    server = next(k for k in json.loads(result.stdout) if k["kind"] == "Server")
    assert server["required"] == ["spec.hostname"]
    assert {"field": "spec.asset", "kinds": ["HardwareAsset"]} in server["references"]
    assert {"field": "metadata.owner", "kinds": ["Team"]} in server["references"]
    assert {"type": "located_in", "to": ["Location"]} in server["relations"]
    text = run_cli("kinds", repo=ROOT).stdout
    assert "  required: spec.email, spec.status\n" in text  # Person


@pytest.mark.parametrize("rule", known())
def test_explain_prints_every_field_of_the_rule_doc(rule: str) -> None:
    result = run_cli("explain", rule, repo=ROOT)
    assert result.exit_code == 0
    doc = describe(rule)
    for field in doc.__dataclass_fields__:
        value = getattr(doc, field)
        if isinstance(value, str) and value:
            assert value.splitlines()[0] in result.stdout


def test_explain_a_policy_and_an_unknown_rule() -> None:
    result = run_cli("explain", "policy/env-label", repo=ROOT)
    assert result.exit_code == 0
    assert "built-in rule required-labels:" in result.stdout
    assert "policies/hygiene.yaml" in result.stdout
    unknown = run_cli("explain", "dangling-refrence", repo=ROOT)
    assert unknown.exit_code == 2
    assert "unknown rule 'dangling-refrence'" in unknown.stderr


def _complete(words: str, cwd: Path) -> list[str]:
    env = {
        **os.environ,
        "_CMDBGIT_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    out = subprocess.run(
        [sys.executable, "-m", "cmdbgit"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.split(",", 1)[1] for line in out.splitlines()]


def test_shell_completion_of_kinds_and_ids() -> None:
    assert _complete("cmdbgit new Se", ROOT) == ["Server", "Service"]
    assert _complete("cmdbgit show srv-hv", ROOT) == ["srv-hv-01", "srv-hv-02", "srv-hv-03"]
    assert "db-hr" in _complete("cmdbgit rename db-h", ROOT)
    assert _complete("cmdbgit explain dangling", ROOT) == ["dangling-reference"]
