"""``export sqlite|postgres`` and ``query``: the same tables and answers on both databases,
incremental exports that touch only what changed, and exports that die leaving the previous
state. Real SQLite files, a real PostgreSQL server, real Git repositories."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cmdbgit.sql.backends import PostgresBackend, SqliteBackend
from tests.conftest import AS_OF, GIT_ENV, ROOT, GitRepo, run_cli
from tests.integration.sql_support import normalise

#: Ten questions a finance or operations reader asks, in SQL both databases speak.
QUERIES = {
    "documents per kind": "SELECT kind, COUNT(*) FROM documents GROUP BY kind",
    "servers and their OS": "SELECT id, os_product, os_version, cpu_cores FROM kind_server",
    "big servers": "SELECT id FROM kind_server WHERE cpu_cores >= 16",
    "relations per type": "SELECT type, COUNT(*) FROM relations GROUP BY type",
    "what depends on db-payments": (
        "SELECT source_id, type FROM relations WHERE target = 'db-payments'"
    ),
    "warranty ending before 2027-06": (
        "SELECT id, warranty_end FROM kind_hardware_asset WHERE warranty_end < '2027-06-01'"
    ),
    "problems by rule": "SELECT rule, severity, COUNT(*) FROM problems GROUP BY rule, severity",
    "over-deployed licences": (
        "SELECT id, consumed, entitled FROM report_licenses WHERE position = 'over-deployed'"
    ),
    "book value per currency": (
        "SELECT currency, SUM(CAST(book_value AS NUMERIC)) FROM report_depreciation "
        "GROUP BY currency"
    ),
    "servers on hardware whose warranty has ended": (
        "SELECT s.id, h.warranty_end FROM kind_server s "
        "JOIN kind_hardware_asset h ON h.id = s.asset WHERE h.warranty_end < '2026-11-27'"
    ),
}


def _fetch(backend: Any, sql: str) -> list[tuple[Any, ...]]:
    return list(backend.fetch(sql))


def _export(*args: str, repo: Path) -> str:
    result = run_cli("export", *args, repo=repo)
    assert result.exit_code == 0, result.output
    return result.output


def test_sqlite_and_postgres_answer_the_ten_questions_alike(tmp_path: Path, pg_dsn: str) -> None:
    db = tmp_path / "cmdb.sqlite"
    _export("sqlite", str(db), "--source", "northwind", repo=ROOT)
    _export("postgres", pg_dsn, "--source", "northwind", repo=ROOT)
    lite, pg = SqliteBackend(db), PostgresBackend(pg_dsn)
    try:
        for question, sql in QUERIES.items():
            on_sqlite, on_pg = normalise(_fetch(lite, sql)), normalise(_fetch(pg, sql))
            assert on_sqlite == on_pg, question
            assert on_sqlite, f"{question}: the example inventory should answer it"
    finally:
        lite.close()
        pg.close()


def test_the_example_answers_carry_known_facts(tmp_path: Path) -> None:
    db = tmp_path / "cmdb.sqlite"
    _export("sqlite", str(db), repo=ROOT)
    conn = sqlite3.connect(db)
    kinds = dict(conn.execute(QUERIES["documents per kind"]).fetchall())
    assert kinds["Server"] > 10 and kinds["Team"] >= 5
    over = conn.execute(QUERIES["over-deployed licences"]).fetchall()
    assert ("lic-jetbrains-all-products", "7", "5") in over
    ended = dict(conn.execute(QUERIES["servers on hardware whose warranty has ended"]).fetchall())
    assert ended == {"srv-edi-01": "2023-05-27"}
    # Each table has the source and commit of what it holds.
    state = conn.execute("SELECT source, exported_commit, as_of FROM cmdbgit_exports").fetchall()
    assert state == [(ROOT.name, "worktree", AS_OF)]


def _small_org(repo: GitRepo) -> None:
    repo.write(
        "inventory/org.yaml",
        """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-ops, name: Ops}
