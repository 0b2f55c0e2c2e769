"""The ~1k-document smoke run of the benchmark (the full one is run by hand, see README)."""

from __future__ import annotations

import json
import sys
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


def test_targets_are_judged_at_100k_and_growth_to_300k() -> None:
    """The targets judged on rows of the sizes they name (the smoke run has none of them)."""
    rows = [
        run.Row(size, step, "cmdbgit …", wall, 900.0 if size == 100_000 else 2600.0, "0")
        for size, factor in ((100_000, 1.0), (300_000, 3.5))
        for step, _, _ in run.STEPS
        for wall in [run.TARGETS_100K.get(step, 9.0) * factor]
    ]
    judged = run.targets(rows)
    assert "- validate warm, nothing changed, 100,000 docs: 1.00 s (target ≤ 1 s) — met" in judged
    assert "- peak RSS, 100,000 docs: 900.00 MB (target ≤ 1024 MB) — met" in judged
    assert (
        "- peak RSS, 300,000 docs: 2600.00 MB (target ≤ 2560 MB) — NOT met (by 40.00 MB)" in judged
    )
    assert "- validate cold: 100,000 → 300,000 grows: 3.50 × (target ≤ 3.2 ×) — NOT met" in judged
    assert "| before (issue, 100k) | target |" in run.table(rows)


@pytest.mark.slow
def test_a_baseline_is_timed_run_by_run_beside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--baseline``: the same steps by another executable on a copy of the inventory (here
    the same cmdbgit through a script, so the ratio is about one)."""
    baseline = tmp_path / "older-cmdbgit"
    baseline.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cmdbgit "$@"\n')
    baseline.chmod(0o755)
    rows_file = tmp_path / "rows.json"
    argv = ["--sizes", "1000", "--work", str(tmp_path), "--repeat", "2", "--no-peer",
            "--baseline", str(baseline), "--json", str(rows_file)]  # fmt: skip
    assert run.main(argv) == 0
    printed = capsys.readouterr().out
    assert "| baseline s | ratio |" in printed
    assert (tmp_path / "inventory-1000-seed1-change50-v3-baseline" / ".git").is_dir()
    for row in json.loads(rows_file.read_text()):
        assert row["exit"] == "0", row
        assert row["baseline"] > 0 and 0.2 < row["ratio"] < 5, row
