"""The neighbours' verdicts (``store/neighbours.py``): files that ``references`` and
``relation-type`` found clean are skipped while their blob is the same and no id they name has
gone or changed kind; a file naming such an id is judged again, its own blob unchanged."""

from __future__ import annotations

from pathlib import Path

from cmdbgit.judge import neighbours_for
from cmdbgit.revision import open_revision
from cmdbgit.store import parse_cache as cache
from cmdbgit.store.neighbours import NEIGHBOURS_FILE
from cmdbgit.validate.references import files_naming
from tests.conftest import GitRepo, cache_folder, forget_judgements, run_json

TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {{id: {ident}}}\n"
PERSON = (
    "apiVersion: cmdbgit/v1\nkind: Person\nmetadata: {{id: {ident}, owner: team-a}}\n"
    "spec: {{email: {ident}@example.org, status: active}}\n"
)
SERVER = (
    "apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {{id: {ident}, owner: {owner}}}\n"
    "spec: {{hostname: {ident}}}\n"
)
SERVICE_ALONE = """\
apiVersion: cmdbgit/v1
kind: Service
metadata: {{id: {ident}, owner: team-a}}
spec: {{criticality: tier-2}}
"""
SERVICE = SERVICE_ALONE + "relations:\n  - {{type: depends_on, target: {target}}}\n"


def _settled(repo: Path) -> set[str]:
    """The files the next judgement skips: clean last time, none of their ids gone since."""
    cache.forget_open_caches()
    revision = open_revision(repo)
    verdicts = neighbours_for(revision)
    inventory = revision.loaded.inventory
    changed = verdicts.changed(inventory.kind_by_id)
    return set(verdicts.settled(files_naming(inventory, revision.rules.kinds, changed)))


def _problems(repo: Path, *args: str) -> list[tuple[str, str]]:
    cache.forget_open_caches()
    forget_judgements(repo)  # judged whole, every other cache kept
    _code, report = run_json("validate", *args, repo=repo)
    return [(p["rule"], p["file"]) for p in report["problems"]]


def _inventory(repo: GitRepo) -> None:
    repo.write("inventory/team-a.yaml", TEAM.format(ident="team-a"))
    repo.write("inventory/team-b.yaml", TEAM.format(ident="team-b"))
    repo.write("inventory/owned-by-b.yaml", SERVER.format(ident="srv-b", owner="team-b"))
    repo.write("inventory/other.yaml", SERVER.format(ident="srv-o", owner="team-a"))
    repo.write("inventory/svc-api.yaml", SERVICE.format(ident="svc-api", target="svc-db"))
    repo.write("inventory/svc-web.yaml", SERVICE.format(ident="svc-web", target="svc-api"))
    repo.write("inventory/svc-db.yaml", SERVICE_ALONE.format(ident="svc-db"))
    repo.commit("inventory")


def test_an_edit_elsewhere_leaves_every_clean_file_settled(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    _inventory(repo)
    assert _problems(repo.path) == []
    assert (cache_folder(repo.path) / NEIGHBOURS_FILE).is_file()
    repo.write("inventory/other.yaml", SERVER.format(ident="srv-o", owner="team-b"))
    settled = _settled(repo.path)
    assert "inventory/other.yaml" not in settled  # a new blob
    assert "inventory/owned-by-b.yaml" in settled and "inventory/svc-api.yaml" in settled


def test_a_removed_team_unsettles_the_files_it_owns(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    _inventory(repo)
    assert _problems(repo.path) == []
    (repo.path / "inventory/team-b.yaml").unlink()
    settled = _settled(repo.path)
    assert "inventory/owned-by-b.yaml" not in settled  # its blob is the same
    assert "inventory/other.yaml" in settled
    assert _problems(repo.path) == [("dangling-reference", "inventory/owned-by-b.yaml")]


def test_a_target_of_another_kind_unsettles_the_relations_to_it(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    _inventory(repo)
    assert _problems(repo.path) == []
    # svc-db becomes a Person: a Service cannot depend on one.
    repo.write("inventory/svc-db.yaml", PERSON.format(ident="svc-db"))
    settled = _settled(repo.path)
    assert "inventory/svc-api.yaml" not in settled
    assert "inventory/svc-web.yaml" in settled  # it depends on svc-api, still a Service
    assert _problems(repo.path) == [("relation-type", "inventory/svc-api.yaml")]
    assert _problems(repo.path) == _problems(repo.path, "--no-cache")


def test_other_relation_types_and_a_damaged_file_settle_nothing(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    _inventory(repo)
    _problems(repo.path)
    assert _settled(repo.path)
    registry = repo.path / "schemas" / "relations.yaml"
    original = registry.read_text()
    registry.write_text(
        original.replace(
            "from: [Service, Application, Database]", "from: [Application, Database]", 1
        )
    )
    assert _settled(repo.path) == set()
    assert {rule for rule, _file in _problems(repo.path)} == {"relation-type"}
    registry.write_text(original)
    _problems(repo.path)
    assert _settled(repo.path)
    file = cache_folder(repo.path) / NEIGHBOURS_FILE
    file.write_bytes(file.read_bytes()[:-3])
    assert _settled(repo.path) == set()
    assert _problems(repo.path) == []