---
apiVersion: cmdbgit/v1
kind: Vendor
metadata: {id: vendor-dell, name: Dell}
---
apiVersion: cmdbgit/v1
kind: HardwareAsset
metadata: {id: hw-01, name: Box one, owner: team-ops, labels: {env: prod}}
spec:
  serial: S1
  vendor: vendor-dell
  warranty: {end: 2026-12-20}
---
apiVersion: cmdbgit/v1
kind: HardwareAsset
metadata: {id: hw-02, name: Box two, owner: team-ops, labels: {env: prod}}
spec:
  serial: S2
  vendor: vendor-dell
  warranty: {end: 2028-01-31}
""",
    )
    for n, (asset, version) in enumerate([("hw-01", "20.04"), ("hw-02", "20.04"), (None, "22.04")]):
        asset_line = f"  asset: {asset}\n" if asset else ""
        repo.write(
            f"inventory/servers/srv-{n}.yaml",
            f"""\
apiVersion: cmdbgit/v1
kind: Server
metadata: {{id: srv-{n}, name: Server {n}, owner: team-ops, labels: {{env: prod}}}}
spec:
  hostname: srv-{n}.example.com
  os: {{product: ubuntu, version: "{version}"}}
{asset_line}""",
        )


def test_export_is_incremental_and_remembers_the_commit(git_repo: GitRepo, tmp_path: Path) -> None:
    _small_org(git_repo)
    first = git_repo.commit("inventory")
    db = tmp_path / "cmdb.sqlite"
    out = _export("sqlite", str(db), "--ref", "HEAD", repo=git_repo.path)
    assert "(first export)" in out
    conn = sqlite3.connect(db)
    before = set(conn.execute("SELECT id, row_hash FROM documents").fetchall())
    assert conn.execute("SELECT exported_commit FROM cmdbgit_exports").fetchone() == (first,)
    conn.close()

    text = (git_repo.path / "inventory/servers/srv-2.yaml").read_text()
    git_repo.write("inventory/servers/srv-2.yaml", text.replace("22.04", "24.04"))
    second = git_repo.commit("upgrade srv-2")
    out = _export("sqlite", str(db), "--ref", "HEAD", repo=git_repo.path)
    assert f"since {first[:12]}" in out
    assert "1 rows inserted, 1 deleted" in out  # that one document's row, nothing else

    conn = sqlite3.connect(db)
    after = set(conn.execute("SELECT id, row_hash FROM documents").fetchall())
    assert {i for i, _ in before ^ after} == {"srv-2"}
    assert conn.execute("SELECT exported_commit FROM cmdbgit_exports").fetchone() == (second,)
    assert conn.execute("SELECT os_version FROM kind_server WHERE id = 'srv-2'").fetchone() == (
        "24.04",
    )
    # A third export of the same commit changes nothing at all.
    out = _export("sqlite", str(db), "--ref", "HEAD", repo=git_repo.path)
    assert "0 rows inserted, 0 deleted" in out


def test_several_repositories_share_one_database(git_repo: GitRepo, tmp_path: Path) -> None:
    _small_org(git_repo)
    git_repo.commit("inventory")
    db = tmp_path / "cmdb.sqlite"
    _export("sqlite", str(db), "--source", "emea", repo=git_repo.path)
    _export("sqlite", str(db), "--source", "apac", repo=git_repo.path)
    conn = sqlite3.connect(db)
    per_source = dict(conn.execute("SELECT source, COUNT(*) FROM documents GROUP BY source"))
    assert per_source == {"emea": 7, "apac": 7}


def test_the_warranty_question_in_one_line(git_repo: GitRepo) -> None:
    """Servers on Ubuntu 20.04 in prod whose hardware warranty ends this year."""
    _small_org(git_repo)
    git_repo.commit("inventory")
    sql = (
        "SELECT s.id, h.warranty_end FROM kind_server s JOIN kind_hardware_asset h "
        "ON h.id = s.asset WHERE s.os_product = 'ubuntu' AND s.os_version = '20.04' "
        "AND json_extract(s.labels, '$.env') = 'prod' "
        "AND h.warranty_end BETWEEN '2026-01-01' AND '2026-12-31'"
    )
    result = run_cli("query", sql, "--format", "json", repo=git_repo.path)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"id": "srv-0", "warranty_end": "2026-12-20"}]
    # The same answer from get, on the hardware side.
    result = run_cli(
        "get",
        "HardwareAsset",
        "--where",
        "spec.warranty.end<=2026-12-31",
        "--where",
        "spec.warranty.end>=2026-01-01",
        "--where",
        "metadata.labels.env=prod",
        "--format",
        "ids",
        repo=git_repo.path,
    )
    assert result.output.split() == ["hw-01"]


def test_query_is_read_only(git_repo: GitRepo, tmp_path: Path) -> None:
    _small_org(git_repo)
    git_repo.commit("inventory")
    for sql in (
        "DELETE FROM documents",
        "CREATE TABLE x (a)",
        f"ATTACH DATABASE '{tmp_path / 'other.db'}' AS other",
        "PRAGMA writable_schema = ON",
    ):
        result = run_cli("query", sql, repo=git_repo.path)
        assert result.exit_code == 2, sql
        assert result.output.startswith("cmdbgit: error: query failed"), result.output
    assert not (tmp_path / "other.db").exists()
    result = run_cli("query", "SELEC id FROM documents", repo=git_repo.path)
    assert result.exit_code == 2 and "syntax error" in result.output


def test_query_formats(git_repo: GitRepo) -> None:
    _small_org(git_repo)
    git_repo.commit("inventory")
    sql = "SELECT id, cpu_cores FROM kind_server ORDER BY id"
    table = run_cli("query", sql, repo=git_repo.path)
    assert table.exit_code == 0
    assert "srv-0" in table.output and "(3 rows)" in table.output
    csv_out = run_cli("query", sql, "--format", "csv", repo=git_repo.path)
    assert csv_out.output.splitlines() == ["id,cpu_cores", "srv-0,", "srv-1,", "srv-2,"]


def test_a_password_in_the_dsn_is_refused_and_never_printed(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    for dsn in (
        "postgresql://cmdb:Hunter2-c4n4ry@localhost/cmdb",
        "host=localhost dbname=cmdb password=Hunter2-c4n4ry",
    ):
        result = run_cli("export", "postgres", dsn, repo=ROOT)
        assert result.exit_code == 2
        assert "PGPASSWORD" in result.output
        assert "c4n4ry" not in result.output


def test_secret_values_are_redacted_in_the_tables(git_repo: GitRepo, tmp_path: Path) -> None:
    _small_org(git_repo)
    git_repo.write(
        "inventory/app.yaml",
        """\
