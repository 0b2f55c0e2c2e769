"""The real CLI end to end: options, formats, exit codes, ``init``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmdbgit.cli.main import cli
from tests.conftest import AS_OF, ROOT, GitRepo, run_cli, run_json


def test_example_inventory_validates_clean() -> None:
    code, report = run_json("validate", repo=ROOT)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert errors == []
    assert code == 0
    assert report["summary"]["documents"] >= 80


@pytest.mark.parametrize("before", [True, False])
def test_common_options_before_or_after_the_command(before: bool, tmp_path: Path) -> None:
    runner = CliRunner()
    common = ["--repo", str(ROOT), "--as-of", AS_OF, "--no-color"]
    argv = (
        [*common, "validate", "--format", "json"]
        if before
        else ["validate", *common, "--format", "json"]
    )
    result = runner.invoke(cli, argv)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ok"] is True


def test_json_shape_matches_the_spec(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write(
        "inventory/a.yaml",
        "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: t}\n"
        "relations: [{type: depends_on, target: nothing}]\n",
    )
    code, report = run_json("validate", repo=scaffold_repo.path)
    assert code == 1
    assert set(report) >= {"ok", "summary", "problems", "suppressed"}
    assert set(report["summary"]) >= {"documents", "errors", "warnings", "suppressed"}
    problem = report["problems"][0]
    assert set(problem) == {
        "severity",
        "rule",
        "id",
        "file",
        "line",
        "column",
        "path",
        "message",
        "related",
    }
    assert report["ok"] is False


def test_text_format_lines_and_summary(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("inventory/a.yaml", "a: 1\na: 2\n")
    result = run_cli("validate", repo=scaffold_repo.path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "inventory/a.yaml:2:1: error [yaml] duplicate key 'a' (first defined at line 1)"
    )
    assert lines[-1] == "failed: 1 document, 1 error, 0 warnings"
    assert "\033[" not in result.stdout  # not a TTY: no colour


def test_strict_makes_warnings_fail(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("inventory/empty.yaml", "# nothing\n")
    assert run_cli("validate", repo=scaffold_repo.path).exit_code == 0
    assert run_cli("validate", "--strict", repo=scaffold_repo.path).exit_code == 1


def test_paths_filter_output_but_resolve_against_everything(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write(
        "inventory/team.yaml", "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: t}\n"
    )
    scaffold_repo.write(
        "inventory/a/srv.yaml",
        "apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: s, owner: t}\nspec: {hostname: s}\n",
    )
    scaffold_repo.write("inventory/b/bad.yaml", "a: [\n")
    code, report = run_json(
        "validate", str(scaffold_repo.path / "inventory/a"), repo=scaffold_repo.path
    )
    assert (code, report["problems"]) == (0, [])
    code, report = run_json("validate", "inventory/b", repo=scaffold_repo.path)
    assert code == 1 and report["problems"][0]["file"] == "inventory/b/bad.yaml"


def test_bad_arguments_are_exit_2() -> None:
    assert run_cli("validate", "--format", "xml", repo=ROOT).exit_code == 2
    result = CliRunner().invoke(cli, ["--as-of", "2026-02-30", "validate"])
    assert result.exit_code == 2 and "is not a date" in result.output
    result = CliRunner().invoke(cli, ["--repo", "/no/such/dir", "validate"])
    assert result.exit_code == 2 and "no such directory" in result.stderr


def test_unreadable_config_is_exit_2(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("cmdbgit.yaml", "limits: {max_depth: many}\n")
    result = run_cli("validate", repo=scaffold_repo.path)
    assert result.exit_code == 2
    assert result.stderr == (
        "cmdbgit: error: cmdbgit.yaml:1:21: limits.max_depth: expected an integer, "
        "found the string 'many'\n"
    )
    scaffold_repo.write("cmdbgit.yaml", "paths: [\n")
    result = run_cli("validate", repo=scaffold_repo.path)
    assert result.exit_code == 2 and "cmdbgit.yaml:1:8" in result.stderr


def test_broken_kind_schema_is_exit_2(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("schemas/Printer.schema.json", "{not json")
    result = run_cli("validate", repo=scaffold_repo.path)
    assert result.exit_code == 2
    assert "schemas/Printer.schema.json:1:2: not valid JSON" in result.stderr


def test_init_writes_a_scaffold_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "new-inventory"
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / ".git").is_dir()
    assert ".cmdbgit/" in (target / ".gitignore").read_text()
    assert (target / "schemas" / "Server.schema.json").is_file()
    code, report = run_json("validate", repo=target)
    assert (code, report["problems"]) == (0, [])


def test_init_inside_an_existing_repository_does_not_nest_git(git_repo: GitRepo) -> None:
    result = CliRunner().invoke(cli, ["init", str(git_repo.path / "cmdb")])
    assert result.exit_code == 0
    assert not (git_repo.path / "cmdb" / ".git").exists()


def test_scaffold_schemas_are_the_project_schemas() -> None:
    packaged = ROOT / "cmdbgit" / "scaffold" / "schemas"
    for schema in (ROOT / "schemas").iterdir():
        assert (packaged / schema.name).read_bytes() == schema.read_bytes(), (
            f"cmdbgit/scaffold/schemas/{schema.name} is stale: cp schemas/* cmdbgit/scaffold/schemas/"
        )
    assert {p.name for p in packaged.iterdir()} == {p.name for p in (ROOT / "schemas").iterdir()}


def test_console_script_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cmdbgit", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "validate" in result.stdout
