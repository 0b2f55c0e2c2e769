"""What the tests of forked workers and processes look at: a process's children and a
process group's members, from /proc (Linux)."""

from __future__ import annotations

from pathlib import Path


def children_of(pid: int) -> list[int]:
    """The pids of ``pid``'s living children (every thread's)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found.extend(int(c) for c in text.split())
    return found


def group_members(group: int) -> list[str]:
    """The processes of a process group, exited but not yet reaped ones too, as
    ``name (state)``: each ``/proc/PID/stat`` line holds the name in parentheses, then the
    state, the parent and the group."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            line = stat.read_text()
        except OSError:  # ended meanwhile
            continue
        name, _, rest = line.rpartition(")")
        if int(rest.split()[2]) == group:
            found.append(f"{name.partition('(')[2]} ({rest.split()[0]})")
    return found
