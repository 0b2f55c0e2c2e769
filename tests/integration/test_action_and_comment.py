"""The GitHub Action's script (scripts/action-run.sh), run directly as the composite action
runs it, and ``cmdbgit comment``, which renders the pull-request comment from its JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmdbgit.cli.main import cli
from cmdbgit.scaffold import init
from tests.conftest import GitRepo

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "action-run.sh"


def _action(repo: Path, tmp_path: Path, base: str) -> tuple[int, Path, dict[str, str]]:
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs"
    bindir = str(Path(sys.executable).parent)  # the cmdbgit console script of this install
    env = {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ["PATH"],
        "CMDBGIT_BASE": base,
        "CMDBGIT_OUT": "out",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
    }
    if shutil.which("cmdbgit", path=env["PATH"]) is None:
        pytest.skip("the cmdbgit console script is not installed next to this interpreter")
    done = subprocess.run(
        ["bash", str(SCRIPT)], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    return done.returncode, summary, values


@pytest.fixture
def pr_repo(git_repo: GitRepo) -> GitRepo:
    init(git_repo.path)
    git_repo.commit("init")
    git_repo.git("checkout", "-q", "-b", "change")
    return git_repo


def test_action_script_passes_a_clean_change(pr_repo: GitRepo, tmp_path: Path) -> None:
    code, summary, outputs = _action(pr_repo.path, tmp_path, "main")
    assert code == 0
    assert outputs == {
        "exit-code": "0",
        "report": "out/report.md",
        "sarif": "out/cmdbgit.sarif",
        "json": "out/check.json",
    }
    assert summary.read_text() == (pr_repo.path / "out/report.md").read_text()
    assert json.loads((pr_repo.path / "out/check.json").read_text())["verdict"] == "pass"
    assert (pr_repo.path / "out/cmdbgit.sarif").is_file()


def test_action_script_fails_on_a_new_error(pr_repo: GitRepo, tmp_path: Path) -> None:
    pr_repo.write(
        "inventory/bad.yaml",
        "apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: srv-x, owner: team-nobody}\n"
        "spec: {hostname: x}\n",
    )
    pr_repo.commit("a server owned by nobody")
    code, summary, outputs = _action(pr_repo.path, tmp_path, "main")
    assert (code, outputs["exit-code"]) == (1, "1")
    assert "team-nobody" in summary.read_text()


def test_action_script_reports_an_unusable_base(pr_repo: GitRepo, tmp_path: Path) -> None:
    code, summary, outputs = _action(pr_repo.path, tmp_path, "no-such-branch")
    assert (code, outputs["exit-code"]) == (2, "2")
    assert "could not judge this change (exit 2)" in summary.read_text()


HOSTILE = "<img src=x onerror=alert(1)> ![pic](https://evil.example/x.png) @octocat </details>"


def _check_json(**overrides: object) -> dict[str, object]:
    problem = {
        "severity": "error",
        "rule": "dangling-reference",
        "id": "srv-<b>x</b>",
        "file": "inventory/a|b.yaml",
        "line": 3,
        "column": 5,
        "path": "metadata.owner",
        "message": HOSTILE,
        "related": [],
    }
    data: dict[str, object] = {
        "verdict": "pass",  # lies: the headline must follow the run's conclusion
        "base_ref": "origin/main",
        "summary": {
            "documents": 4,
            "new": {"error": 1, "warning": 0, "info": 0},
            "existing": {"error": 0, "warning": 2, "info": 0},
            "resolved": 0,
            "suppressed": 1,
        },
        "problems": {"new": [problem], "existing": [], "resolved": []},
        "rule_changes": ["policies/x.yaml <script>"],
        "notes": ["@everyone look"],
    }
    data.update(overrides)
    return data


def _comment(tmp_path: Path, data: object, conclusion: str = "failure") -> tuple[int, str, str]:
    source = tmp_path / "check.json"
    source.write_text(json.dumps(data) if not isinstance(data, str) else data)
    result = CliRunner().invoke(cli, ["comment", "--from", str(source), "--conclusion", conclusion])
    return result.exit_code, result.stdout, result.stderr


def test_comment_is_headlined_by_the_conclusion_and_escapes_everything(tmp_path: Path) -> None:
    code, out, _ = _comment(tmp_path, _check_json())
    assert code == 0
    assert out.startswith("<!-- cmdbgit-check -->\n❌ **cmdbgit check failed**\n")
    assert "passed" not in out
    assert "<img" not in out and "<script" not in out and "<b>" not in out
    assert "</details>" not in out
    assert "![pic](" not in out and r"!\[pic\](" in out  # no image, no link
    assert "@octocat" not in out and "@everyone" not in out  # mentions defused
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "**1** error(s)" in out and "waived: 1" in out
    # The only raw HTML is the comment's own marker and footer.
    assert out.count("<") == out.count("<!-- cmdbgit-check -->") + out.count("<sub>") * 2


def test_comment_success_headline(tmp_path: Path) -> None:
    code, out, _ = _comment(tmp_path, _check_json(), "success")
    assert code == 0 and "✅ **cmdbgit check passed**" in out


@pytest.mark.parametrize(
    "data",
    [
        "not json",
        [],
        {"verdict": "pass"},
        _check_json(summary={"documents": "4"}),
        _check_json(problems={"new": [{"severity": "fatal"}]}),
        _check_json(notes=[{"html": "<b>"}]),
    ],
    ids=["text", "list", "missing-keys", "string-count", "bad-problem", "note-object"],
)
def test_comment_refuses_json_of_another_shape(tmp_path: Path, data: object) -> None:
    code, out, err = _comment(tmp_path, data)
    assert code == 2 and out == ""
    assert err.startswith("cmdbgit: error: check JSON ") and err.count("\n") == 1
    assert "<b>" not in err


def test_comment_of_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["comment", "--from", str(tmp_path / "nope.json"), "--conclusion", "failure"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"cmdbgit: error: {tmp_path / 'nope.json'}: cannot read the check JSON "
        "(No such file or directory)\n"
    )


def test_comment_shows_control_characters_as_escapes(tmp_path: Path) -> None:
    original = _check_json()["problems"]
    assert isinstance(original, dict)
    problem = {**original["new"][0], "message": "a\u202eb\x1b[31mc"}
    code, out, _ = _comment(tmp_path, _check_json(problems={"new": [problem]}))
    assert code == 0
    assert "\u202e" not in out and "\x1b" not in out
    assert r"a\\u202eb\\u001b\[31mc" in out  # the escapes shown, markdown-escaped


def test_comment_of_a_real_check(pr_repo: GitRepo, tmp_path: Path) -> None:
    out = tmp_path / "check.json"
    result = CliRunner().invoke(
        cli, ["--repo", str(pr_repo.path), "check", "--base", "main", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    target = tmp_path / "comment.md"
    result = CliRunner().invoke(
        cli,
        ["comment", "--from", str(out), "--conclusion", "success", "--output", str(target)],
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert "✅ **cmdbgit check passed**" in target.read_text()