apiVersion: cmdbgit/v1
kind: Application
metadata: {id: app-x, name: X, owner: team-ops}
spec:
  description: "connect with postgres://app:c4n4ry-Sup3rS3cret@db.internal/app"
""",
    )
    git_repo.commit("inventory")
    db = tmp_path / "cmdb.sqlite"
    _export("sqlite", str(db), repo=git_repo.path)
    assert b"c4n4ry" not in db.read_bytes()
    conn = sqlite3.connect(db)
    (spec,) = conn.execute("SELECT spec FROM documents WHERE id = 'app-x'").fetchone()
    assert json.loads(spec) == {"description": "<redacted>"}


def test_a_user_kind_gets_a_view(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    scaffold_repo.write(
        "schemas/Printer.schema.json",
        json.dumps(
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "properties": {
                    "pages_per_minute": {"type": "integer"},
                    "colour": {"type": "boolean"},
                    "location": {"type": "object", "properties": {"floor": {"type": "string"}}},
                },
                "additionalProperties": False,
            }
        ),
    )
    scaffold_repo.write(
        "inventory/printers.yaml",
        """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-office, name: Office}
---
apiVersion: cmdbgit/v1
kind: Printer
metadata: {id: prn-1, name: Printer one, owner: team-office}
spec: {pages_per_minute: 40, colour: true, location: {floor: "3"}}
""",
    )
    scaffold_repo.commit("printers")
    result = run_cli(
        "query",
        "SELECT id, pages_per_minute, colour, location_floor FROM kind_printer",
        "--format",
        "json",
        repo=scaffold_repo.path,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"id": "prn-1", "pages_per_minute": 40, "colour": 1, "location_floor": "3"}
    ]


def _big_repo(tmp_path: Path, docs: int) -> Path:
    out = tmp_path / "big"
    subprocess.run(
        [sys.executable, str(ROOT / "tests/benchmarks/generate.py"), str(out), "--docs", str(docs)],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=out, check=True)
    return out


def _start_export(repo: Path, target: str, database: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cmdbgit", "--as-of", AS_OF, "export", database, target],
        cwd=repo,
        env={**os.environ, **GIT_ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_when(process: subprocess.Popen[bytes], ready: Any, timeout: float = 60) -> bool:
    """SIGKILL ``process`` as soon as ``ready()`` holds; False if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.005)
    process.kill()
    pytest.fail("the export neither started writing nor finished")


