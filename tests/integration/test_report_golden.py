"""Reports as JSON are byte-for-byte what they were before the reports were made fast.

The golden files in ``tests/data/reports-golden/`` were written by the code before the speed
work (the pure-Python ``json`` writer, per-period depreciation, per-report passes): the
example organisation (``inventory/``, every report alone and ``all``) and a generated
2,000-document inventory (``tests/benchmarks/generate.py --docs 2000 --seed 1``, gzipped).
If a change means to alter a report, rewrite them with ``CMDBGIT_WRITE_GOLDEN=1`` and review
the diff; a change that only means to be faster must leave them alone.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cmdbgit.reports import REPORTS
from tests.conftest import ROOT, run_cli
from tests.integration.report_org import build_example

GOLDEN = ROOT / "tests" / "data" / "reports-golden"
WRITE = os.environ.get("CMDBGIT_WRITE_GOLDEN") == "1"


def _compare(actual: bytes, name: str) -> None:
    path = GOLDEN / name
    if WRITE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(actual, mtime=0) if name.endswith(".gz") else actual)
    expected = path.read_bytes()
    if name.endswith(".gz"):
        expected = gzip.decompress(expected)
    if actual != expected:
        # The first differing line says more than two megabytes of assertion diff.
        for number, (a, e) in enumerate(
            zip(actual.splitlines(), expected.splitlines(), strict=False), 1
        ):
            assert a == e, f"{name}: line {number} differs"
        assert len(actual) == len(expected), f"{name}: lengths differ"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo, _data = build_example(tmp_path_factory.mktemp("golden"))
    return repo


@pytest.mark.parametrize("name", [*REPORTS, "all"])
def test_example_report_json_is_unchanged(example: Path, name: str) -> None:
    result = run_cli("report", name, "--format", "json", repo=example)
    assert result.exit_code == 0, result.output
    _compare(result.stdout_bytes, f"example-{name}.json")


def test_generated_inventory_report_json_is_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "inv"
    generator = ROOT / "tests" / "benchmarks" / "generate.py"
    subprocess.run(
        [sys.executable, str(generator), str(out), "--docs", "2000", "--seed", "1"],
        check=True,
        capture_output=True,
    )
    result = run_cli("report", "all", "--format", "json", repo=out)
    assert result.exit_code == 0, result.output
    _compare(result.stdout_bytes, "generated-2000-all.json.gz")
