"""Forked parse workers: they die with their parent (``cmdbgit validate | tail`` always ends),
and a worker that dies costs no run — its files are parsed again alone, and a file that kills
its parser is a ``yaml`` problem."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cmdbgit.model.config import Limits
from cmdbgit.source import batch
from tests.processes import children_of

TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {{id: team-{n}}}\n"


def _files(count: int) -> dict[str, bytes]:
    return {f"inventory/t{n:05}.yaml": TEAM.format(n=n).encode() for n in range(count)}


def test_a_killed_worker_costs_only_the_file_that_killed_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "3")
    files = _files(batch.PARALLEL_MIN_FILES + 200)
    parent = os.getpid()
    deadly = f"inventory/t{batch.PARALLEL_MIN_FILES + 190:05}.yaml"

    def read(path: str) -> bytes | None:
        # A file that kills whatever process parses it other than this one (as a parser
        # crash would): the signal is real, the process dies.
        if path == deadly and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return files.get(path)

    # This process parses chunks too; it must not take the deadly one, so it reads nothing
    # until the workers have taken every chunk.
    paths = sorted(files)
    results = batch._parse(_slow_here(read, parent), paths, Limits(), encode=True)
    loaded = {r[0].path: r[0] for r in results if r[0] is not None}
    assert sorted(loaded) == paths
    problems = [p for f in loaded.values() for p in f.problems]
    assert [(p.file, p.rule, p.severity) for p in problems] == [(deadly, "yaml", "error")]
    assert "crashed" in problems[0].message and "SIGKILL" in problems[0].message
    assert all(len(loaded[p].documents) == 1 for p in paths if p != deadly)
    assert not children_of(parent), "no worker is left behind"


def _slow_here(read: batch.Callable[[str], bytes | None], parent: int):  # type: ignore[no-untyped-def]
    def slow(path: str) -> bytes | None:
        if os.getpid() == parent:
            time.sleep(0.01)
        return read(path)

    return slow


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    project = tmp_path / "project"
    inventory = project / "inventory"
    inventory.mkdir(parents=True)
    # Enough files for parallel parsing, each slow enough that the workers are still busy
    # when the parent is killed.
    body = "".join(f"k{i}: [{', '.join(str(j) for j in range(40))}]\n" for i in range(60))
    for n in range(3000):
        (inventory / f"t{n:05}.yaml").write_text(TEAM.format(n=n) + "spec:\n  x: 1\n" + body)
    env = {**os.environ, "CMDBGIT_WORKERS": "3", "CMDBGIT_CACHE_DIR": str(tmp_path / "c")}
    process = subprocess.Popen(
        [sys.executable, "-m", "cmdbgit", "validate", "--no-cache"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        workers = children_of(process.pid)
        time.sleep(0.01)
    assert len(workers) >= 2, "the run forked its workers"
    process.kill()
    process.wait()
    assert process.stdout is not None
    # The end of the pipe comes once no process holds it: the workers let go of it.
    with process.stdout:
        assert _reaches_end(process.stdout.fileno(), seconds=10), "a worker holds the pipe"
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "a worker outlived its parent"


def _reaches_end(fd: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready and not os.read(fd, 65536):
            return True
    return False


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"
