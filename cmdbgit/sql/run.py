"""``export`` and ``query``: load and judge a revision once, turn it into tables, write them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cmdbgit.errors import UsageError
from cmdbgit.reports.context import build_context
from cmdbgit.revision import open_revision
from cmdbgit.sql.backends import Backend, PostgresBackend, SqliteBackend
from cmdbgit.sql.export import ExportResult, apply
from cmdbgit.sql.tables import Snapshot, build_snapshot

#: The commit recorded for a working tree that is not committed yet.
WORKTREE = "worktree"


@dataclass(frozen=True, slots=True)
class SqlOptions:
    repo: Path
    as_of: date
    ref: str | None = None
    source: str | None = None


def snapshot(options: SqlOptions) -> Snapshot:
    revision = open_revision(options.repo, options.ref)
    ctx = build_context(revision, options.as_of, revision.rules.config.reports)
    commit = WORKTREE
    if options.ref is not None:
        commit = revision.handle.resolve(options.ref).hexsha
    name = options.source or revision.handle.root.name
    return build_snapshot(ctx, name, commit)


def export(options: SqlOptions, target: str, database: str) -> ExportResult:
    """Export into ``database`` ("sqlite": a file path; "postgres": a DSN)."""
    backend: Backend
    backend = PostgresBackend(target) if database == "postgres" else SqliteBackend(Path(target))
    try:
        return apply(backend, snapshot(options))
    finally:
        backend.close()


@dataclass(slots=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def query(options: SqlOptions, sql: str) -> QueryResult:
    """Run ``sql`` over an in-memory SQLite copy of a revision. The copy is read-only: the
    authorizer allows reading and nothing else (no writes, no ATTACH of files on disk)."""
    backend = SqliteBackend(Path(":memory:"))
    try:
        apply(backend, snapshot(options))
        backend.conn.execute("PRAGMA query_only = ON")
        backend.conn.set_authorizer(_read_only)
        try:
            cursor = backend.conn.execute(sql)
            rows = cursor.fetchall()
        except sqlite3.Error as exc:
            raise UsageError(f"query failed: {exc}") from None
        columns = [d[0] for d in cursor.description or ()]
        return QueryResult(columns, rows)
    finally:
        backend.close()


_ALLOWED = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}


def _read_only(action: int, arg1: str | None, *_: Any) -> int:
    if action == sqlite3.SQLITE_PRAGMA and arg1 in ("table_info", "table_list"):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_OK if action in _ALLOWED else sqlite3.SQLITE_DENY
