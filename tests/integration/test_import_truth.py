"""``report health``'s truth dimension: the share of documents in an import source's scope
that agreed with it when it last looked, from what ``import --write`` records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, GitRepo, run_cli

DATA = ROOT / "tests" / "data" / "import" / "netbox" / "own"
CONFIG = "import:\n  default_owner: team-platform\n"
ORG = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-platform, name: Platform}\n"


def truth(repo: GitRepo) -> dict[str, Any]:
    result = run_cli("report", "health", "--format", "json", repo=repo.path)
    assert result.exit_code in (0, 1), result.output
    dimension = json.loads(result.stdout)["dimensions"]["truth"]
    assert isinstance(dimension, dict)
    return dimension


def imported(repo: GitRepo, saved: Path) -> list[str]:
    result = run_cli("import", "netbox", str(saved), "--write", "--record", repo=repo.path)
    assert result.exit_code == 0, result.output
    repo.commit("import")
    return sorted((repo.path / "observed").iterdir())


def test_truth_follows_the_last_observation(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    repo = scaffold_repo
    repo.write("cmdbgit.yaml", CONFIG)
    repo.write("inventory/org.yaml", ORG)
    repo.commit("org")
    assert (truth(repo)["status"], truth(repo)["score"]) == ("no imports", None)

    saved = tmp_path / "netbox"
    shutil.copytree(DATA, saved)
    imported(repo, saved)
    # Everything was new, written from the observation: it all agreed.
    first = truth(repo)
    assert (first["checked"], first["passed"], first["score"]) == (48, 48, 100.0)

    vms = json.loads((saved / "virtualization-virtual-machines.json").read_text())
    vms["results"][0]["vcpus"] = 8.0  # pay-api-01 grew behind the inventory's back
    del vms["results"][5]  # grafana was switched off
    (saved / "virtualization-virtual-machines.json").write_text(json.dumps(vms))
    imported(repo, saved)
    second = truth(repo)
    assert (second["checked"], second["passed"], second["score"]) == (48, 46, 95.8)
    assert sorted(i["id"] for i in second["failing"]) == ["srv-grafana", "srv-pay-api-01"]
    assert second["failing"][0]["detail"].startswith("disagreed with netbox on ")

    # The next look: pay-api-01 agrees now (the import corrected it), grafana is still gone.
    observed = repo.path / "observed" / "netbox.json"
    before = observed.read_text()
    imported(repo, saved)
    assert observed.read_text() != before
    third = truth(repo)
    assert [i["id"] for i in third["failing"]] == ["srv-grafana"]
    # Nothing changed since: the record is not rewritten (no daily commit for nothing).
    after = observed.read_text()
    result = run_cli("import", "netbox", str(saved), "--write", "--record", repo=repo.path)
    assert result.exit_code == 0
    assert observed.read_text() == after
