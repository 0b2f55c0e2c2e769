"""``report all --format json`` in forked workers: the same bytes with one process as with
several (``CMDBGIT_WORKERS``), and a worker that dies or fails costs no report."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cmdbgit.reports import forked
from tests.conftest import AS_OF, ROOT
from tests.integration.report_org import build_example


def _report(repo: Path, workers: int, *extra: str) -> bytes:
    env = {**os.environ, "CMDBGIT_WORKERS": str(workers), "CMDBGIT_CACHE_DIR": str(repo / ".c")}
    command = [sys.executable, "-m", "cmdbgit", "--as-of", AS_OF, "report", "all"]
    done = subprocess.run(
        [*command, "--format", "json", *extra],
        cwd=repo,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b"" or extra, done.stderr.decode()
    return done.stdout


def _same_with_any_worker_count(repo: Path, tmp_path: Path) -> None:
    serial = _report(repo, 1)
    assert serial.startswith(b'{\n  "report": "all"') and serial.endswith(b"\n  }\n}\n")
    for workers in (2, 3):
        assert _report(repo, workers) == serial, f"{workers} workers"
    # Written to a file: the same bytes.
    _report(repo, 2, "--output", str(tmp_path / "all.json"))
    assert (tmp_path / "all.json").read_bytes() == serial


def test_the_example_is_the_same_serial_and_parallel(tmp_path: Path) -> None:
    repo, _data = build_example(tmp_path)
    _same_with_any_worker_count(repo, tmp_path)


def test_a_generated_inventory_is_the_same_serial_and_parallel(tmp_path: Path) -> None:
    out = tmp_path / "inv"
    generator = ROOT / "tests" / "benchmarks" / "generate.py"
    subprocess.run(
        [sys.executable, str(generator), str(out), "--docs", "1500", "--seed", "3"],
        check=True,
        capture_output=True,
    )
    _same_with_any_worker_count(out, tmp_path)


NAMES = ["alpha", "beta", "gamma", "delta", "epsilon"]


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found.extend(int(c) for c in text.split())
    return found


def _expected(name: str) -> bytes:
    return name.encode() * 100_000  # larger than a pipe's buffer


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", ["killed", "raises"])
def test_a_worker_that_dies_or_fails_costs_no_report(
    how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "3")
    parent = os.getpid()
    built: list[str] = []

    def build(name: str) -> bytes:
        if os.getpid() == parent:
            built.append(name)
        elif name in ("beta", "delta"):
            # Whatever process builds these other than this one dies (as on a crash or the
            # out-of-memory killer) or fails: the signal is real, the process dies.
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("a report failed in a worker")
        return _expected(name)

    result = forked.map_forked(build, NAMES)
    assert list(result) == NAMES
    assert all(result[name] == _expected(name) for name in NAMES)
    # What the workers did not deliver was built here (and perhaps more).
    assert {"beta", "delta"} <= set(built)
    assert not _children(parent), "no worker is left behind"


def test_a_report_that_fails_everywhere_fails_the_run_as_serially(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "2")
    parent = os.getpid()

    def build(name: str) -> bytes:
        if name == "gamma":
            raise ValueError("gamma is broken")
        return _expected(name)

    with pytest.raises(ValueError, match="gamma is broken"):
        forked.map_forked(build, NAMES)
    assert not _children(parent), "no worker is left behind"


def test_one_worker_forks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "1")
    pids: set[int] = set()

    def build(name: str) -> bytes:
        pids.add(os.getpid())
        return _expected(name)

    assert forked.map_forked(build, NAMES) == {n: _expected(n) for n in NAMES}
    assert pids == {os.getpid()}


def test_the_names_kept_here_are_built_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "2")

    parent = os.getpid()

    def build(name: str) -> bytes:
        if os.getpid() == parent and name == "alpha":
            time.sleep(1)  # the worker is surely under way meanwhile
        return str(os.getpid()).encode()

    result = forked.map_forked(build, NAMES, here=["gamma", "alpha"])
    assert list(result) == NAMES
    mine = str(os.getpid()).encode()
    assert result["alpha"] == result["gamma"] == mine
    # The first shared name is taken by the worker while this process is busy.
    assert result["beta"] != mine
