"""Problems are placed at their line and column at the end of the judgement, documents in
file order: when more documents have problems than ``limits.max_located_documents``, the
first ones in file order get exact positions, whichever checker found their problems and in
whatever order — the condition for reusing earlier findings without changing the output."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdbgit.store import parse_cache as cache
from tests.conftest import GitRepo, cache_folder, run_json

CONFIG = "limits: {max_located_documents: 3}\n"
TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a}\n"
#: A dangling owner (the ``references`` layer) in one file, a hostname of the wrong type
#: (the ``schema`` layer, which runs first) in another; each document below a comment, so its
#: first line is not where its problem is.
DANGLING = """\
# dangling owner
apiVersion: cmdbgit/v1
kind: Server
metadata:
  id: srv-a{n}
  owner: team-nobody
spec:
  hostname: srv-a{n}
"""
WRONG_TYPE = """\
# wrong type
apiVersion: cmdbgit/v1
kind: Server
metadata:
  id: srv-b{n}
  owner: team-a
spec:
  hostname: 5
"""
POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: env-label, owner: team-a}
spec:
  rule: required-labels
  severity: warning
  match: {kinds: [Server]}
  params: {labels: [env]}
"""


@pytest.fixture
def repo(scaffold_repo: GitRepo) -> GitRepo:
    scaffold_repo.write("cmdbgit.yaml", CONFIG)
    scaffold_repo.write("inventory/team.yaml", TEAM)
    for n in range(3):
        scaffold_repo.write(f"inventory/a{n}.yaml", DANGLING.format(n=n))
        scaffold_repo.write(f"inventory/b{n}.yaml", WRONG_TYPE.format(n=n))
    scaffold_repo.commit("inventory")
    return scaffold_repo


def _placed(repo: Path) -> tuple[list[tuple[str, str, int, int]], list[str]]:
    cache.forget_open_caches()
    for found in cache_folder(repo).glob("*.msgpack"):
        found.unlink()  # nothing remembered: placed afresh
    _code, report = run_json("validate", repo=repo)
    problems = [(p["file"], p["rule"], p["line"], p["column"]) for p in report["problems"]]
    return problems, report["notes"]


def _by_file(problems: list[tuple[str, str, int, int]]) -> dict[str, set[tuple[int, int]]]:
    out: dict[str, set[tuple[int, int]]] = {}
    for file, _rule, line, column in problems:
        out.setdefault(Path(file).stem, set()).add((line, column))
    return out


def test_the_first_documents_in_file_order_get_positions(repo: GitRepo) -> None:
    problems, notes = _placed(repo.path)
    where = _by_file(problems)
    # a0–a2 come first in file order: placed exactly, though their problems (references)
    # were found after those of b0–b2 (schema)
    assert where["a0"] == where["a1"] == where["a2"] == {(6, 10)}
    assert where["b0"] == where["b1"] == where["b2"] == {(2, 1)}  # the document's first line
    assert any("3 are located at their first line only" in note for note in notes)


def test_policy_violations_are_placed_in_the_same_file_order(repo: GitRepo) -> None:
    repo.write("policies/env.yaml", POLICY)
    repo.commit("policy")
    problems, notes = _placed(repo.path)
    rules = {(Path(f).stem, rule) for f, rule, _l, _c in problems}
    assert ("a0", "policy/env-label") in rules and ("b2", "policy/env-label") in rules
    where = _by_file(problems)
    # the violation's place in a0–a2 (``metadata``, the labels' nearest ancestor) is exact
    assert where["a0"] == {(6, 10), (4, 1)} and where["a2"] == {(6, 10), (4, 1)}
    assert where["b0"] == where["b2"] == {(2, 1)}
    assert any("3 are located at their first line only" in note for note in notes)
