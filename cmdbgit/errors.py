"""The small exception tree. Bad *input documents* are never exceptions (they become
``Problem`` values); these are for the fatal conditions that end a run with exit 2."""

from __future__ import annotations


class CmdbgitError(Exception):
    """A fatal error: the run cannot go on. The message is one line for the user."""

    exit_code = 2


class UsageError(CmdbgitError):
    """Bad arguments: an unknown report name, a malformed date, an unknown format."""


class RepositoryError(CmdbgitError):
    """Not a repository, an unknown ref, a missing base in a shallow clone."""


class ConfigError(CmdbgitError):
    """An unreadable or invalid ``cmdbgit.yaml``, schema file or relationship registry.

    ``file``/``line``/``column`` say where, so the PR gate can show a head whose rule files
    no longer load as a located problem rather than only as an exit code.
    """

    def __init__(self, message: str, *, file: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
