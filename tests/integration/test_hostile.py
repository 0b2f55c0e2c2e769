"""The hostile corpus: inputs a pull request can send, run through the real CLI.

Each case is a folder ``tests/data/hostile/<case-id>/case.yaml``. Its repository has a branch
``main`` holding ``tests/data/hostile/_base/`` (a small valid project) and a branch ``pr`` that
adds the case's files on top; every command runs on ``pr`` with a clean work tree, as a
separate process in its own session, bounded in time and memory.

Keys of ``case.yaml``:

``finding``         the security finding it covers ("9.2", "10", "own"), for the reader
``about``           one line saying what the input is
``files``           path -> text, written verbatim as UTF-8
``binary_files``    path -> text whose ``\\xNN`` escapes become bytes (invalid UTF-8, NUL)
``generate``        path -> {head, repeat, times, tail}: big inputs made at test time
``symlinks``        path -> link target, committed as a Git symlink
``config``          the text of ``cmdbgit.yaml`` on the ``pr`` branch
``commands``        more argv lists (after ``cmdbgit``) to run besides the standard set
``exit``            the exit codes ``validate`` may end with (default 0, 1 or 2)
``expect_in_stdout`` substrings ``validate``'s text output must contain

``{OUTSIDE}`` in any value is replaced by a folder outside the repository that holds a valid
document whose id carries the canary: if cmdbgit ever reads it, the canary shows up.

What every command must do: end with 0, 1 or 2 within the time bound; print no traceback and
no internal error; never print or write the canary ``c4n4ry`` (secret values in cases carry
it); start no non-``github`` output line with ``::``; print no control, line-separator or
bidi character; write all of ``check``'s output files or none; leave no process behind.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml_rs

from tests.conftest import AS_OF, GIT_ENV

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
BASE = CORPUS / "_base"
CANARY = "c4n4ry"
TIME_LIMIT_S = 10.0
MEMORY_LIMIT = 1 << 30
CMDBGIT = [sys.executable, "-m", "cmdbgit"]

#: C0 controls but newline and tab, DEL, C1, line/paragraph separators, bidi controls.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
OWN_GITHUB_COMMAND = re.compile(r"^::(error|warning|notice)( |::)")

OUTSIDE_DOCUMENT = """\
apiVersion: cmdbgit/v1
kind: Team
metadata:
  id: team-c4n4ry-outside
  name: Read from outside the repository
