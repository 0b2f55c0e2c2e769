"""``report all --format json`` built beside another process: the same bytes with one process
as with several (``CMDBGIT_WORKERS``; a worker that dies or fails costs no report:
``tests/unit/test_background.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
