"""Git's look at the working tree, begun as the process starts.

A command that reads the working tree asks git about it first, right after importing itself
(~0.3 s on one core): the listing (``worktree``: four git commands side by side, ~0.15 s of
waiting at 10^5 files), or for ``check`` whether the checkout is clean (two, ~0.2 s).
``begin`` starts those git commands before the import, where the command will run them, so
they run on the other core meanwhile; the command then takes their output from here
(``take_begun``) instead of starting them again. What git says a few tenths of a second
earlier is the same for a command that writes nothing to the tree before asking: only such
commands begin early (``cli.main``).

Output goes to unlinked temporary files, not pipes: nothing reads it until it is asked for,
and a full pipe would stop git half-way. A command never asked for (the run failed first, or
read a commit instead) costs its git process and nothing else, and is stopped at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO


def listing_commands(folder: str) -> list[list[str]]:
    """The git commands that list ``folder`` of the working tree (``worktree._git_listing``
    reads their outputs in this order)."""
    return [
        ["ls-files", "-s", "-t", "-z", "--", folder],
        ["ls-files", "-z", "--others", "--exclude-standard", "--", folder],
        ["diff-files", "-z", "--name-only", "--relative", "--", folder],
        ["config", "--get-regexp", r"^filter\."],
    ]


@dataclass(slots=True)
class Begun:
    """A git command started early: ``communicate`` and ``returncode`` as ``Popen`` has them."""

    process: subprocess.Popen[bytes]
    out: IO[bytes]
    err: IO[bytes]

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    def communicate(self) -> tuple[bytes, bytes]:
        self.process.wait()
        found = []
        for file in (self.out, self.err):
            file.seek(0)
            found.append(file.read())
            file.close()
        return found[0], found[1]


_BEGUN: dict[tuple[str, tuple[str, ...]], Begun] = {}
_AT_EXIT: list[bool] = []  # whether ``_end`` is registered to run at exit


def begin(folder: Path, commands: list[list[str]]) -> None:
    """Start the git ``commands`` in ``folder`` (nothing when there is no such folder: the
    command will say so)."""
    where = folder.resolve()
    if not where.is_dir():
        return
    if not _AT_EXIT:
        atexit.register(_end)
        _AT_EXIT.append(True)
    for args in commands:
        if (str(where), tuple(args)) in _BEGUN:
            continue
        # Closed by ``Begun.communicate``, or at exit (``_end``) when never taken.
        out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115
        try:
            process = subprocess.Popen(["git", *args], cwd=where, stdout=out, stderr=err)
        except OSError:  # no git: the command will say so
            out.close()
            err.close()
            return
        _BEGUN[(str(where), tuple(args))] = Begun(process, out, err)


def take_begun(folder: Path, args: list[str]) -> Begun | None:
    """The command ``args`` begun in ``folder``, once; None when it was not begun."""
    if not _BEGUN:
        return None
    return _BEGUN.pop((str(folder.resolve()), tuple(args)), None)


def _end() -> None:
    """At exit: what was never taken is stopped and reaped, so no process outlives the run."""
    while _BEGUN:
        begun = _BEGUN.pop(next(iter(_BEGUN)))
        with contextlib.suppress(OSError):
            begun.process.kill()
        begun.process.wait()
        begun.out.close()
        begun.err.close()