@pytest.mark.slow
def test_an_export_killed_midway_leaves_the_previous_state_sqlite(tmp_path: Path) -> None:
    repo = _big_repo(tmp_path, 3000)
    db = tmp_path / "cmdb.sqlite"
    _export("sqlite", str(db), "--ref", "main", repo=repo)
    conn = sqlite3.connect(db)
    before = conn.execute("SELECT COUNT(*), MAX(exported_commit) FROM documents, cmdbgit_exports")
    before_rows = before.fetchone()
    conn.close()
    subprocess.run(["git", "checkout", "-q", "change"], cwd=repo, check=True)
    journal = Path(f"{db}-journal")
    process = _start_export(repo, str(db), "sqlite")
    # The rollback journal exists from the transaction's first write to its commit: kill there.
    killed = _kill_when(process, journal.exists)
    assert killed, "the export finished before it could be killed; use a larger inventory"
    conn = sqlite3.connect(db)
    after = conn.execute("SELECT COUNT(*), MAX(exported_commit) FROM documents, cmdbgit_exports")
    assert after.fetchone() == before_rows
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.slow
def test_an_export_killed_midway_leaves_the_previous_state_postgres(
    tmp_path: Path, pg_dsn: str
) -> None:
    import psycopg

    repo = _big_repo(tmp_path, 3000)
    _export("postgres", pg_dsn, "--ref", "main", repo=repo)
    watch = psycopg.connect(pg_dsn, autocommit=True)
    count = "SELECT COUNT(*) FROM documents"
    before = watch.execute(count).fetchone()
    exported = watch.execute("SELECT exported_commit FROM cmdbgit_exports").fetchone()
    subprocess.run(["git", "checkout", "-q", "change"], cwd=repo, check=True)
    process = _start_export(repo, pg_dsn, "postgres")

    def writing() -> bool:
        row = watch.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE a.application_name = 'cmdbgit-export' AND l.mode = 'RowExclusiveLock'"
        ).fetchone()
        return bool(row and row[0])

    assert _kill_when(process, writing), "the export finished before it could be killed"
    deadline = time.monotonic() + 10  # the server notices the dead client and rolls back
    while time.monotonic() < deadline and watch.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'cmdbgit-export'"
    ).fetchone() != (0,):
        time.sleep(0.05)
    assert watch.execute(count).fetchone() == before
    assert watch.execute("SELECT exported_commit FROM cmdbgit_exports").fetchone() == exported
    watch.close()
