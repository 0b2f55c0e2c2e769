"""``report`` begins its reports before the policies' violations are known (they never leave a
document out; only health's compliance score reads them): the output is the same to the byte
with one process as with several, the judgement it remembers is the one ``validate`` writes
(and a later ``validate`` is answered from it), and a policy process that dies costs nothing
but time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cmdbgit.judge import Judgement
from cmdbgit.policy import layer
from cmdbgit.reports import run
from cmdbgit.revision import open_revision
from cmdbgit.store import memo
from cmdbgit.store import parse_cache as cache
from tests.benchmarks.generate import build, git, layout, scaffold, write_files
from tests.conftest import AS_OF, run_cli
from tests.processes import children_of

#: Every generated Server stands outside this region: hundreds of warnings, one waived.
MARS = """\
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
"""
#: A blocking problem: this document is left out of the reports.
DANGLING = """\
apiVersion: cmdbgit/v1
kind: Service
metadata: {id: svc-dangling, name: Dangling, owner: team-nobody}
spec: {criticality: tier-3}
"""


@pytest.fixture(scope="module")
def large_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough for the policies to be found in a forked process, few documents located
    precisely (which ones get positions depends on the order things are located in)."""
    world = build(layer.BACKGROUND_MIN_DOCUMENTS + 500, seed=5)
    servers = sorted(d.id for d in world.by_kind["Server"])
    owner = world.by_kind["Team"][0].id
    repo = tmp_path_factory.mktemp("large") / "repo"
    scaffold(repo, owner)
    write_files(repo, layout(world))
    config = (repo / "cmdbgit.yaml").read_text()
    (repo / "cmdbgit.yaml").write_text(config + "limits: {max_located_documents: 40}\n")
    (repo / "policies/mars.yaml").write_text(MARS.format(owner=owner, waived=servers[0]))
    (repo / "inventory/dangling.yaml").write_text(DANGLING)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "inventory", date="2026-01-01T00:00:00+00:00")
    return repo


def _run(repo: Path, cache_dir: Path, workers: int, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CMDBGIT_WORKERS": str(workers), "CMDBGIT_CACHE_DIR": str(cache_dir)}
    return subprocess.run(
        [sys.executable, "-m", "cmdbgit", "--as-of", AS_OF, *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _memo_bytes(cache_dir: Path) -> bytes:
    (found,) = cache_dir.rglob(memo.MEMO_FILE)
    return found.read_bytes()


def test_reports_and_remembered_judgement_are_the_same_however_many_processes(
    large_repo: Path, tmp_path: Path
) -> None:
    reports = {}
    for workers in (1, 2, 3):
        reports[workers] = _run(
            large_repo, tmp_path / f"cache-{workers}", workers, "report", "all", "--format", "json"
        )
        assert reports[workers].returncode == 0 and reports[workers].stderr == ""
    assert reports[2].stdout == reports[1].stdout == reports[3].stdout
    text = _run(large_repo, tmp_path / "cache-text", 2, "report", "all")
    assert text.returncode == 0 and "servers-on-mars" not in text.stderr

    whole = json.loads(reports[2].stdout)
    assert "1 document(s) with errors were left out" in " ".join(whole["notes"])
    failing = whole["reports"]["health"]["dimensions"]["compliance"]["failing"]
    rules = {p["rule"] for item in failing for p in item["problems"]}
    assert "policy/servers-on-mars" in rules  # the violations arrived in time for health

    # The judgement each report run remembered is the one validate remembers alone.
    judged = _run(large_repo, tmp_path / "cache-validate", 2, "validate", "--format", "json")
    assert judged.returncode == 1 and '"rule": "dangling-reference"' in judged.stdout
    assert '"rule": "policy/servers-on-mars"' in judged.stdout
    alone = _memo_bytes(tmp_path / "cache-validate")
    for written in ("cache-1", "cache-2", "cache-3", "cache-text"):
        assert _memo_bytes(tmp_path / written) == alone, written
    # … and a later validate is answered from it, with the same result.
    again = _run(large_repo, tmp_path / "cache-2", 2, "validate", "--format", "json")
    assert (again.returncode, again.stdout) == (judged.returncode, judged.stdout)
    assert _memo_bytes(tmp_path / "cache-2") == alone


def test_a_later_validate_is_answered_from_what_report_remembered(
    large_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "2")
    hits = memo.STATS.hits
    run_cli("report", "warranty", "--format", "json", repo=large_repo)  # reads no problem
    assert memo.STATS.hits == hits
    cache.forget_open_caches()
    validated = run_cli("validate", "--format", "json", repo=large_repo)
    assert memo.STATS.hits == hits + 1
    assert '"rule": "policy/servers-on-mars"' in validated.stdout


def test_the_known_problems_are_every_one_but_the_violations(large_repo: Path) -> None:
    revision = open_revision(large_repo, None)
    judgement = Judgement(revision, date.fromisoformat(AS_OF))
    # (not placed yet: at their documents' first lines, so compared without positions)
    known = sorted((p.file, p.rule, p.id, p.path, p.message) for p in judgement.known)
    assert known and not any(rule.startswith("policy/") for _f, rule, *_ in known)
    whole = judgement.result().problems
    assert known == sorted(
        (p.file, p.rule, p.id, p.path, p.message) for p in whole if not p.rule.startswith("policy/")
    )
    assert any(p.rule.startswith("policy/") for p in whole)
    assert judgement.known == whole  # once finished, everything


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", ["killed", "raises"])
def test_a_policy_process_that_dies_costs_nothing_but_time(
    large_repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str
) -> None:
    serial = _run(large_repo, tmp_path / "serial", 1, "report", "all", "--format", "json")
    parent = os.getpid()
    portable = layer._Finder.portable

    def dies_away_from_home(self: layer._Finder, which: int) -> object:
        if os.getpid() != parent and which == 1:
            if how == "killed":  # as the out-of-memory killer would: a real signal
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("a bug away from home")
        return portable(self, which)

    monkeypatch.setattr(layer._Finder, "portable", dies_away_from_home)
    monkeypatch.setenv("CMDBGIT_WORKERS", "2")
    result = run_cli("report", "all", "--format", "json", repo=large_repo)
    assert result.stdout == serial.stdout
    assert not children_of(parent), "no process is left behind"


def test_a_worker_never_finishes_the_judgement(
    large_repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Health built in the forked worker instead: it cannot settle the violations there (a
    copy), so it is built again in the first process — the same bytes, the same memo."""
    serial = _run(large_repo, tmp_path / "serial", 1, "report", "all", "--format", "json")
    monkeypatch.setattr(run, "IN_WORKERS", ("health", *run.IN_WORKERS))
    monkeypatch.setattr(run, "HERE", ())
    monkeypatch.setenv("CMDBGIT_WORKERS", "2")
    monkeypatch.setenv("CMDBGIT_CACHE_DIR", str(tmp_path / "forked"))
    result = run_cli("report", "all", "--format", "json", repo=large_repo)
    assert result.stdout == serial.stdout
    assert _memo_bytes(tmp_path / "forked") == _memo_bytes(tmp_path / "serial")


def test_a_forked_copy_cannot_finish_a_judgement(large_repo: Path) -> None:
    judgement = Judgement(open_revision(large_repo, None), date.fromisoformat(AS_OF))
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            judgement.result()
        except RuntimeError:
            os._exit(0)
        os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the copy refused"
    assert any(p.rule == "policy/servers-on-mars" for p in judgement.result().problems)