"""


def _cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if (p / "case.yaml").is_file())


@dataclass
class Run:
    argv: list[str]
    code: int
    stdout: str
    stderr: str
    seconds: float
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return "cmdbgit " + " ".join(self.argv)


def _standard_commands(out: Path) -> list[tuple[list[str], Path | None]]:
    """Every command with the folder its output files go to (None: stdout only)."""
    check_dir = out / "check"
    csv_dir = out / "csv"
    return [
        (["validate"], None),
        *((["validate", "--format", fmt], None) for fmt in ("json", "sarif", "junit", "github")),
        (["validate", "--format", "markdown"], None),
        (
            [
                "check",
                "--base",
                "main",
                "--report",
                str(check_dir / "R.md"),
                "--sarif",
                str(check_dir / "R.sarif"),
                "--json",
                str(check_dir / "R.json"),
            ],
            check_dir,
        ),
        (["diff", "main"], None),
        (["diff", "main", "--format", "json"], None),
        (["diff", "main", "--format", "markdown"], None),
        (["get"], None),
        (["graph", "--format", "dot"], None),
        (["report", "all", "--format", "csv", "--output", str(csv_dir)], csv_dir),
        (["validate", "--ref", "pr"], None),
    ]


def _limits() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(repo: Path, argv: list[str], out_dir: Path | None) -> Run:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo.parent / "home")}
    env.pop("GITHUB_ACTIONS", None)
    env["CMDBGIT_CACHE_DIR"] = str(repo.parent / "cache")
    started = time.monotonic()
    process = subprocess.Popen(
        [*CMDBGIT, "--as-of", AS_OF, *argv],
        cwd=repo,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_limits,
    )
    try:
        raw_out, raw_err = process.communicate(timeout=TIME_LIMIT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"cmdbgit {' '.join(argv)}: still running after {TIME_LIMIT_S:.0f} s")
    seconds = time.monotonic() - started
    leftover = _alive(process.pid)
    if leftover:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"cmdbgit {' '.join(argv)}: left processes behind")
    files = {}
    if out_dir is not None and out_dir.is_dir():
        files = {str(p.relative_to(out_dir)): p.read_bytes() for p in out_dir.rglob("*")}
    return Run(
        argv,
        process.returncode,
        raw_out.decode("utf-8", "backslashreplace"),
        raw_err.decode("utf-8", "backslashreplace"),
        seconds,
        {k: v for k, v in files.items() if v is not None},
    )


def _alive(session: int) -> bool:
    try:
        os.killpg(session, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


def _decode_escapes(text: str) -> bytes:
    return codecs.escape_decode(text.encode("utf-8"))[0]


def _build(case: dict[str, Any], root: Path) -> Path:
    outside = root / "outside"
    outside.mkdir()
    (outside / "leak.yaml").write_text(OUTSIDE_DOCUMENT, encoding="utf-8")

    def fill(value: str) -> str:
        return value.replace("{OUTSIDE}", str(outside))

    repo = root / "repo"
    shutil.copytree(BASE, repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "pr")
    for rel, text in (case.get("files") or {}).items():
        _write(repo / rel, fill(text).encode("utf-8"))
    for rel, text in (case.get("binary_files") or {}).items():
        _write(repo / rel, _decode_escapes(fill(text)))
    for rel, spec in (case.get("generate") or {}).items():
        text = spec.get("head", "") + spec["repeat"] * int(spec["times"]) + spec.get("tail", "")
        _write(repo / rel, text.encode("utf-8"))
    for rel, target in (case.get("symlinks") or {}).items():
        link = repo / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(fill(target))
    if case.get("config") is not None:
        _write(repo / "cmdbgit.yaml", fill(case["config"]).encode("utf-8"))
    # -f: a hostile pull request can commit what .gitignore would hide (.cmdbgit/ among it)
    _git(repo, "add", "-A", "-f")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "hostile change")
    return repo


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _problems_of(run: Run) -> list[str]:
    """Every way this run broke the corpus's promises, as readable lines."""
    found: list[str] = []
    if run.code not in (0, 1, 2):
        found.append(f"exit {run.code} (not 0, 1 or 2)")
    if "Traceback" in run.stderr or "internal error" in run.stderr:
        found.append(f"crashed: {run.stderr.strip().splitlines()[-1][:300]}")
    if CANARY in run.stdout or CANARY in run.stderr:
        found.append("printed the canary")
    for name, data in run.files.items():
        if CANARY.encode() in data:
            found.append(f"wrote the canary into {name}")
    is_github = "github" in run.argv
    is_json = "json" in run.argv and "--format" in run.argv
    for stream_name, stream in (("stdout", run.stdout), ("stderr", run.stderr)):
        for line in stream.splitlines():
            if line.startswith("::") and not (
                is_github and stream_name == "stdout" and OWN_GITHUB_COMMAND.match(line)
            ):
                found.append(f"{stream_name} line starts with '::': {line[:120]!r}")
                break
        if not (is_json and stream_name == "stdout") and FORBIDDEN.search(stream):
            char = FORBIDDEN.search(stream)
            assert char is not None
            found.append(f"{stream_name} holds control character U+{ord(char.group()):04X}")
    if is_json and run.stdout.strip() and run.code in (0, 1):
        try:
            json.loads(run.stdout)
        except ValueError as exc:
            found.append(f"stdout is not JSON: {exc}")
    if run.argv[0] == "check" and run.files:
        names = {Path(n).name for n in run.files if not n.startswith(".")}
        if names and names != {"R.md", "R.sarif", "R.json"}:
            found.append(f"check wrote a partial output set: {sorted(names)}")
        report = run.files.get("R.md", b"").decode("utf-8", "replace")
        if FORBIDDEN.search(report):
            found.append("the markdown report holds a control character")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("case_dir", _cases(), ids=lambda p: p.name)
def test_hostile_case(case_dir: Path, tmp_path: Path) -> None:
    case = yaml_rs.loads((case_dir / "case.yaml").read_text(encoding="utf-8"))
    repo = _build(case, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    commands = _standard_commands(out) + [(list(argv), None) for argv in case.get("commands", [])]
    failures: list[str] = []
    runs: list[Run] = []
    for argv, out_dir in commands:
        run = _run(repo, argv, out_dir)
        runs.append(run)
        failures.extend(f"{run.label}: {problem}" for problem in _problems_of(run))
    validate = runs[0]
    allowed = case.get("exit", [0, 1, 2])
    if validate.code not in allowed:
        failures.append(f"cmdbgit validate: exit {validate.code}, expected one of {allowed}")
    for expected in case.get("expect_in_stdout", []):
        if expected not in validate.stdout + validate.stderr:
            failures.append(f"cmdbgit validate: output does not mention {expected!r}")
    assert not failures, "\n".join(failures)


def test_corpus_is_large_enough() -> None:
    """The security review asked for at least 40 hostile inputs."""
    assert len(_cases()) >= 40


def test_base_project_is_clean(tmp_path: Path) -> None:
    """A case can only show something if the project it starts from is valid."""
    repo = _build({}, tmp_path)
    run = _run(repo, ["validate"], None)
    assert run.code == 0, run.stdout + run.stderr


def test_the_harness_catches_a_printed_canary() -> None:
    run = Run(["get"], 0, f"id: {CANARY}-x\n", "", 0.1)
    assert _problems_of(run) == ["printed the canary"]


def test_the_harness_catches_an_injected_workflow_command() -> None:
    run = Run(["validate"], 1, "x.yaml:1:1 error\n::add-mask::x\n", "", 0.1)
    assert any("starts with '::'" in p for p in _problems_of(run))
    github = Run(["validate", "--format", "github"], 1, "::error file=x.yaml::bad\n", "", 0.1)
    assert _problems_of(github) == []


def test_the_harness_catches_control_characters_and_crashes() -> None:
    run = Run(["diff", "main"], 2, "id \x1b]8;;x\x07\n", "internal error: KeyError", 0.1)
    problems = _problems_of(run)
    assert any("U+001B" in p for p in problems)
    assert any("crashed" in p for p in problems)
