"""The scale benchmark (docs/performance.md): cmdbgit on generated inventories, with the peer
baseline measured in the same run.

    python tests/benchmarks/run.py [--sizes 10000 100000] [--work DIR] [--seed 1] [--change 50]
                                   [--baseline OLDER_CMDBGIT]

For each size it generates (or reuses) a repository with ``generate.py`` — base on ``main``, a
change of ``--change`` documents on ``change``, checked out — and times, each in a fresh
process: ``validate`` cold (``--no-cache``; then with the cache cleared, which also writes it),
``validate`` warm (unchanged, and with one file edited), ``diff main``, ``impact --since
main`` and ``report all`` with the parse and verdict caches warm but no remembered
judgement, ``check --base main`` with the base's judgement remembered too (what a CI cache
from the base branch holds) and with nothing cached (a fresh CI runner), and
``check-jsonschema`` with a trivial envelope schema on the same files. The inventories carry
the starter policies. It prints a table (wall seconds, documents per second, peak RSS of the
largest process, the figures before this round and the targets) and the targets, met or
not, as measured in this run. With ``--baseline``, another cmdbgit (an older checkout behind a
small script) is timed too, on a copy of each inventory, run by run alternating with this one,
so "before and after" come from one sitting and one machine state: its median and the median
of the paired ratios are added to the table.
A command this cmdbgit does not have yet is reported as "n/a".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cmdbgit.source import open_repo
from cmdbgit.source.batch import cache_anchor
from cmdbgit.store.last import LAST_FILE
from cmdbgit.store.location import cache_dir
from cmdbgit.store.memo import MEMO_FILE
from tests.benchmarks.generate import generate

AS_OF = "2026-11-27"
#: The peer baseline: check-jsonschema with a trivial envelope schema.
ENVELOPE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["apiVersion", "kind", "metadata"],
    "properties": {
        "apiVersion": {"type": "string"},
        "kind": {"type": "string"},
        "metadata": {"type": "object", "required": ["id"]},
    },
}
#: Files per check-jsonschema invocation (the command line has a length limit).
PEER_BATCH = 4_000

#: Runs one command and reports its wall time and the peak RSS of its process tree (the
#: largest single process, forked parse workers included): a fresh interpreter per
#: measurement, so RUSAGE_CHILDREN holds that command only.
_PROBE = """
import json, resource, subprocess, sys, time
commands = json.loads(sys.stdin.read())
start = time.perf_counter()
codes = [subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
         for c in commands]
