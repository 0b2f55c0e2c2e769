"""The ~1k-document smoke run of the benchmark (the full one is run by hand, see README)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.benchmarks import run


@pytest.mark.slow
def test_benchmark_runs_every_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows_file = tmp_path / "rows.json"
    argv = ["--sizes", "1000", "--work", str(tmp_path), "--repeat", "1", "--json", str(rows_file)]
    assert run.main(argv) == 0
    printed = capsys.readouterr().out
    assert "| docs | step | wall s (median) |" in printed and "Targets (this run):" in printed
    rows = json.loads(rows_file.read_text())
    assert [r["step"] for r in rows] == [*(step for step, _, _ in run.STEPS),
                                         "peer: check-jsonschema"]  # fmt: skip
    for row in rows[:-1]:
        # Generated inventories are valid, and the change brings no new problem.
        assert row["exit"] == "0", row
        assert row["wall"] > 0 and row["rss_mb"] > 0
