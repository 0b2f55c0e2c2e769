"""The authoring loop end to end, as a new user walks it with only the README: init, editor
settings, new, fill, fmt, commit, rename, diff, CODEOWNERS (pre-commit has its own test)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import run_cli


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def test_new_user_story(tmp_path: Path) -> None:
    repo = tmp_path / "cmdb"
    assert run_cli("init", str(repo)).exit_code == 0
    settings = json.loads((repo / ".vscode/settings.json").read_text())
    assert all((repo / schema).is_file() for schema in settings["yaml.schemas"])
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "init")

    assert run_cli("new", "Server", "srv-x", repo=repo).exit_code == 0
    assert run_cli("validate", repo=repo).exit_code == 1  # nulls until filled
    path = repo / "inventory/server/srv-x.yaml"
    # Filled by hand, keys out of order, a comment of the user's own.
    text = path.read_text()
    text = text.replace(
        "  hostname: null\n", "  cpu_cores: 4  # per socket\n  hostname: x.example\n"
    )
    text = text.replace("  owner: null\n", "  owner: team-platform\n  labels: {env: prod}\n")
    path.write_text(text)
    assert run_cli("validate", repo=repo).exit_code == 0
    assert run_cli("fmt", "--check", repo=repo).exit_code == 1
    assert run_cli("fmt", repo=repo).exit_code == 0
    formatted = path.read_text()
    assert "  hostname: x.example\n" in formatted
    assert formatted.index("hostname:") < formatted.index("cpu_cores: 4  # per socket")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "srv-x")

    assert run_cli("rename", "srv-x", "srv-web-02", repo=repo).exit_code == 0
    diff = json.loads(run_cli("diff", "--format", "json", repo=repo).stdout)
    assert diff["summary"]["renamed"] == 1
    assert [(c["op"], c["id"], c.get("old_id")) for c in diff["changes"]] == [
        ("renamed", "srv-web-02", "srv-x")
    ]
    result = run_cli("codeowners", repo=repo)
    assert result.exit_code == 0, result.output
    codeowners = (repo / ".github/CODEOWNERS").read_text()
    assert "/inventory/server/ " in codeowners
