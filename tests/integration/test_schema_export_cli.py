"""``cmdbgit schema export``: whole-document editor schemas that accept every document of the
example inventory and reject broken ones (checked with python-jsonschema, as editors do)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file
from tests.conftest import ROOT, GitRepo, run_cli


def _project(repo: GitRepo) -> Path:
    for folder in ("inventory", "schemas", "policies"):
        shutil.copytree(ROOT / folder, repo.path / folder)
    repo.commit("example")
    return repo.path


def _documents(root: Path, folder: str) -> list[tuple[str, Any]]:
    out = []
    for path in sorted((root / folder).rglob("*.yaml")):
        loaded = load_file(str(path), path.read_bytes(), Limits())
        out.extend((f"{path}:{d.line}", d.data) for d in loaded.documents)
    return out


def _validator(schema_dir: Path, name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((schema_dir / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture
def exported(git_repo: GitRepo) -> Path:
    root = _project(git_repo)
    result = run_cli("schema", "export", repo=root)
    assert result.exit_code == 0, result.output
    return root / "editor-schemas"


def test_every_example_document_validates(exported: Path) -> None:
    root = exported.parent
    combined = _validator(exported, "inventory.document.json")
    documents = _documents(root, "inventory")
    assert len(documents) > 100
    for where, data in documents:
        per_kind = _validator(exported, f"{data['kind']}.document.json")
        assert not list(per_kind.iter_errors(data)), where
        assert not list(combined.iter_errors(data)), where
    policy = _validator(exported, "Policy.document.json")
    tests = _validator(exported, "PolicyTest.document.json")
    for where, data in _documents(root, "policies"):
        validator = tests if data["kind"] == "PolicyTest" else policy
        assert not list(validator.iter_errors(data)), where


BROKEN_SERVER = {
    "apiVersion": "cmdbgit/v1",
    "kind": "Server",
    "metadata": {"id": "srv-x", "owner": "team-a"},
    "spec": {"hostname": "x"},
    "relations": [{"type": "runs_on", "target": "srv-y"}],
}


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (lambda d: d["spec"].pop("hostname"), "required"),
        (lambda d: d["spec"].update(hostnme="typo"), "Additional properties"),
        (lambda d: d["metadata"].pop("owner"), "owner"),
        (lambda d: d["metadata"].update(id="Srv_X"), "does not match"),
        (lambda d: d["spec"].update(ip="10.0.0.300"), "ip"),
        (lambda d: d.update(kind="Sever"), "Sever"),
        (lambda d: None, "runs_on"),  # runs_on is not a relation a Server may have
    ],
)
def test_broken_documents_fail(exported: Path, edit: Any, why: str) -> None:
    data = json.loads(json.dumps(BROKEN_SERVER))
    if why != "runs_on":
        data["relations"] = [{"type": "located_in", "target": "loc-1"}]
    edit(data)
    combined = _validator(exported, "inventory.document.json")
    errors = [e.message for e in combined.iter_errors(data)]
    assert errors


def test_config_schema_rejects_a_typo(exported: Path) -> None:
    config = _validator(exported, "cmdbgit.yaml.schema.json")
    assert not list(config.iter_errors({"paths": {"inventory": "inv"}, "base_branch": "main"}))
    assert list(config.iter_errors({"path": {"inventory": "inv"}}))


def test_check_reports_stale_and_refuses_schemas_folder(exported: Path) -> None:
    root = exported.parent
    assert run_cli("schema", "export", "--check", repo=root).exit_code == 0
    (exported / "Server.document.json").write_text("{}\n")
    result = run_cli("schema", "export", "--check", repo=root)
    assert result.exit_code == 1
    assert "editor-schemas/Server.document.json: stale" in result.output
    refused = run_cli("schema", "export", "schemas/editor", repo=root)
    assert refused.exit_code == 2
    assert "read as kinds" in refused.output
    assert not (root / "schemas" / "editor").exists()


def test_scaffold_editor_schemas_are_current() -> None:
    """The copies shipped to ``init`` match what ``schema export`` makes of the scaffold."""
    from cmdbgit.authoring.editor_schemas import export
    from cmdbgit.source import WorktreeSource, open_repo
    from cmdbgit.workspace import load_ruleset

    for root in (ROOT, ROOT / "cmdbgit" / "scaffold"):
        rules = load_ruleset(WorktreeSource(open_repo(root)))
        for name, data in export(rules).items():
            assert (root / "editor-schemas" / name).read_bytes() == data, (root, name)


def test_init_writes_vscode_settings_that_point_at_shipped_schemas(tmp_path: Path) -> None:
    target = tmp_path / "new"
    assert run_cli("init", str(target)).exit_code == 0
    settings = json.loads((target / ".vscode" / "settings.json").read_text())
    for schema in settings["yaml.schemas"]:
        assert (target / schema).is_file(), schema
    extensions = json.loads((target / ".vscode" / "extensions.json").read_text())
    assert "redhat.vscode-yaml" in extensions["recommendations"]
    assert run_cli("schema", "export", "--check", repo=target).exit_code == 0
