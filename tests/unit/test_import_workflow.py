"""The scheduled import workflow of the scaffold: disabled by default, one pull request with
the plan and the check report as its description, every action pinned, actionlint-clean."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML

from cmdbgit.scaffold import init
from tests.unit.test_workflows import SCAFFOLD, _actionlint, _runs, _steps

WORKFLOW = SCAFFOLD / "cmdbgit-import.yml"


def test_disabled_by_default_with_a_commented_schedule() -> None:
    data = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    assert list(data["on"]) == ["workflow_dispatch"]
    assert re.search(r"^  # schedule:\n  #   - cron: ", WORKFLOW.read_text(), re.MULTILINE)
    assert data["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_one_pull_request_with_the_plan_and_the_check_report() -> None:
    data = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    runs = _runs(data)
    assert '--write --record --report "$OUT/plan.md"' in runs
    assert "cmdbgit check --base" in runs and '--report "$OUT/check.md"' in runs
    assert 'gh pr list --head "$IMPORT_BRANCH" --state open' in runs
    assert 'gh pr edit "$number" --body-file' in runs and "gh pr create" in runs
    assert "secrets.CMDBGIT_PR_TOKEN || github.token" in WORKFLOW.read_text()
    # The NetBox token reaches the import through the environment, never the command line.
    assert "NETBOX_TOKEN" not in runs


def test_every_action_pinned_by_commit_with_its_tag() -> None:
    data = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    uses = [s["uses"] for s in _steps(data) if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", u) for u in uses)
    for line in WORKFLOW.read_text().splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_init_writes_it_and_actionlint_passes(tmp_path: Path) -> None:
    result = init(tmp_path / "new")
    assert ".github/workflows/cmdbgit-import.yml" in result.written
    result = _actionlint(tmp_path / "new")
    assert result.returncode == 0, result.stdout + result.stderr
