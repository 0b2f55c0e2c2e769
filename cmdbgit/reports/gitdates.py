"""When each file was last touched, from ONE ``git log`` pass (health's freshness).

``git log --name-only`` lists commits newest first with the files each touched; the first
time a path appears is its last change. The pass streams and stops as soon as every wanted
path has been seen, so a long history is not read to the end. One process, never one per file.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime

import git

from cmdbgit.source.repo import RepoHandle

_MARK = "\x01"


def last_commit_dates(
    handle: RepoHandle, rev: str, folder: str, wanted: set[str]
) -> dict[str, date]:
    """``{path: UTC date of the newest commit reachable from rev that touched it}`` for the
    ``wanted`` paths (relative to the project root). Paths never committed are absent."""
    repo = handle.repo
    if repo is None or not wanted or repo.working_tree_dir is None:
        return {}
    prefix = f"{handle.prefix}/" if handle.prefix else ""
    scope = f"{prefix}{folder.strip('/')}" if folder.strip("/") not in ("", ".") else prefix
    command = [
        "git",
        "-c",
        "core.quotePath=false",
        "log",
        "--no-renames",
        "--name-only",
        f"--format={_MARK}%ct",
        rev,
        "--",
        scope or ".",
    ]
    # Only paths present in ``rev`` can be found in its history; without this an untracked
    # file would keep the pass reading to the first commit.
    try:
        listed = repo.git.ls_tree("-r", "-z", "--full-tree", "--name-only", rev, scope or ".")
    except git.GitCommandError:  # no commit yet (an unborn HEAD)
        return {}
    present = {p[len(prefix) :] for p in listed.split("\0") if p.startswith(prefix)}
    wanted = wanted & present
    if not wanted:
        return {}
    found: dict[str, date] = {}
    with subprocess.Popen(
        command,
        cwd=repo.working_tree_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as process:
        assert process.stdout is not None
        current: date | None = None
        for raw in process.stdout:
            line = raw.rstrip("\n")
            if line.startswith(_MARK):
                current = datetime.fromtimestamp(int(line[1:]), UTC).date()
                continue
            if not line or current is None or not line.startswith(prefix):
                continue
            path = line[len(prefix) :]
            if path in wanted and path not in found:
                found[path] = current
                if len(found) == len(wanted):
                    process.kill()
                    break
    return found
