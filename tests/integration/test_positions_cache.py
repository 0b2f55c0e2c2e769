"""Positions of located problems remembered by blob: a run that judges unchanged files again
(one other file edited, both sides of a check) places every problem exactly where a fresh run
does, without re-reading the documents to locate them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from cmdbgit.parse import located
from cmdbgit.store import parse_cache as cache
from cmdbgit.store.positions import POSITIONS_FILE
from tests.conftest import GitRepo, cache_folder, forget_judgements, run_cli, run_json

TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a}\n"
SERVER = """\
# a comment, so the document does not start at line 1
apiVersion: cmdbgit/v1
kind: Server
metadata:
  id: srv-{n}
  owner: team-a
spec:
  hostname: srv-{n}
"""
POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: env-label}
spec:
  rule: required-labels
  severity: warning
  match: {kinds: [Server]}
  params: {labels: [env]}
"""


def _validate(repo: Path, *args: str) -> list[tuple[str, str, int, int]]:
    cache.forget_open_caches()
    forget_judgements(repo)  # judged whole, every other cache kept
    _code, report = run_json("validate", *args, repo=repo)
    return [(p["rule"], p["file"], p["line"], p["column"]) for p in report["problems"]]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the locator re-reads (the real located loader still runs)."""
    seen: list[str] = []
    real = located.read_positions

    def counted(path: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(located, "read_positions", counted)  # as the locator calls it
    return seen


def test_remembered_positions_place_problems_as_a_fresh_run(
    scaffold_repo: GitRepo, parses: list[str]
) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    for n in range(3):
        repo.write(f"inventory/srv-{n}.yaml", SERVER.format(n=n))
    repo.write("policies/labels.yaml", POLICY)
    repo.commit("inventory")
    fresh = _validate(repo.path, "--no-cache")
    assert [p[1:] for p in fresh] == [(f"inventory/srv-{n}.yaml", 4, 1) for n in range(3)]
    assert _validate(repo.path) == fresh
    assert (cache_folder(repo.path) / POSITIONS_FILE).is_file()
    parses.clear()
    repo.write("inventory/srv-2.yaml", SERVER.format(n=2) + "  ip: 10.0.0.2\n")
    assert _validate(repo.path) == fresh
    assert parses == ["inventory/srv-2.yaml"]  # only the edited file is read again


def test_a_damaged_positions_file_is_ignored(scaffold_repo: GitRepo, parses: list[str]) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/srv-0.yaml", SERVER.format(n=0))
    repo.write("policies/labels.yaml", POLICY)
    repo.commit("inventory")
    first = _validate(repo.path)
    stored = cache_folder(repo.path) / POSITIONS_FILE
    stored.write_bytes(stored.read_bytes()[:-2])
    parses.clear()
    assert _validate(repo.path) == first
    assert parses == ["inventory/srv-0.yaml"]


def test_a_check_locates_a_file_both_sides_hold_once(
    scaffold_repo: GitRepo, parses: list[str]
) -> None:
    """Nothing cached (a fresh CI runner): the base's problems in files the head holds too
    are placed from what locating the head's found, not by re-reading them."""
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    for n in range(3):
        repo.write(f"inventory/srv-{n}.yaml", SERVER.format(n=n))
    repo.write("policies/labels.yaml", POLICY)
    repo.commit("inventory")
    repo.git("checkout", "-q", "-b", "change")
    repo.write("inventory/srv-2.yaml", SERVER.format(n=2) + "  ip: 10.0.0.2\n")
    repo.commit("edit")
    shutil.rmtree(cache_folder(repo.path))
    cache.forget_open_caches()
    parses.clear()
    out = repo.path.parent / "check.json"
    result = run_cli("check", "--base", "main", "--json", str(out), repo=repo.path)
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    # every server lacks the label on both sides: nothing new, three existing
    problems = report["problems"]
    assert (len(problems["new"]), len(problems["existing"])) == (0, 3)
    assert {(p["file"], p["line"]) for p in problems["existing"]} == {
        (f"inventory/srv-{n}.yaml", 4) for n in range(3)
    }
    # srv-2 differs, so each side re-reads its own; srv-0 and srv-1 are read once
    assert sorted(parses) == [f"inventory/srv-{n}.yaml" for n in (0, 1, 2, 2)]
