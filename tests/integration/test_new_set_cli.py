"""``cmdbgit new`` and ``cmdbgit set`` through the CLI, in a project made by ``init``."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file
from tests.conftest import run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "cmdb"
    assert run_cli("init", str(root)).exit_code == 0
    return root


def _data(path: Path) -> list[object]:
    return [d.data for d in load_file(str(path), path.read_bytes(), Limits()).documents]


def test_new_writes_required_nulls_optional_comments_and_modeline(project: Path) -> None:
    result = run_cli("new", "Server", "srv-x", "--set", "spec.ip=10.0.0.5", repo=project)
    assert result.exit_code == 0, result.output
    path = project / "inventory/server/srv-x.yaml"
    text = path.read_text()
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../../editor-schemas/Server.document.json"
    )
    assert (path.parent / "../../editor-schemas/Server.document.json").resolve().is_file()
    assert "  hostname: null\n  ip: 10.0.0.5\n  # os:" in text  # schema order
    assert "  owner: null\n" in text
    assert (
        "# relations:  # types: connected_to, hosted_on, located_in, member_of, powered_by, uses_license"
        in text
    )
    # A half-written document cannot pass: the nulls are schema/envelope errors.
    validate = run_cli("validate", "inventory/server", repo=project)
    assert validate.exit_code == 1
    assert "spec.hostname" in validate.stdout
    assert run_cli("fmt", "--check", "inventory/server", repo=project).exit_code == 0


def test_new_refuses_an_existing_id_and_unknown_kind(project: Path) -> None:
    assert run_cli("new", "Team", "team-x", repo=project).exit_code == 0
    again = run_cli("new", "Server", "team-x", repo=project)
    assert again.exit_code == 2
    assert "already exists at inventory/team/team-x.yaml" in again.stderr
    unknown = run_cli("new", "Sever", "srv-y", repo=project)
    assert unknown.exit_code == 2 and "unknown kind 'Sever'" in unknown.stderr
    bad = run_cli("new", "Server", "Srv_Y", repo=project)
    assert bad.exit_code == 2 and "not a valid id" in bad.stderr
    assert not (project / "inventory/server").exists()


def test_new_appends_to_a_file_and_honours_new_folders(project: Path) -> None:
    config = project / "cmdbgit.yaml"
    config.write_text(config.read_text() + "new:\n  folders: {SLA: inventory/agreements}\n")
    assert run_cli("new", "SLA", "sla-gold", repo=project).exit_code == 0
    path = project / "inventory/agreements/sla-gold.yaml"
    assert path.is_file()
    result = run_cli(
        "new", "SLA", "sla-silver", "--file", "inventory/agreements/sla-gold.yaml", repo=project
    )
    assert result.exit_code == 0, result.output
    ids = [d["metadata"]["id"] for d in _data(path)]  # type: ignore[index]
    assert ids == ["sla-gold", "sla-silver"]


def test_set_fills_placeholders_keeps_comments_and_quotes(project: Path) -> None:
    assert run_cli("new", "Server", "srv-x", repo=project).exit_code == 0
    path = project / "inventory/server/srv-x.yaml"
    path.write_text(path.read_text().replace("  hostname: null", "  hostname: null  # ask Ops"))
    result = run_cli(
        "set", "srv-x", "spec.hostname=web-1", "spec.os.product=prod-x",
        'spec.os.version="22.04"', "spec.cpu_cores=4", "metadata.owner=team-platform",
        "metadata.name=yes", "metadata.labels.env=prod", repo=project,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "  hostname: web-1 # ask Ops\n" in text  # the comment keeps its column
    assert '    version: "22.04"\n' in text
    assert '  name: "yes"\n' in text  # quoted: YAML 1.1 readers take yes for true
    assert "# cpu_cores:" not in text and "  cpu_cores: 4\n" in text
    assert "  # memory_gb:" in text
    (doc,) = _data(path)
    assert doc["spec"]["cpu_cores"] == 4 and doc["metadata"]["name"] == "yes"  # type: ignore[index]
    validate = run_cli("validate", "inventory/server", repo=project)
    assert validate.exit_code == 1  # only the product, which no document defines
    assert [line.split()[2] for line in validate.stdout.splitlines()[:-1]] == [
        "[dangling-reference]"
    ]
    assert run_cli("fmt", "--check", "inventory/server", repo=project).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "spec.x=1"], "no document has the id 'nope'"),
        (["srv-x", "metadata.id=srv-y"], "rename"),
        (["srv-x", "spec=1"], "set its fields"),
        (["srv-x", "spec.hostname"], "expected path=value"),
        (["srv-x", "relations.7.target=x"], "no item 7 at relations"),
        (["srv-x", "spec.7=x"], "it is not a list"),
    ],
)
def test_set_refuses_bad_requests_and_writes_nothing(
    project: Path, args: list[str], message: str
) -> None:
    assert run_cli("new", "Server", "srv-x", repo=project).exit_code == 0
    assert run_cli("new", "Server", "srv-y", "--set", "relations=x", repo=project).exit_code == 2
    path = project / "inventory/server/srv-x.yaml"
    before = path.read_bytes()
    result = run_cli("set", *args, repo=project)
    assert result.exit_code == 2
    assert message in result.stderr
    assert path.read_bytes() == before
