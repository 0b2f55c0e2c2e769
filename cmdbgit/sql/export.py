"""Apply a snapshot to a database: only the rows that changed, in one transaction.

Each table carries a ``row_hash`` of its row. An export reads the hashes the database holds for
its source, deletes the rows whose hash is gone and inserts the rows whose hash is new; an
unchanged row is never touched, so after a one-document commit only that document's rows (and
the problems and report rows it changed) are written. ``cmdbgit_exports`` remembers the commit
and date each source was exported at.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cmdbgit import __version__
from cmdbgit.errors import UsageError
from cmdbgit.sql.backends import Backend
from cmdbgit.sql.tables import Column, Snapshot, Table, to_json
from cmdbgit.sql.views import all_views

STATE_TABLE = "cmdbgit_exports"
_STATE = "source TEXT PRIMARY KEY, exported_commit TEXT, as_of TEXT, exported_at TEXT, version TEXT"
_BATCH = 500


@dataclass(slots=True)
class ExportResult:
    source: str
    commit: str
    previous: str | None
    inserted: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    views: int = 0

    @property
    def touched(self) -> int:
        return sum(self.inserted.values()) + sum(self.deleted.values())


#: Columns that say when a row was written, not what it holds: left out of its hash, so an
#: unchanged document keeps the commit and date of the export that last wrote it (the
#: current ones are in ``cmdbgit_exports``) and is not rewritten by every export.
STAMP_COLUMNS = frozenset({"commit", "as_of"})


def row_hash(row: tuple[object, ...], names: tuple[str, ...]) -> str:
    content = [value for value, name in zip(row, names, strict=True) if name not in STAMP_COLUMNS]
    return hashlib.sha256(to_json(content).encode("utf-8")).hexdigest()[:32]


def apply(backend: Backend, snapshot: Snapshot) -> ExportResult:
    """Bring the database's rows of ``snapshot.source`` to the snapshot, atomically."""
    backend.begin()
    try:
        result = _apply(backend, snapshot)
        backend.commit()
    except BaseException:
        backend.rollback()
        raise
    return result


def _apply(backend: Backend, snapshot: Snapshot) -> ExportResult:
    backend.execute(f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} ({_STATE})")
    p = backend.dialect.placeholder
    previous = backend.fetch(
        f"SELECT exported_commit FROM {STATE_TABLE} WHERE source = {p}", (snapshot.source,)
    )
    result = ExportResult(snapshot.source, snapshot.commit, previous[0][0] if previous else None)
    for table in snapshot.tables:
        _ensure(backend, table)
        inserted, deleted = _sync(backend, table, snapshot.source)
        result.inserted[table.name] = inserted
        result.deleted[table.name] = deleted
    views = all_views(backend.dialect, snapshot.kinds)
    for name, create in views.items():
        backend.execute(f"DROP VIEW IF EXISTS {name}")
        backend.execute(create)
    result.views = len(views)
    backend.execute(f"DELETE FROM {STATE_TABLE} WHERE source = {p}", (snapshot.source,))
    backend.execute(
        f"INSERT INTO {STATE_TABLE} VALUES ({backend.dialect.params(5)})",
        (
            snapshot.source,
            snapshot.commit,
            snapshot.as_of.isoformat(),
            datetime.now(UTC).isoformat(timespec="seconds"),
            __version__,
        ),
    )
    return result


def _ensure(backend: Backend, table: Table) -> None:
    wanted = [*table.names, "row_hash"]
    have = backend.columns(table.name)
    if not have:
        columns = ", ".join(_definition(backend, c) for c in table.columns)
        backend.execute(f'CREATE TABLE "{table.name}" ({columns}, row_hash TEXT NOT NULL)')
        backend.execute(f'CREATE INDEX "{table.name}_by_hash" ON "{table.name}" (source, row_hash)')
        if "id" in table.names:
            backend.execute(f'CREATE INDEX "{table.name}_by_id" ON "{table.name}" (id)')
        return
    if have != wanted:
        raise UsageError(
            f"table {table.name!r} in this database has other columns than cmdbgit "
            f"{__version__} writes; export into a new database (or drop the cmdbgit tables)"
        )


def _definition(backend: Backend, column: Column) -> str:
    return f'"{column.name}" {backend.dialect.type_of(column.type)}'


def _sync(backend: Backend, table: Table, source: str) -> tuple[int, int]:
    p = backend.dialect.placeholder
    held = {
        r[0]
        for r in backend.fetch(f'SELECT row_hash FROM "{table.name}" WHERE source = {p}', (source,))
    }
    fresh = {row_hash(row, table.names): row for row in table.rows}
    gone = sorted(held - fresh.keys())
    new = [fresh[h] + (h,) for h in sorted(fresh.keys() - held)]
    for start in range(0, len(gone), _BATCH):
        chunk = gone[start : start + _BATCH]
        backend.execute(
            f'DELETE FROM "{table.name}" WHERE source = {p} AND row_hash IN '
            f"({backend.dialect.params(len(chunk))})",
            (source, *chunk),
        )
    if new:
        names = ", ".join(f'"{n}"' for n in (*table.names, "row_hash"))
        backend.executemany(
            f'INSERT INTO "{table.name}" ({names}) VALUES '
            f"({backend.dialect.params(len(table.columns) + 1)})",
            new,
        )
    return len(new), len(gone)
