"""``cmdbgit get``: kind, label and field filters; table, json, yaml and ids."""

from __future__ import annotations

import json

import pytest
from ruamel.yaml import YAML

from cmdbgit.diff.redact import REDACTED
from tests.conftest import GitRepo, run_cli
from tests.integration.query_org import build


@pytest.fixture
def org(scaffold_repo: GitRepo) -> GitRepo:
    return build(scaffold_repo)


def ids(org: GitRepo, *args: str) -> list[str]:
    result = run_cli("get", *args, "--format", "ids", repo=org.path)
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_kind_filter(org: GitRepo) -> None:
    assert ids(org, "Server") == ["srv-1", "srv-2"]
    assert ids(org, "server") == ["srv-1", "srv-2"]  # kinds are matched case-insensitively
    assert len(ids(org)) == 9


def test_label_filter(org: GitRepo) -> None:
    assert ids(org, "-l", "env=prod") == ["app-web", "srv-1"]
    assert ids(org, "Server", "-l", "env=prod") == ["srv-1"]
    assert ids(org, "-l", "env") == ["app-web", "srv-1", "srv-2"]
    assert ids(org, "-l", "env=prod", "-l", "env=test") == []


def test_where_parses_yaml_scalars(org: GitRepo) -> None:
    assert ids(org, "--where", "spec.cpu_cores=8") == ["srv-1"]
    assert ids(org, "--where", "spec.cpu_cores=8.0") == ["srv-1"]
    assert ids(org, "--where", "spec.cpu_cores='8'") == []
    assert ids(org, "--where", "spec.virtual=true") == ["srv-2"]
    assert ids(org, "--where", "spec.virtual=false") == ["srv-1"]
    assert ids(org, "--where", "spec.cpu_cores=1") == []  # true is not 1
    assert ids(org, "--where", "spec.purchase.date=2024-01-01") == ["hw-srv-1"]
    assert ids(org, "--where", "spec.status=leaving", "Person") == ["p-bob"]


def test_json_shape(org: GitRepo) -> None:
    result = run_cli("get", "Application", "--format", "json", repo=org.path)
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == ["app-web", "end"]
    first = data[0]
    assert set(first) >= {"id", "kind", "file", "metadata", "spec", "relations"}
    assert first["kind"] == "Application" and first["file"] == "inventory/apps.yaml"
    assert first["relations"][0] == {"type": "runs_on", "target": "srv-1"}
    assert first["metadata"]["labels"] == {"env": "prod"}


def test_yaml_round_trips(org: GitRepo) -> None:
    result = run_cli("get", "Server", "--format", "yaml", repo=org.path)
    data = YAML(typ="safe", pure=True).load(result.stdout)
    assert [d["id"] for d in data] == ["srv-1", "srv-2"]
    assert data[0]["spec"]["cpu_cores"] == 8


def test_table(org: GitRepo) -> None:
    result = run_cli("get", "Server", repo=org.path)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "KIND", "NAME", "OWNER", "FILE"]
    assert any(line.split()[:2] == ["srv-1", "Server"] for line in lines)
    assert "inventory/servers.yaml:1" in result.stdout


def test_table_does_not_read_names_as_markup(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write(
        "inventory/t.yaml",
        'apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: t-1, name: "[bold]x[/bold] \\e[31m"}\n',
    )
    result = run_cli("get", repo=scaffold_repo.path)
    assert "[bold]x[/bold]" in result.stdout
    assert "\x1b" not in result.stdout


def test_secrets_are_redacted(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write(
        "inventory/t.yaml",
        "apiVersion: cmdbgit/v1\nkind: Team\n"
        "metadata: {id: t-1, annotations: {api_token: hunter2hunter2}}\n",
    )
    result = run_cli("get", "--format", "json", repo=scaffold_repo.path)
    assert "hunter2" not in result.stdout
    assert json.loads(result.stdout)[0]["metadata"]["annotations"]["api_token"] == REDACTED


def test_ref(org: GitRepo) -> None:
    org.write("inventory/extra.yaml", "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: t-new}\n")
    assert "t-new" in ids(org, "Team")
    assert "t-new" not in ids(org, "Team", "--ref", "HEAD")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Servr"], "unknown kind 'Servr' (did you mean Server"),
        (["--where", "spec.cpu_cores"], "expected path=value"),
        (["-l", "=x"], "expected key=value"),
        (["--ref", "nope"], "unknown Git ref 'nope'"),
    ],
)
def test_bad_input_is_exit_2(org: GitRepo, args: list[str], message: str) -> None:
    result = run_cli("get", *args, repo=org.path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