wall = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "codes": codes, "rss_kb": rss if sys.platform != "darwin" else rss // 1024}))
"""


@dataclass
class Row:
    size: int
    step: str
    command: str
    wall: float | None  # median of the runs
    rss_mb: float | None
    exit: str
    best: float | None = None  # fastest run: the machine's noise is one-sided
    #: ``--baseline``: its median, and the median of the paired ratios (this / baseline).
    baseline: float | None = None
    ratio: float | None = None

    @property
    def rate(self) -> float | None:
        return self.size / self.wall if self.wall else None


def measure(commands: list[list[str]], cwd: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        input=json.dumps(commands),  # a peer command line can be long: not through argv
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def cmdbgit(*args: str, executable: str | None = None) -> list[str]:
    """A cmdbgit command line: the ``cmdbgit`` on PATH unless ``executable`` names another
    (``--baseline``)."""
    return [executable or shutil.which("cmdbgit") or "cmdbgit", *args, "--as-of", AS_OF]


def available(command: str, executable: str | None = None) -> bool:
    done = subprocess.run(cmdbgit(command, "--help", executable=executable), capture_output=True)
    return done.returncode == 0


STEPS: list[tuple[str, list[str], str]] = [
    # (step, arguments, state before the run: "none" no cache used, "clear" cache removed,
    # "same" right after a validate of the same tree (it is remembered whole), "warm" parse
    # and verdict caches filled by a validate but no remembered judgement, "edit" warm with
    # one inventory file edited after that validate (whose judgement the next one starts
    # from: cmdbgit/incremental.py), "edit-label" the same with a label added to the file (an
    # edit inventory-wide checks read: judged whole), "base" warm and the base branch's
    # judgement remembered — what a CI cache restored from the base branch's last run holds)
    ("validate cold", ["validate", "--no-cache"], "none"),
    ("validate cold, writes cache", ["validate"], "clear"),
    ("validate warm, nothing changed", ["validate"], "same"),
    ("validate warm, 1 file edited", ["validate"], "edit"),
    ("validate warm, 1 label edited", ["validate"], "edit-label"),
    ("diff main", ["diff", "main", "--format", "json"], "warm"),
    ("impact --since main", ["impact", "--since", "main", "--format", "json"], "warm"),
    ("check --base main", ["check", "--base", "main"], "base"),
    ("check --base main, nothing cached", ["check", "--base", "main"], "clear"),
    ("report all", ["report", "all", "--format", "json"], "warm"),
]
#: The issue's figures at 100,000 documents before this round ("today"), and its targets.
BEFORE_100K = {
    "validate cold": "8.5–9.7",
    "validate warm, nothing changed": "2.1–2.3",
    "validate warm, 1 file edited": "3.7",
    "diff main": "3.0",
    "impact --since main": "4.3",
    "check --base main": "6.3–7.1",
    "check --base main, nothing cached": "14.0",
    "report all": "13.7",
}
TARGETS_100K = {
    "validate cold": 6.0,
    "validate warm, nothing changed": 1.0,
    "validate warm, 1 file edited": 1.5,
    "diff main": 1.5,
    "impact --since main": 1.5,
    "check --base main": 2.5,
    "check --base main, nothing cached": 8.0,
    "report all": 5.0,
}
#: Peak RSS limits (MB): at 100,000 documents, and at 300,000.
RSS_LIMIT = {100_000: 1024, 300_000: 2560}
#: Growth allowed from 100,000 to 300,000 documents (linear, with a little slack).
GROWTH_LIMIT = 3.2
PEER_RATIO = 1 / 30


def _cache(repo: Path) -> Path:
    """The benchmark repository's cache folder (outside the work tree)."""
    folder = cache_dir(cache_anchor(open_repo(repo)))
    assert folder is not None
    return folder


def run_step(
    repo: Path, args: list[str], state: str, executable: str | None = None
) -> dict[str, Any]:
    """One timed run of ``args`` in ``repo``, its state prepared first (by the same
    executable: each version keeps caches only it trusts)."""

    def command(*words: str) -> list[str]:
        return cmdbgit(*words, executable=executable)

    if state == "clear":
        shutil.rmtree(_cache(repo), ignore_errors=True)
    elif state in ("same", "warm", "edit", "edit-label", "base"):
        subprocess.run(command("validate"), cwd=repo, capture_output=True)
        if state != "same":
            (_cache(repo) / MEMO_FILE).unlink(missing_ok=True)
        if state in ("warm", "base"):
            (_cache(repo) / LAST_FILE).unlink(missing_ok=True)
        if state == "base":
            subprocess.run(command("validate", "--ref", "main"), cwd=repo, capture_output=True)
    if state not in ("edit", "edit-label"):
        return measure([command(*args)], repo)
    edited = next((repo / "inventory" / "servers").rglob("*.yaml"))
    original = edited.read_bytes()
    text = original
    if state == "edit-label":  # the generator writes labels in flow or in block style
        text = original.replace(b"labels: {", b"labels: {rack-row: r1, ", 1)
        text = text.replace(b"  labels:\n", b"  labels:\n    rack-row: r1\n", 1)
        assert text != original, edited
    # A new blob every run, as every real edit is: parsed, judged and added to the cache (the
    # same edit repeated would find its blob cached from the run before).
    edited.write_bytes(text + f"# edited {time.time_ns()}\n".encode())
    try:
        return measure([command(*args)], repo)
    finally:
        edited.write_bytes(original)


def settle(repo: Path) -> None:
    """Flush a freshly generated repository to disk and read it once, so the first timed
    run is not slowed by write-back: "cold" means no cmdbgit cache, not a cold disk."""
    os.sync()
    for path in repo.rglob("*.yaml"):
        path.read_bytes()


