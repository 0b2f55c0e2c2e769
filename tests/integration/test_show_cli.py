"""``cmdbgit show``: the service-desk card on a purpose-built repository."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo, run_cli
from tests.integration.query_org import build


@pytest.fixture
def org(scaffold_repo: GitRepo) -> GitRepo:
    return build(scaffold_repo)


def card(org: GitRepo, ident: str) -> dict[str, Any]:
    result = run_cli("show", ident, "--format", "json", repo=org.path)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_server_card(org: GitRepo) -> None:
    data = card(org, "srv-1")
    assert (data["id"], data["kind"], data["name"]) == ("srv-1", "Server", "Server one")
    assert data["file"] == "inventory/servers.yaml" and data["line"] == 1
    owner = data["owner"]
    assert (owner["id"], owner["name"], owner["github"]) == ("team-ops", "Operations", "@acme/ops")
    assert owner["members"] == [
        {
            "id": "p-ann",
            "kind": "Person",
            "name": "Ann Example",
            "email": "ann@example.com",
            "status": "active",
        },
        {
            "id": "p-bob",
            "kind": "Person",
            "name": "Bob Example",
            "email": "bob@example.com",
            "status": "leaving",
        },
    ]
    (asset,) = data["assets"]  # the CI's linked asset
    assert asset["id"] == "hw-srv-1" and asset["serial"] == "SN-001"
    assert asset["purchase"]["cost"]["amount"] == "12000.00"
    assert asset["purchase"]["invoice"] == "INV-7"
    # As of 2026-11-27 the warranty (ended 2026-10-01) is 57 days past.
    assert asset["warranty"] == {
        "end": "2026-10-01",
        "contract": None,
        "days_left": -57,
        "status": "expired",
    }
    # Straight line, 12000 over 48 months, 34 whole months elapsed: 12000 - 8500 = 3500.
    assert asset["depreciation"]["months_elapsed"] == 34
    assert asset["depreciation"]["book_value"]["amount"] == "3500.00"
    assert asset["assigned_to"]["id"] == "p-bob"
    assert asset["assigned_to"]["email"] == "bob@example.com"
    # Relations in, named by the registry's inverse.
    assert data["relations"]["out"] == []
    (incoming,) = data["relations"]["in"]
    assert (incoming["id"], incoming["type"], incoming["inverse"]) == ("app-web", "runs_on", "runs")
    refs = {(r["path"], r["id"]) for r in data["references"]}
    assert refs == {("metadata.owner", "team-ops"), ("spec.asset", "hw-srv-1")}
    change = data["last_change"]
    assert change["subject"] == "the organisation"
    assert change["author"] == "Test Author" and len(change["sha"]) == 40
    assert change["date"].startswith("2026-01-01")


def test_asset_card_names_the_ci_that_uses_it(org: GitRepo) -> None:
    data = card(org, "hw-srv-1")
    assert [a["id"] for a in data["assets"]] == ["hw-srv-1"]
    assert {(r["path"], r["id"]) for r in data["referenced_by"]} == {("spec.asset", "srv-1")}


def test_relations_out_and_person_card(org: GitRepo) -> None:
    data = card(org, "app-web")
    out = {(r["type"], r["id"], r["kind"]) for r in data["relations"]["out"]}
    assert out == {("runs_on", "srv-1", "Server"), ("part_of", "svc-shop", "Service")}
    (incoming,) = data["relations"]["in"]
    assert (incoming["id"], incoming["inverse"]) == ("end", "used_by")
    person = card(org, "p-bob")
    held = {(r["path"], r["id"]) for r in person["referenced_by"]}
    assert held == {("spec.assigned_to", "hw-srv-1"), ("spec.members[1]", "team-ops")}


def test_last_change_follows_the_document(org: GitRepo) -> None:
    servers = (org.path / "inventory/servers.yaml").read_text()
    org.write("inventory/servers.yaml", servers.replace("cpu_cores: 16", "cpu_cores: 32"))
    org.commit("more cores for srv-2")
    assert card(org, "srv-2")["last_change"]["subject"] == "more cores for srv-2"
    assert card(org, "srv-1")["last_change"]["subject"] == "the organisation"


def test_text_card(org: GitRepo) -> None:
    result = run_cli("show", "srv-1", repo=org.path)
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("srv-1  (Server)  Server one\n")
    for expected in (
        "Owner  team-ops  Operations  @acme/ops",
        "p-bob  Bob Example  <bob@example.com>  [leaving]",
        "Asset  hw-srv-1  Rack server 1  serial SN-001",
        "purchased     2024-01-01  12,000.00 EUR  (invoice INV-7)",
        "warranty      until 2026-10-01 (expired 57 days ago)",
        "book value 3,500.00 EUR",
        "runs ← app-web",
        "Last change  ",
        "the organisation",
    ):
        assert expected in text, expected


def test_uncommitted_document(org: GitRepo) -> None:
    org.write("inventory/new.yaml", "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: t-new}\n")
    assert card(org, "t-new")["last_change"] is None
    assert "Last change  none committed" in run_cli("show", "t-new", repo=org.path).stdout


def test_unknown_id_suggests(org: GitRepo) -> None:
    result = run_cli("show", "srv-3", repo=org.path)
    assert result.exit_code == 2
    assert result.stderr.startswith("cmdbgit: error: no document with id 'srv-3' (did you mean ")
    assert "'srv-1'" in result.stderr and "'srv-2'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_shallow_clone_last_change(org: GitRepo, tmp_path: Path) -> None:
    servers = (org.path / "inventory/servers.yaml").read_text()
    org.write("inventory/servers.yaml", servers.replace("cpu_cores: 16", "cpu_cores: 32"))
    org.commit("more cores for srv-2")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{org.path}", str(clone)], check=True
    )
    # The only commit is the cut: what it changed is unknown.
    result = run_cli("show", "srv-2", "--format", "json", repo=clone)
    data = json.loads(result.stdout)
    assert data["last_change"] is None and data["history_truncated"] is True
    assert "history is cut" in run_cli("show", "srv-2", repo=clone).stdout
