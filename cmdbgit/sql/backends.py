"""Connections to the two databases an export writes, behind one small interface.

SQLite is the embedded default (the standard library's ``sqlite3``); PostgreSQL goes through
``psycopg`` (the ``postgres`` extra). Each backend runs the export in ONE transaction, so an
export that is killed midway leaves the previous state.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from cmdbgit.errors import UsageError
from cmdbgit.sql.dialects import POSTGRES, SQLITE, Dialect


class Backend(Protocol):
    dialect: Dialect

    # Statements that return nothing; parameters in the dialect's placeholder style.
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    # One statement over many parameter rows (inserts, deletes by hash).
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    # A query's rows.
    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    # The column names of a table, or an empty list when it does not exist.
    def columns(self, table: str) -> list[str]: ...

    # Start, end or abandon the one transaction of an export.
    def begin(self) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...


class SqliteBackend:
    dialect = SQLITE

    def __init__(self, path: Path) -> None:
        if path.exists() and not path.is_file():
            raise UsageError(f"{path}: not a file")
        try:
            self.conn = sqlite3.connect(path, isolation_level=None)
            self.conn.execute("PRAGMA user_version")  # fails here on a file that is no database
        except sqlite3.DatabaseError as exc:
            raise UsageError(f"{path}: not an SQLite database ({exc})") from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    def columns(self, table: str) -> list[str]:
        return [row[1] for row in self.conn.execute(f'PRAGMA table_info("{table}")')]

    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


class PostgresBackend:
    dialect = POSTGRES

    def __init__(self, dsn: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise UsageError(
                "export postgres needs the postgres extra: pip install 'cmdbgit[postgres]'"
            ) from None
        refuse_password(dsn)
        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(dsn, application_name="cmdbgit-export")
        except psycopg.Error as exc:
            # psycopg's message names host, port and user, never the password (there is none)
            raise UsageError(f"cannot connect to PostgreSQL: {_first_line(exc)}") from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, tuple(params) or None)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(sql, list(rows))

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self.conn.execute(sql, tuple(params) or None).fetchall())

    def columns(self, table: str) -> list[str]:
        rows = self.fetch(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
            (table,),
        )
        return [r[0] for r in rows]

    def begin(self) -> None:
        pass  # psycopg opens a transaction with the first statement

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()


def refuse_password(dsn: str) -> None:
    """A password on a command line is visible to every process on the machine (``ps``):
    it belongs in ``PGPASSWORD`` or ``~/.pgpass``. The message never repeats the DSN."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(dsn)
    except Exception:  # psycopg raises ProgrammingError with the DSN in the text
        raise UsageError("the PostgreSQL connection string cannot be read") from None
    if parts.get("password"):
        raise UsageError(
            "the PostgreSQL connection string carries a password; put it in PGPASSWORD or "
            "~/.pgpass instead (a command line is visible to every process)"
        )


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
