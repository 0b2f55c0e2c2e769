"""``cmdbgit import backstage``: Backstage's own example catalog and our catalog of mistakes,
imported into an empty inventory that then validates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, GitRepo, run_cli

DATA = ROOT / "tests" / "data" / "import" / "backstage"
CONFIG = "import:\n  default_owner: team-platform\n  backstage: {labels: {env: prod}}\n"
ORG = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-platform, name: Platform}\n"


@pytest.fixture
def repo(scaffold_repo: GitRepo) -> GitRepo:
    scaffold_repo.write("cmdbgit.yaml", CONFIG)
    scaffold_repo.write("inventory/org.yaml", ORG)
    scaffold_repo.commit("org")
    return scaffold_repo


def plan(repo: GitRepo, *inputs: Path) -> tuple[int, dict[str, Any]]:
    result = run_cli("import", "backstage", *map(str, inputs), "--format", "json", repo=repo.path)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def write(repo: GitRepo, *inputs: Path) -> None:
    result = run_cli("import", "backstage", *map(str, inputs), "--write", repo=repo.path)
    assert result.exit_code == 0, result.output


def validate(repo: GitRepo) -> None:
    result = run_cli("validate", repo=repo.path)
    assert result.exit_code == 0, result.output


def test_example_catalog_imports_and_validates(repo: GitRepo) -> None:
    code, first = plan(repo, DATA / "example")
    assert code == 1
    kinds: dict[str, int] = {}
    for new in first["new"]:
        kinds[new["kind"]] = kinds.get(new["kind"], 0) + 1
    assert kinds == {
        "Team": 7,
        "Person": 15,
        "Domain": 2,
        "Service": 3,
        "Application": 5,
        "API": 3,
        "Database": 1,
    }
    # The catalog's own owner mistakes: located, not fatal.
    problems = {(Path(p["where"].rsplit(":", 1)[0]).name, p["message"]) for p in first["problems"]}
    assert problems == {
        (
            "playback-domain.yaml",
            "owner 'user:frank.tiernan' is a User; cmdbgit owners are teams: "
            "the default owner is used",
        ),
        (
            "playback-order-component.yaml",
            "owner 'user:guest' is a User; cmdbgit owners are teams: the default owner is used",
        ),
        (
            "podcast-system.yaml",
            "owner 'user:team-b' names no User in the catalog: the default owner is used",
        ),
    }
    assert all(p["where"].rsplit(":", 1)[1].isdigit() for p in first["problems"])
    by_id = {n["id"]: n for n in first["new"]}
    assert by_id["app-wayback-search"]["relations"] == [
        {"type": "provides_api", "target": "api-wayback-search"},
        {"type": "consumes_api", "target": "api-wayback-archive"},
    ]
    assert by_id["app-artist-lookup"]["relations"] == [
        {"type": "part_of", "target": "svc-artist-engagement-portal"},
        {"type": "depends_on", "target": "db-artists-db"},
    ]
    assert by_id["team-a"]["fields"]["spec.parent"] == "team-backstage"
    assert "person-development-guest" in by_id["team-a"]["fields"]["spec.members"]

    write(repo, DATA / "example")
    validate(repo)
    wayback = (repo.path / "inventory/application/app-wayback-search.yaml").read_text()
    assert "owner: team-a\n" in wayback and "owner-unconfirmed" not in wayback
    podcast = (repo.path / "inventory/service/svc-podcast.yaml").read_text()
    assert "owner: team-platform" in podcast and "owner-unconfirmed" in podcast
    assert (repo.path / "inventory/api/api-spotify.yaml").is_file()
    # The same catalog again: nothing to do, the mistakes still listed.
    code, again = plan(repo, DATA / "example")
    assert (code, again["summary"]["new"], again["summary"]["drifted"]) == (0, 0, 0)
    assert len(again["problems"]) == 3


def test_changed_catalog_yields_exactly_the_change(repo: GitRepo, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "example", catalog)
    write(repo, catalog)
    repo.commit("imported")
    api = catalog / "wayback-search-api.yaml"
    api.write_text(api.read_text().replace("lifecycle: production", "lifecycle: deprecated"))
    component = catalog / "wayback-search-component.yaml"
    component.write_text(component.read_text() + "    - spotify\n")  # consumes one more API
    (catalog / "team-c-group.yaml").unlink()
    code, second = plan(repo, catalog)
    assert code == 1
    assert second["new"] == []
    assert second["drifted"] == [
        {
            "id": "api-wayback-search",
            "path": "spec.lifecycle",
            "declared": "production",
            "observed": "deprecated",
            "owned_by": "backstage",
            "applied": True,
        },
        {
            "id": "app-wayback-search",
            "path": "relations",
            "declared": None,
            "observed": {"type": "consumes_api", "target": "api-spotify"},
            "owned_by": "people",
            "applied": False,
        },
    ]
    assert sorted(m["id"] for m in second["missing"]) == [
        "person-calum-leavy",
        "person-frank-tiernan",
        "person-peadar-macmahon",
        "person-sarah-gilroy",
        "person-tara-macgovern",
        "team-c",
    ]


def test_mistakes_are_located_problems_and_the_rest_imports(repo: GitRepo) -> None:
    code, first = plan(repo, DATA / "mistakes")
    assert code == 1
    assert sorted(n["id"] for n in first["new"]) == [
        "api-finance-ledger-api",
        "app-finance-checkout",
        "app-finance-ledger",
        "db-finance-orders-db",
        "svc-finance-shop",
        "team-finance-payments",
    ]
    where = sorted((Path(p["where"]).name, p["message"].split(":")[0]) for p in first["problems"])
    assert where == [
        ("broken.yaml:5:7", "invalid YAML"),
        ("catalog-info.yaml:2", "spec.parent"),
        ("catalog-info.yaml:28", "metadata.owner"),
        ("catalog-info.yaml:69", "an entity needs a kind and metadata.name"),
        ("catalog-info.yaml:82", "a User needs spec.profile.email; skipped"),
    ]
    checkout = next(n for n in first["new"] if n["id"] == "app-finance-checkout")
    assert {"type": "depends_on", "target": "app-finance-ledger"} in checkout["relations"]
    write(repo, DATA / "mistakes")
    validate(repo)


def test_not_backstage_yaml_is_a_problem_not_a_crash(repo: GitRepo, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: x}\n---\n- a list\n")
    code, result = plan(repo, bad)
    assert code == 0
    assert [p["message"] for p in result["problems"]] == ["not a Backstage entity (apiVersion)"] * 2
