"""``validate --format sarif|junit|github|markdown`` through the real CLI on a broken
repository: a file-level YAML error and a dangling reference."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from tests.conftest import ROOT, GitRepo, run_cli

SCHEMA_FILE = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a, name: Team A}\n"
APP = """\
apiVersion: cmdbgit/v1
kind: Application
metadata: {id: app-1, owner: team-a}
relations:
  - {type: runs_on, target: srv-missing}
"""


@pytest.fixture
def broken(scaffold_repo: GitRepo) -> GitRepo:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.write("inventory/app.yaml", APP)
    scaffold_repo.write("inventory/bad.yaml", "a: 1\na: 2\n")
    scaffold_repo.commit("broken")
    return scaffold_repo


def test_sarif(broken: GitRepo) -> None:
    result = run_cli("validate", "--format", "sarif", repo=broken.path)
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(log))
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    assert set(results) == {"yaml", "dangling-reference"}
    region = results["dangling-reference"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 29, "endLine": 5, "endColumn": 40}
    uri = results["yaml"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "inventory/bad.yaml"


def test_junit(broken: GitRepo) -> None:
    result = run_cli("validate", "--format", "junit", repo=broken.path)
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.encode("utf-8"))
    names = sorted((c.get("classname"), c.get("name")) for c in root.iter("testcase"))
    assert names == [
        ("inventory/app.yaml", "app-1"),
        ("inventory/bad.yaml", "inventory/bad.yaml"),
        ("inventory/team.yaml", "team-a"),
    ]


def test_github(broken: GitRepo) -> None:
    result = run_cli("validate", "--format", "github", repo=broken.path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "::error file=inventory/app.yaml,line=5,col=29,title=dangling-reference::"
    )
    assert lines[1].startswith("::error file=inventory/bad.yaml,line=2,col=1,title=yaml::")
    assert lines[-1].startswith("cmdbgit: failed: ")


def test_github_is_the_default_in_actions(broken: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_cli("validate", repo=broken.path)
    assert result.stdout.startswith("::error file=")


def test_markdown(broken: GitRepo) -> None:
    result = run_cli("validate", "--format", "markdown", repo=broken.path)
    assert result.exit_code == 1
    assert result.stdout.startswith("### cmdbgit validate: ❌ failed")
    assert "`dangling-reference`" in result.stdout
