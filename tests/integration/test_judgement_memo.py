"""Remembered judgements: an unchanged revision judged again under the same rules on the same
date is not judged again — and any change to documents, rules or date is."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from cmdbgit.store import memo
from cmdbgit.store import parse_cache as cache
from tests.conftest import GitRepo, cache_folder, run_cli
from tests.integration.pr_org import build_main, change_on_branch

TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a}\n"
SERVER = """\
apiVersion: cmdbgit/v1
kind: Server
metadata: {{id: srv-1, owner: team-a}}
spec: {{hostname: srv-1, cpu_cores: {cores}}}
"""
POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: env-label}
spec:
  rule: required-labels
  severity: error
  match: {kinds: [Server]}
  params: {labels: [env]}
"""


def _validate(repo: Path, *args: str, as_of: str = "2026-11-27") -> tuple[dict[str, Any], bool]:
    """The JSON report and whether it came from the memo."""
    cache.forget_open_caches()
    hits = memo.STATS.hits
    result = run_cli("--repo", str(repo), "validate", "--format", "json", "--as-of", as_of, *args)
    return json.loads(result.stdout), memo.STATS.hits > hits


def _rules(report: dict[str, Any]) -> list[str]:
    return sorted(p["rule"] for p in report["problems"])


def test_unchanged_revision_is_remembered_and_changes_are_not(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/srv.yaml", SERVER.format(cores=0))
    repo.commit("inventory")
    first, hit = _validate(repo.path)
    assert (_rules(first), hit) == (["schema"], False)
    assert _validate(repo.path) == (first, True)

    # No policy reads the date: a judgement from another day (a CI cache) still answers.
    assert _validate(repo.path, as_of="2026-11-28") == (first, True)
    repo.write("inventory/srv.yaml", SERVER.format(cores=2))  # another blob
    assert _validate(repo.path) == ({**first, "problems": [], "ok": True,
                                     "summary": {**first["summary"], "errors": 0}}, False)  # fmt: skip

    repo.write("policies/env.yaml", POLICY)  # another rule set (the working tree's)
    report, hit = _validate(repo.path)
    assert (_rules(report), hit) == (["policy/env-label"], False)
    assert _validate(repo.path) == (report, True)
    assert _validate(repo.path, as_of="2026-11-28")[1] is False  # policies may read the date


def test_a_remembered_validate_decodes_no_document(scaffold_repo: GitRepo) -> None:
    """Answered from the listing (paths and blob ids) alone; junit, which lists every
    document that passed, still loads them, and says the same."""
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/srv.yaml", SERVER.format(cores=0))
    repo.commit("inventory")
    first, _ = _validate(repo.path)
    decoded = cache.STATS.reused
    assert _validate(repo.path) == (first, True)
    assert cache.STATS.reused == decoded
    # Limiting the output to a path works from the listing too.
    only, hit = _validate(repo.path, "inventory/team.yaml")
    assert hit and only["problems"] == [] and cache.STATS.reused == decoded
    junit = run_cli("--repo", str(repo.path), "validate", "--format", "junit")
    assert junit.stdout.count("<testcase ") == 2 and "srv-1" in junit.stdout
    assert cache.STATS.reused > decoded


def test_ref_and_no_cache(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.commit("inventory")
    assert _validate(repo.path, "--ref", "HEAD", "--no-cache")[1] is False
    assert not (cache_folder(repo.path) / memo.MEMO_FILE).exists()
    report, _ = _validate(repo.path, "--ref", "HEAD")
    assert _validate(repo.path, "--ref", "HEAD") == (report, True)
    damaged = cache_folder(repo.path) / memo.MEMO_FILE
    damaged.write_bytes(damaged.read_bytes()[:-1])
    assert _validate(repo.path, "--ref", "HEAD") == (report, False)


def test_a_remembered_check_equals_a_fresh_one(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    """`check` on a branch with a change: base and head judgements remembered by the first run
    answer the second, and the outputs equal those of a run with no cache at all."""
    repo = scaffold_repo
    build_main(repo)
    repo.write("policies/env.yaml", POLICY)
    repo.commit("policies")
    change_on_branch(repo)

    def check() -> tuple[str, str, bool]:
        cache.forget_open_caches()
        hits = memo.STATS.hits
        out, report = tmp_path / "check.json", tmp_path / "report.md"
        run_cli("--repo", str(repo.path), "check", "--base", "main", "--json", str(out),
                "--report", str(report), "--format", "text")  # fmt: skip
        return out.read_text(), report.read_text(), memo.STATS.hits - hits == 2

    shutil.rmtree(cache_folder(repo.path))
    fresh = check()
    assert not fresh[2] and '"verdict": "fail"' in fresh[0]
    remembered = check()
    assert remembered == (*fresh[:2], True)
