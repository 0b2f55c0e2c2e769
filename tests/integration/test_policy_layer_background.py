"""The policy layer found in a forked process gives the same result, to the byte, as found
in this one: located in the same order (so the located-documents budget is spent alike),
waived and expired alike, beside problems of the other layers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cmdbgit.parse import located
from cmdbgit.policy.layer import BACKGROUND_MIN_DOCUMENTS
from cmdbgit.store import parse_cache
from cmdbgit.store.costs import read_costs
from tests.benchmarks.generate import build, git, layout, scaffold, write_files
from tests.conftest import run_json

#: Every generated Server carries a region outside this list: hundreds of violations at a
#: value (located, a position of its own; not located, the document's first line), one
#: waived and one whose waiver expired.
EXTRA_POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {{id: servers-on-mars, owner: {owner}}}
spec:
  description: Servers stand in the region on Mars
  severity: warning
  rule: required-labels
  match: {{kinds: [Server]}}
  params: {{allowed: {{region: [mars-1]}}}}
  exceptions:
    - {{id: {waived}, reason: being migrated, expires: 2030-01-01}}
    - {{id: {expired}, reason: was being migrated, expires: 2020-01-01}}
"""
DANGLING = """\
apiVersion: cmdbgit/v1
kind: Service
metadata: {id: svc-dangling, name: Dangling, owner: team-nobody}
spec: {criticality: tier-3}
"""


def _validate(repo: Path, workers: int) -> tuple[int, str]:
    env = {
        **os.environ,
        "CMDBGIT_WORKERS": str(workers),
        "CMDBGIT_CACHE_DIR": str(repo.parent / f"cache-{workers}"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "cmdbgit", "validate", "--format", "json", "--as-of", "2026-06-01"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.stderr == ""
    return done.returncode, done.stdout


def test_policies_found_beside_the_layers_give_the_same_result(tmp_path: Path) -> None:
    world = build(BACKGROUND_MIN_DOCUMENTS + 500, seed=3)
    servers = sorted(d.id for d in world.by_kind["Server"])
    repo = tmp_path / "repo"
    owner = world.by_kind["Team"][0].id
    scaffold(repo, owner)
    write_files(repo, layout(world))
    # Few documents located precisely: which ones get positions depends on the order the
    # layers and the policies locate them in.
    config = (repo / "cmdbgit.yaml").read_text()
    (repo / "cmdbgit.yaml").write_text(config + "limits: {max_located_documents: 40}\n")
    (repo / "policies/extra.yaml").write_text(
        EXTRA_POLICY.format(owner=owner, waived=servers[0], expired=servers[1])
    )
    (repo / "inventory/dangling.yaml").write_text(DANGLING)
    git(repo, "init", "-q", "-b", "main")

    serial = _validate(repo, 1)
    forked = _validate(repo, 2)
    assert forked == serial
    # What each policy took is remembered, and the next run begins the costliest first: an
    # order only, never a result.
    (folder,) = (tmp_path / "cache-2").iterdir()  # the repository's cache folder
    costs = read_costs(folder)
    assert set(costs) >= {"servers-on-mars"} and all(c >= 0 for c in costs.values())
    assert _validate(repo, 2) == serial
    code, out = serial
    assert code == 1
    assert '"rule": "policy/servers-on-mars"' in out
    assert "exception expired on 2020-01-01" in out  # the expired waiver
    assert '"rule": "dangling-reference"' in out
    assert "are located at their first line only" in out


def test_the_forked_process_locates_what_it_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without remembered positions, the slices of the documents to locate are re-read in
    part by the forked process (those it flagged, as it finds them; the rest in chunks both
    processes take before settling), and every problem is placed where a single process
    places it. How much each process takes depends on scheduling; that this one is left
    with all of it would need the other never to run."""
    world = build(BACKGROUND_MIN_DOCUMENTS + 500, seed=5)
    servers = sorted(d.id for d in world.by_kind["Server"])
    repo = tmp_path / "repo"
    owner = world.by_kind["Team"][0].id
    scaffold(repo)
    (repo / "policies").mkdir()
    (repo / "policies/extra.yaml").write_text(
        EXTRA_POLICY.format(owner=owner, waived=servers[0], expired=servers[1])
    )
    write_files(repo, layout(world))
    (repo / "inventory/dangling.yaml").write_text(DANGLING)
    git(repo, "init", "-q", "-b", "main")
    here: list[str] = []
    real = located.read_positions

    def counted(path: str, *args: Any, **kwargs: Any) -> Any:
        here.append(path)  # a forked process appends to its own copy
        return real(path, *args, **kwargs)

    monkeypatch.setattr(located, "read_positions", counted)  # as the locator calls it

    def validate(workers: int) -> tuple[int, Any]:
        monkeypatch.setenv("CMDBGIT_WORKERS", str(workers))
        monkeypatch.setenv("CMDBGIT_CACHE_DIR", str(tmp_path / f"cache-{workers}"))
        parse_cache.forget_open_caches()
        here.clear()
        return run_json("validate", "--as-of", "2026-06-01", repo=repo)

    serial = validate(1)
    located_serially = len(here)
    forked = validate(2)
    assert forked == serial
    assert serial[0] == 1
    flagged = [p for p in serial[1]["problems"] if p["rule"] == "policy/servers-on-mars"]
    assert len(flagged) > 100
    assert located_serially > 100
    assert len(here) < located_serially
