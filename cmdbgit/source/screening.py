"""What a source saw but did not read, as located ``yaml`` problems.

cmdbgit never follows a symbolic link (a committed ``inventory/x.yaml -> /etc/passwd`` would
otherwise be read from the machine running the check) and never blocks on a special file;
such entries, and files that cannot be read, are errors at their path. Entries skipped on
purpose — a file whose suffix is not lower-case ``.yaml``/``.yml``, a submodule, a Git LFS
pointer — are warnings, so nothing is left out without a word. The working tree and a Git ref
report the same entry with the same problem.
"""

from __future__ import annotations

from cmdbgit.model.problem import Problem
from cmdbgit.source.base import YAML_SUFFIXES, under

RULE = "yaml"
#: The first line of a Git LFS pointer file (the content is elsewhere, not checked out).
LFS_POINTER = b"version https://git-lfs.github.com/spec/v1\n"


class Screening:
    """The problems found so far, one per path."""

    def __init__(self) -> None:
        self._found: dict[str, Problem] = {}

    def add(self, problem: Problem) -> None:
        self._found.setdefault(problem.file, problem)

    def under(self, target: str) -> list[Problem]:
        return sorted(p for path, p in self._found.items() if under(path, target))

    def note_suffixes(self, paths: list[str]) -> None:
        """Warn about files that look like YAML but are skipped for their suffix's case."""
        for path in paths:
            if not path.endswith(YAML_SUFFIXES) and path.lower().endswith(YAML_SUFFIXES):
                self.add(upper_case(path))


def _problem(path: str, severity: str, message: str) -> Problem:
    return Problem(path, 1, 1, RULE, "error" if severity == "error" else "warning", message)


def link(path: str) -> Problem:
    return _problem(path, "error", "this path is a symbolic link; cmdbgit does not follow links")


def special(path: str) -> Problem:
    return _problem(
        path, "error", "this path is not a regular file (a FIFO, socket or device); it is not read"
    )


def unreadable(path: str, reason: str) -> Problem:
    return _problem(path, "error", f"this path cannot be read: {reason}")


def unreadable_folder(path: str, reason: str) -> Problem:
    return _problem(path, "warning", f"this folder cannot be listed ({reason}); it is skipped")


def submodule(path: str) -> Problem:
    return _problem(path, "warning", "this path is a Git submodule; its files are not read")


def upper_case(path: str) -> Problem:
    return _problem(
        path,
        "warning",
        "this file is skipped: only files ending in lower-case .yaml or .yml are read",
    )


def lfs_pointer(path: str) -> Problem:
    return _problem(
        path, "warning", "this file is a Git LFS pointer, not the content; it is skipped"
    )


def is_lfs_pointer(raw: bytes) -> bool:
    return raw.startswith(LFS_POINTER)
