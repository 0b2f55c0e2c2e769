"""``fmt`` in forked workers: the same diff, messages, exit code and written bytes with one
process as with several (``CMDBGIT_WORKERS``), on an inventory large enough to fork."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from cmdbgit.authoring.fmt import PARALLEL_MIN_FILES
from cmdbgit.workers.pool import map_forked
from tests.benchmarks.generate import build, layout, scaffold, write_files
from tests.processes import children_of

# A comment line inside a mapping to reorder: this file goes through the round-trip writer;
# the generated ones are put in order by moving lines.
COMMENTED = """\
apiVersion: cmdbgit/v1
kind: Team
metadata:
  name: Commented
  # the id comes first
  id: team-commented
"""
SECRET = """\
apiVersion: cmdbgit/v1
kind: Team
metadata:
  name: Leaky
  id: team-leaky
  annotations: {password: c4n4ry-Sup3rS3cret!2026}
"""
BROKEN = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: [oops\n"


def _cmdbgit(repo: Path, workers: int, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "CMDBGIT_WORKERS": str(workers), "CMDBGIT_CACHE_DIR": str(repo / ".c")}
    done = subprocess.run(
        [sys.executable, "-m", "cmdbgit", "fmt", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "inventory").rglob("*.yaml"))
    }


def test_fmt_is_the_same_with_one_worker_and_with_several(tmp_path: Path) -> None:
    repo = tmp_path / "one"
    files = layout(build(700, seed=5))
    assert len(files) > 2 * PARALLEL_MIN_FILES
    scaffold(repo)
    write_files(repo, files)
    for name, text in (("commented", COMMENTED), ("leaky", SECRET), ("broken", BROKEN)):
        (repo / f"inventory/{name}.yaml").write_text(text)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    several = tmp_path / "several"
    shutil.copytree(repo, several, symlinks=True)
    original = _tree(repo)

    one = _cmdbgit(repo, 1, "--check")
    assert _cmdbgit(several, 3, "--check") == one
    code, diff, messages = one
    assert code == 1
    assert "inventory/broken.yaml:3:" in messages and "(not formatted)" in messages
    assert "+++ b/inventory/commented.yaml" in diff and "+  name: Commented" in diff
    assert "+++ b/inventory/leaky.yaml" in diff and "c4n4ry" not in diff + messages
    assert diff.count("+++ b/") > 20  # the generator writes spec keys out of schema order
    assert _tree(repo) == original == _tree(several)  # --check writes nothing

    written = _cmdbgit(repo, 1)
    assert _cmdbgit(several, 3) == written
    assert written[0] == 1  # the broken file is refused
    assert _tree(repo) == _tree(several) != original
    assert _tree(repo)["inventory/broken.yaml"] == BROKEN.encode()
    assert _cmdbgit(several, 3, "--check")[1] == ""  # formatted: nothing left to change


def test_a_killed_worker_costs_only_the_item_that_killed_it() -> None:
    parent = os.getpid()
    deadly = 390

    def work(item: int) -> str:
        if os.getpid() == parent:
            time.sleep(0.01)  # so that the workers, not this process, take the deadly chunk
        elif item == deadly:
            os.kill(os.getpid(), signal.SIGKILL)  # as a crash of the writer would
        return f"done {item}"

    # Children of this process that are not the workers' (an earlier test's Repo keeps its
    # ``git cat-file`` processes until it is collected) may come and go meanwhile.
    before = set(children_of(parent))
    results = map_forked(work, list(range(400)), crashed=lambda i, why: f"{i} {why}", min_items=2)
    assert results == [f"done {i}" if i != deadly else f"{i} SIGKILL" for i in range(400)]
    assert set(children_of(parent)) <= before, "no worker is left"
