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
    no longer load as a located problem rather than only as an exit code. A file with several
    mistakes names them all: ``located`` holds one ``(line, column, text)`` per mistake, and
    the message one line each.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str,
        line: int = 1,
        column: int = 1,
        located: tuple[tuple[int, int, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
        self.located = located or ((line, column, message),)

    @classmethod
    def at(cls, file: str, mistakes: list[tuple[int, int, str]]) -> ConfigError:
        """Every mistake of ``file``, in file order, each as ``file:line:column: text``."""
        ordered = tuple(sorted(mistakes))
        message = "\n".join(f"{file}:{line}:{column}: {text}" for line, column, text in ordered)
        first = ordered[0]
        return cls(message, file=file, line=first[0], column=first[1], located=ordered)
