"""``cmdbgit schemas sync``: a repository set up by an older ``init`` gets the new standard kinds
and relation types, unedited files are updated, and a local edit is never overwritten."""

from __future__ import annotations

import re
from pathlib import Path

from cmdbgit.scaffold import digest, init, shipped_schemas
from tests.conftest import ROOT, GitRepo, run_cli, run_json


def _set_record(repo: Path, name: str, value: str | None) -> None:
    """Pretend an older version shipped ``name`` as ``value`` (None: did not ship it)."""
    config = repo / "cmdbgit.yaml"
    text = config.read_text()
    line = re.compile(rf"^    {re.escape(name)}: .*\n", re.MULTILINE)
    text = line.sub("" if value is None else f"    {name}: {value}\n", text)
    config.write_text(text)


def _older_init(repo: GitRepo) -> dict[str, bytes]:
    """An inventory as an older cmdbgit would have left it: Vendor did not exist, Team's
    schema and relations.yaml were different (Team unedited since, relations edited)."""
    init(repo.path)
    shipped = shipped_schemas()
    schemas = repo.path / "schemas"
    (schemas / "Vendor.schema.json").unlink()
    _set_record(repo.path, "Vendor.schema.json", None)
    old_team = shipped["Team.schema.json"].replace(b'"A team that owns', b'"A team, owning')
    (schemas / "Team.schema.json").write_bytes(old_team)
    _set_record(repo.path, "Team.schema.json", digest(old_team))
    # relations.yaml as shipped lacked `monitors`; the organisation then edited a description.
    shipped_relations = shipped["relations.yaml"].decode()
    start = shipped_relations.index("  - name: ", shipped_relations.index("  - name: ") + 1)
    end = shipped_relations.index("  - name: ", start + 1)
    dropped = re.match(r"  - name: (\S+)", shipped_relations[start:end])
    assert dropped
    old_relations = (shipped_relations[:start] + shipped_relations[end:]).encode()
    _set_record(repo.path, "relations.yaml", digest(old_relations))
    edited = old_relations.replace(b"The source needs the target", b"Ours - needs")
    (schemas / "relations.yaml").write_bytes(edited)
    repo.commit("older cmdbgit")
    return {"relations.yaml": edited, "dropped": dropped.group(1).encode()}


def test_check_reports_what_sync_would_do_and_changes_nothing(git_repo: GitRepo) -> None:
    _older_init(git_repo)
    before = git_repo.git("status", "--porcelain")
    result = run_cli("schemas", "sync", "--check", repo=git_repo.path)
    assert result.exit_code == 1, result.output
    out = result.output
    assert "schemas/Vendor.schema.json: would be added (new in this version)" in out
    assert "schemas/Team.schema.json: would be updated (you had not edited it)" in out
    assert "schemas/relations.yaml: kept your version; would append the relation types" in out
    assert (
        "-    description: Ours - needs" in out
        and "+    description: The source needs the target" in out
    )
    assert git_repo.git("status", "--porcelain") == before


def test_sync_adds_updates_and_never_overwrites_an_edit(git_repo: GitRepo) -> None:
    old = _older_init(git_repo)
    shipped = shipped_schemas()
    result = run_cli("schemas", "sync", repo=git_repo.path)
    assert result.exit_code == 0, result.output
    schemas = git_repo.path / "schemas"
    assert (schemas / "Vendor.schema.json").read_bytes() == shipped["Vendor.schema.json"]
    assert (schemas / "Team.schema.json").read_bytes() == shipped["Team.schema.json"]
    relations = (schemas / "relations.yaml").read_bytes()
    assert relations.startswith(old["relations.yaml"])  # the edit is kept, byte for byte
    assert b"  - name: " + old["dropped"] in relations[len(old["relations.yaml"]) :]
    code, report = run_json("validate", repo=git_repo.path)
    assert (code, report["problems"]) == (0, []), report
    # The record now names the shipped files; the edited registry keeps its old base.
    config = (git_repo.path / "cmdbgit.yaml").read_text()
    assert f"    Vendor.schema.json: {digest(shipped['Vendor.schema.json'])}\n" in config
    assert config.count("shipped_schemas:") == 1 and "base_branch: main" in config
    # Synced: a second run has only the edited registry to show.
    again = run_cli("schemas", "sync", "--check", repo=git_repo.path)
    assert again.exit_code == 1
    assert "schemas/relations.yaml: kept your version (edited locally)" in again.output
    assert "Vendor" not in again.output and "Team" not in again.output


def test_a_deleted_schema_is_not_restored(git_repo: GitRepo) -> None:
    init(git_repo.path)
    (git_repo.path / "schemas/SLA.schema.json").unlink()
    result = run_cli("schemas", "sync", repo=git_repo.path)
    assert result.exit_code == 0
    assert "schemas/SLA.schema.json: you deleted it; not restored" in result.output
    assert not (git_repo.path / "schemas/SLA.schema.json").exists()


def test_without_a_record_a_differing_file_is_shown_not_replaced(git_repo: GitRepo) -> None:
    init(git_repo.path)
    config = git_repo.path / "cmdbgit.yaml"
    config.write_text(config.read_text().split("# The standard schemas as cmdbgit")[0])
    server = git_repo.path / "schemas/Server.schema.json"
    server.write_text(server.read_text().replace('"title": "Server"', '"title": "Host"'))
    result = run_cli("schemas", "sync", repo=git_repo.path)
    assert result.exit_code == 0
    assert "schemas/Server.schema.json: kept your version (differs; no record of the base)" in (
        result.output
    )
    assert '"title": "Host"' in server.read_text()
    assert "shipped_schemas:" in config.read_text()  # the record is written for next time
    assert run_cli("schemas", "sync", "--check", repo=git_repo.path).exit_code == 1


def test_an_up_to_date_repository_is_clean(git_repo: GitRepo) -> None:
    init(git_repo.path)
    result = run_cli("schemas", "sync", "--check", repo=git_repo.path)
    shipped = len(list((ROOT / "cmdbgit" / "scaffold" / "schemas").iterdir()))  # kinds + relations
    assert (result.exit_code, result.output) == (
        0,
        f"{shipped} of {shipped} schema files are current\n",
    )


def test_sync_never_writes_outside_the_repository(git_repo: GitRepo, tmp_path: Path) -> None:
    init(git_repo.path)
    outside = tmp_path / "outside"
    outside.mkdir()
    config = git_repo.path / "cmdbgit.yaml"
    config.write_text(config.read_text().replace("schemas: schemas", "schemas: ../../outside"))
    result = run_cli("schemas", "sync", repo=git_repo.path)
    assert result.exit_code == 2
    assert "paths.schemas: must stay inside the project ('..' is not allowed)" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_symlinked_schema_is_not_followed(git_repo: GitRepo, tmp_path: Path) -> None:
    init(git_repo.path)
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    server = git_repo.path / "schemas/Server.schema.json"
    server.unlink()
    server.symlink_to(target)
    result = run_cli("schemas", "sync", repo=git_repo.path)
    assert (
        "schemas/Server.schema.json: kept your version (a symlink; not followed)" in result.output
    )
    assert target.read_text() == "{}"