def calibrate() -> float:
    """Seconds for a fixed pure-Python loop: this machine's speed during the run (shared
    machines vary by tens of percent from hour to hour)."""
    done = subprocess.run(
        [sys.executable, "-c", "import time; t = time.perf_counter(); sum(range(30_000_000)); "
         "print(time.perf_counter() - t)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout)


def run_size(
    size: int,
    work: Path,
    seed: int,
    change: int,
    peer: bool,
    repeat: int,
    baseline: str | None = None,
) -> list[Row]:
    # The generator's version is in the name: an inventory from an older one is not reused.
    repo = work / f"inventory-{size}-seed{seed}-change{change}-v3"
    if not (repo / ".git").is_dir():
        shutil.rmtree(repo, ignore_errors=True)
        print(f"generating {size:,} documents in {repo} …", file=sys.stderr, flush=True)
        generate(repo, size, seed, change)
    settle(repo)
    twin = _twin(repo) if baseline else None
    rows = []
    for step, args, state in STEPS:
        if not available(args[0]):
            rows.append(Row(size, step, f"cmdbgit {' '.join(args)}", None, None, "n/a"))
            continue
        print(f"{size:>7,} {step} …", file=sys.stderr, flush=True)
        runs, paired = [], []
        pair = twin if twin is not None and available(args[0], baseline) else None
        for _ in range(repeat):
            runs.append(run_step(repo, args, state))
            if pair is not None:
                # Alternated run by run: a shared machine's drift falls on both alike.
                paired.append(run_step(pair, args, state, baseline))
        wall = statistics.median(r["wall"] for r in runs)
        rss = max(r["rss_kb"] for r in runs) / 1024
        codes = ",".join(sorted({str(r["codes"][0]) for r in runs}))
        best = min(r["wall"] for r in runs)
        row = Row(size, step, f"cmdbgit {' '.join(args)}", wall, rss, codes, best)
        if paired:
            row.baseline = statistics.median(r["wall"] for r in paired)
            row.ratio = statistics.median(
                a["wall"] / b["wall"] for a, b in zip(runs, paired, strict=True)
            )
        rows.append(row)
    if peer:
        rows.append(run_peer(size, repo))
    return rows


def _twin(repo: Path) -> Path:
    """A copy of ``repo`` for the baseline: another path, so another cache folder (each
    version's caches stay its own)."""
    twin = repo.with_name(f"{repo.name}-baseline")
    if not (twin / ".git").is_dir():
        shutil.rmtree(twin, ignore_errors=True)
        shutil.copytree(repo, twin, symlinks=True)
    # The copies have new inodes and times: until the index is refreshed, Git takes every
    # file for edited, and the baseline would hash 10^5 files that the original does not.
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=twin, check=False)
    settle(twin)
    return twin


def run_peer(size: int, repo: Path) -> Row:
    """check-jsonschema on every inventory file (multi-document files fail to load there;
    they are still read and parsed, which is the cost being compared)."""
    schema = repo / ".cmdbgit-bench-envelope.json"
    schema.write_text(json.dumps(ENVELOPE_SCHEMA))
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "inventory"],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    files = sorted(p for p in listing.split("\0") if p.endswith((".yaml", ".yml")))
    peer = shutil.which("check-jsonschema") or "check-jsonschema"
    batches = [
        [peer, "--schemafile", str(schema), *files[i : i + PEER_BATCH]]
        for i in range(0, len(files), PEER_BATCH)
    ]
    print(f"{size:>7,} check-jsonschema ({len(files):,} files) …", file=sys.stderr, flush=True)
    result = measure(batches, repo)
    schema.unlink()
    codes = set(result["codes"])
    return Row(
        size,
        "peer: check-jsonschema",
        "check-jsonschema --schemafile envelope.json FILES",
        result["wall"],
        result["rss_kb"] / 1024,
        "1 (multi-doc files)" if codes == {1} else ",".join(map(str, sorted(codes))),
        result["wall"],
    )


