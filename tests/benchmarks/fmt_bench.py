"""Time ``cmdbgit fmt --check`` on an inventory (docs/authoring.md quotes the figures).

    python tests/benchmarks/fmt_bench.py REPO [--repeat 3] [--before SRC] [--workers N]

Each run is a fresh process with no parse cache (``fmt`` never reads one). Prints the median
wall and CPU seconds (user + system, forked workers included) of ``--repeat`` runs. With
``--before SRC`` (an older checkout of cmdbgit's sources, e.g. ``git archive main | tar -x
-C SRC``) the same runs of that code are interleaved with this one's, so both see the same
machine load. Generate an inventory with ``generate.py`` (its files are not canonical: spec
keys out of schema order); run ``cmdbgit fmt`` on a copy to get a canonical one.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]


def run_once(repo: Path, source: Path, workers: str | None) -> tuple[float, float, int]:
    """(wall, cpu, exit code) of one ``fmt --check`` run of the code in ``source``."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    if workers is not None:
        env["CMDBGIT_WORKERS"] = workers
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cmdbgit", "fmt", "--check"],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="an older checkout's sources to compare")
    parser.add_argument("--workers", help="CMDBGIT_WORKERS for every run")
    args = parser.parse_args(argv)
    sources = {"after": HERE}
    if args.before is not None:
        sources = {"before": args.before.resolve(), **sources}
    runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in sources}
    for _ in range(args.repeat):
        for name, source in sources.items():
            runs[name].append(run_once(args.repo, source, args.workers))
    for name, results in runs.items():
        wall = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[1] for r in results)
        codes = sorted({r[2] for r in results})
        print(
            f"{name:6s} fmt --check: {wall:6.2f} s wall {cpu:6.2f} s cpu "
            f"(median of {len(results)}; exit {codes})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
