"""A real PostgreSQL server for the export tests, and answers normalised across databases.

``.ci/run`` starts Debian's PostgreSQL and sets ``CMDBGIT_TEST_POSTGRES`` (a DSN without a
password, over the local socket) and ``CMDBGIT_REQUIRE_POSTGRES=1``: in CI a missing server
fails the tests instead of skipping them. Each test gets a database of its own, dropped after.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

DEFAULT_DSN = "host=/var/run/postgresql dbname=postgres"


def admin_dsn() -> str:
    return os.environ.get("CMDBGIT_TEST_POSTGRES", DEFAULT_DSN)


@pytest.fixture
def pg_dsn() -> Iterator[str]:
    """The DSN of a fresh, empty database on the test server."""
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(admin_dsn(), autocommit=True)
    except psycopg.Error as exc:
        reason = f"POSTGRESQL TESTS SKIPPED: no server at {admin_dsn()!r} ({exc})"
        if os.environ.get("CMDBGIT_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"cmdbgit_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = dict(psycopg.conninfo.conninfo_to_dict(admin_dsn()).items())
    base["dbname"] = name
    try:
        yield psycopg.conninfo.make_conninfo(**base)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def normalise(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows as both databases can agree on them: numbers as Decimal text without trailing
    zeros (SQLite hands back int/float, PostgreSQL numeric), everything else as is, sorted."""
    out = []
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, bool):
                cells.append(int(value))
            elif isinstance(value, int | float | Decimal):
                number = Decimal(str(value)).normalize()
                cells.append(format(number, "f"))
            else:
                cells.append(value)
        out.append(tuple(cells))
    return sorted(out, key=repr)