def table(rows: list[Row]) -> str:
    paired = any(r.baseline is not None for r in rows)
    extra_head, extra_rule = (" baseline s | ratio |", "---:|---:|") if paired else ("", "")
    lines = [
        "| docs | step | wall s (median) | best s | docs/s | peak RSS MB | exit "
        f"| before (issue, 100k) | target |{extra_head}",
        f"|---:|---|---:|---:|---:|---:|---|---:|---:|{extra_rule}",
    ]
    for r in rows:
        wall = "n/a" if r.wall is None else f"{r.wall:.2f}"
        best = "" if r.best is None else f"{r.best:.2f}"
        rate = "n/a" if r.rate is None else f"{r.rate:,.0f}"
        rss = "n/a" if r.rss_mb is None else f"{r.rss_mb:,.0f}"
        before = BEFORE_100K.get(r.step, "") if r.size == 100_000 else ""
        limit = TARGETS_100K.get(r.step) if r.size == 100_000 else None
        target = "" if limit is None else f"≤ {limit:g}"
        line = (
            f"| {r.size:,} | {r.step} | {wall} | {best} | {rate} | {rss} | {r.exit} "
            f"| {before} | {target} |"
        )
        if paired:
            base = "" if r.baseline is None else f"{r.baseline:.2f}"
            ratio = "" if r.ratio is None else f"{r.ratio:.3f}"
            line += f" {base} | {ratio} |"
        lines.append(line)
    return "\n".join(lines)


def targets(rows: list[Row]) -> str:
    """The issue's targets, judged on this run's numbers: at 100,000 documents, and the
    growth from 100,000 to 300,000 when both ran."""
    sizes = sorted({r.size for r in rows})
    out = []

    def wall(step: str, size: int) -> float | None:
        return next((r.wall for r in rows if r.size == size and r.step == step), None)

    def judge(label: str, value: float | None, limit: float, unit: str = "s") -> None:
        if value is None:
            out.append(f"- {label}: n/a")
            return
        verdict = "met" if value <= limit else f"NOT met (by {value - limit:.2f} {unit})"
        out.append(f"- {label}: {value:.2f} {unit} (target ≤ {limit:g} {unit}) — {verdict}")

    if 100_000 in sizes:
        for step, limit in TARGETS_100K.items():
            judge(f"{step}, 100,000 docs", wall(step, 100_000), limit)
        cold, peer = wall("validate cold", 100_000), wall("peer: check-jsonschema", 100_000)
        if cold is not None and peer is not None:
            judge("cold validate / check-jsonschema, 100,000 docs", cold / peer, PEER_RATIO, "×")
    for size, limit in RSS_LIMIT.items():
        rss = max((r.rss_mb for r in rows if r.size == size and r.rss_mb and "peer" not in r.step),
                  default=None)  # fmt: skip
        if rss is not None:
            judge(f"peak RSS, {size:,} docs", rss, limit, "MB")
    if 100_000 in sizes and 300_000 in sizes:
        for step, _, _ in STEPS:
            a, b = wall(step, 100_000), wall(step, 300_000)
            if a and b:
                judge(f"{step}: 100,000 → 300,000 grows", b / a, GROWTH_LIMIT, "×")
    return "\n".join(out) or "- (no target applies to these sizes)"


def _peer(args: argparse.Namespace, size: int) -> bool:
    return not args.no_peer and (args.no_peer_above is None or size <= args.no_peer_above)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--no-peer-above",
        type=int,
        default=None,
        metavar="N",
        help="run the peer only at sizes up to N (it takes ~4 minutes at 100,000)",
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "cmdbgit-bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--change", type=int, default=50)
    parser.add_argument("--no-peer", action="store_true", help="skip check-jsonschema")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cmdbgit step (median)")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument(
        "--baseline",
        metavar="EXECUTABLE",
        help="also time this cmdbgit (an older version) on a copy of each inventory, run by "
        "run alternating with the one on PATH; adds its median and the median paired ratio",
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    before = calibrate()
    rows: list[Row] = []
    for size in sorted(args.sizes):
        peer = _peer(args, size)
        rows.extend(
            run_size(size, args.work, args.seed, args.change, peer, args.repeat, args.baseline)
        )
    speed = f"calibration loop {before:.2f} s before, {calibrate():.2f} s after"
    print(f"cmdbgit benchmark — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {speed}")
    print(f"(wall seconds: median and best of {args.repeat} runs; the peer runs once)")
    if args.baseline:
        print(f"(baseline: {args.baseline}; ratio: the median of the paired runs' ratios)")
    print()
    print(table(rows))
    print("\nTargets (this run):\n" + targets(rows))
    if args.json:
        args.json.write_text(json.dumps([{**asdict(r), "rate": r.rate} for r in rows], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
