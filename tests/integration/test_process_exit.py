"""The console script leaves without freeing its heap (``cli.main._leave``): what a normal
interpreter exit does that matters must still happen — the whole output written, the exit
code kept, the exit handlers run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import AS_OF, GitRepo
from tests.processes import group_members

#: The console script's ``main`` with an exit handler of the caller's (coverage, a library's
#: temporary folder) registered first.
_WITH_HANDLER = """\
import atexit, sys
atexit.register(lambda: print("the exit handler ran", file=sys.stderr))
sys.argv = ["cmdbgit", *sys.argv[1:]]
from cmdbgit.cli.main import main
main()
"""


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _WITH_HANDLER, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _inventory(repo: GitRepo, documents: int) -> None:
    team = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a, name: A}\n"
    repo.write("inventory/team.yaml", team)
    for n in range(documents):
        repo.write(
            f"inventory/svc-{n:04d}.yaml",
            "apiVersion: cmdbgit/v1\nkind: Service\n"
            f"metadata: {{id: svc-{n:04d}, name: Service {n}, owner: team-a}}\n"
            "spec: {criticality: tier-2}\n"
            "relations:\n  - {type: depends_on, target: svc-missing}\n",
        )
    repo.commit("inventory")


def test_every_line_is_written_and_the_handlers_run(scaffold_repo: GitRepo) -> None:
    _inventory(scaffold_repo, 400)
    done = _main("--repo", str(scaffold_repo.path), "--as-of", AS_OF, "validate")
    assert done.returncode == 1, done.stderr  # 400 dangling references
    assert done.stdout.count("dangling-reference") == 400
    assert done.stdout.rstrip().endswith("400 errors, 0 warnings")
    assert "the exit handler ran" in done.stderr


def test_exit_codes_are_kept(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    _inventory(scaffold_repo, 1)
    repo = str(scaffold_repo.path)
    assert _main("--repo", repo, "--version").returncode == 0
    typo = _main("--repo", repo, "validat")
    assert typo.returncode == 2 and "Did you mean 'validate'?" in typo.stderr
    missing = _main("--repo", str(tmp_path / "nowhere"), "validate")
    assert missing.returncode == 2 and missing.stderr.startswith("cmdbgit: error:")
    for done in (typo, missing):
        assert "the exit handler ran" in done.stderr


def test_no_git_process_outlives_the_command(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    _inventory(scaffold_repo, 3)
    scaffold_repo.write("inventory/svc-0000.yaml", "kind: Service\n")
    output = tmp_path / "out.txt"
    with output.open("wb") as sink:  # a file, not a pipe: nothing waits for a reader's end
        process = subprocess.Popen(
            [sys.executable, "-m", "cmdbgit", "--repo", str(scaffold_repo.path), "--as-of",
             AS_OF, "diff", "main"],
            stdout=sink,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: whatever it started is in it
        )  # fmt: skip
        process.wait(timeout=120)
    assert "svc-0000" in output.read_text()
    left = group_members(process.pid)
    if left:
        os.killpg(process.pid, signal.SIGKILL)
    assert not left, f"processes of the command's group outlived it: {left}"
