"""The YAML layer's hostile inputs (tests/data/hostile/<case>/case.yaml, the cases whose
finding the loader fixes), each run through the real CLI in a real repository: a bounded
verdict, the exit code and the located problem the case expects, and, for the inputs that
used to take 11-51 s, at most 2 s of CPU.

The time is the process's CPU time, not wall time: a loaded CI machine slows the wall clock,
not the work. The corpus's own harness runs every case with every command.
"""

from __future__ import annotations

import codecs
import shutil
import time
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT, GitRepo, run_cli

HOSTILE = ROOT / "tests" / "data" / "hostile"
#: The cases of this layer, and those that must be judged within the CPU budget.
CASES = [
    "deep-block-nesting",
    "deep-flow-nesting",
    "deep-block-mapping-in-sequence",
    "apostrophe-hides-flow-nesting",
    "quote-closers-hide-flow-nesting",
    "big-flow-sequence-with-error",
    "relations-100k",
    "relations-100k-one-dangling",
    "policy-60k-values",
    "policy-60k-block-values-with-error",
    "empty-documents-200k",
    "max-depth-one-billion",
    "yaml-1-3-directive",
    "yaml-2-0-directive",
    "comment-overlap-layout",
    "nul-byte",
    "invalid-utf8",
    "c1-and-del-characters",
    "legal-tabs",
    "tab-indentation",
    "alias-expansion-bomb",
]
CPU_BUDGET = 2.0
ORG = """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-platform, name: Platform}
---
apiVersion: cmdbgit/v1
kind: Service
metadata: {id: svc-web, owner: team-platform}
spec: {criticality: tier-2}
"""


def _case(name: str) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((HOSTILE / name / "case.yaml").read_text())
    return data


def _pr(repo: GitRepo, case: dict[str, Any]) -> None:
    for schema in sorted((ROOT / "schemas").iterdir()):
        repo.write_bytes(f"schemas/{schema.name}", schema.read_bytes())
    repo.write("inventory/org.yaml", ORG)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "pr")
    for path, text in (case.get("files") or {}).items():
        repo.write(path, text)
    for path, text in (case.get("binary_files") or {}).items():
        repo.write_bytes(path, codecs.escape_decode(text.encode())[0])
    for path, spec in (case.get("generate") or {}).items():
        repo.write(path, spec["head"] + spec["repeat"] * spec["times"] + spec["tail"])
    if case.get("config"):
        repo.write("cmdbgit.yaml", case["config"])
    repo.commit("pr")


def test_every_case_of_this_layer_is_there() -> None:
    assert all((HOSTILE / name / "case.yaml").is_file() for name in CASES)


@pytest.mark.parametrize("name", CASES)
def test_case_is_judged_located_and_fast(name: str, git_repo: GitRepo) -> None:
    case = _case(name)
    _pr(git_repo, case)
    for args in (["validate", "--no-cache"], ["check", "--base", "main"]):
        started = time.process_time()
        result = run_cli(*args, repo=git_repo.path)
        spent = time.process_time() - started
        assert result.exit_code in case.get("exit", [0, 1]), result.output
        assert "Traceback" not in result.output and "internal error" not in result.output
        if case["finding"] == "9.5":
            assert spent <= CPU_BUDGET, f"{name}: {args[0]} took {spent:.1f} s of CPU"
        if args[0] == "validate":
            for expected in case.get("expect_in_stdout", []):
                assert expected in result.stdout, result.stdout
    shutil.rmtree(git_repo.path)  # some inputs are megabytes: do not keep them around
