"""Data-driven validation cases: each folder under tests/data/{valid,invalid}/ is a small
inventory; invalid ones carry ``expected.yaml``, the exact problems they must produce.

Adding a case adds a folder, not code.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT, run_json

DATA = Path(__file__).resolve().parents[1] / "data"
INVALID = sorted(p.name for p in (DATA / "invalid").iterdir() if p.is_dir())
VALID = sorted(p.name for p in (DATA / "valid").iterdir() if p.is_dir())


def materialise(case: Path, target: Path) -> Path:
    """The case's files plus the project's schemas and the shared org documents."""
    shutil.copytree(ROOT / "schemas", target / "schemas")
    shutil.copytree(case, target, dirs_exist_ok=True)
    (target / "expected.yaml").unlink(missing_ok=True)
    common = target / "inventory" / "_common"
    common.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "common" / "org.yaml", common / "org.yaml")
    return target


def _key(problem: dict[str, Any]) -> tuple[Any, ...]:
    return (
        problem["rule"],
        problem["severity"],
        problem["file"],
        problem["line"],
        problem["column"],
        problem["path"],
    )


@pytest.mark.parametrize("name", INVALID)
def test_invalid_case_produces_exactly_its_problems(name: str, tmp_path: Path) -> None:
    repo = materialise(DATA / "invalid" / name, tmp_path / name)
    expected = YAML(typ="safe").load((DATA / "invalid" / name / "expected.yaml").read_text())
    code, report = run_json("validate", repo=repo)
    actual = sorted(_key(p) for p in report["problems"])
    assert actual == sorted(_key(p) for p in expected["problems"])
    has_error = any(p["severity"] == "error" for p in expected["problems"])
    assert code == (1 if has_error else 0)
    assert report["ok"] is (code == 0)
    for problem in report["problems"]:
        assert problem["message"], "every problem says what is wrong"


@pytest.mark.parametrize("name", VALID)
def test_valid_case_has_no_problem(name: str, tmp_path: Path) -> None:
    repo = materialise(DATA / "valid" / name, tmp_path / name)
    code, report = run_json("validate", repo=repo)
    assert report["problems"] == []
    assert code == 0


def test_there_are_enough_cases_for_every_rule() -> None:
    rules = set()
    for name in INVALID:
        expected = YAML(typ="safe").load((DATA / "invalid" / name / "expected.yaml").read_text())
        rules.update(p["rule"] for p in expected["problems"])
    assert len(INVALID) >= 30
    assert {
        "yaml",
        "envelope",
        "schema",
        "duplicate-id",
        "dangling-reference",
        "relation-type",
        "cycle",
        "owner",
    } <= rules
