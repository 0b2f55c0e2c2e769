"""``cmdbgit export sqlite FILE`` and ``cmdbgit export postgres DSN``."""

from __future__ import annotations

import click

from cmdbgit.cli.common import common, common_options
from cmdbgit.sql.run import SqlOptions, export
from cmdbgit.sql.tables import REPORT_TABLES

_TABLES = ", ".join(("documents", "relations", "problems", *(f"report_{n}" for n in REPORT_TABLES)))


def _options(ctx: click.Context, ref: str | None, source: str | None) -> SqlOptions:
    opts = common(ctx)
    return SqlOptions(opts.repo, opts.as_of, ref, source)


def _run(
    ctx: click.Context, target: str, database: str, ref: str | None, source: str | None
) -> None:
    result = export(_options(ctx, ref, source), target, database)
    since = f" since {result.previous[:12]}" if result.previous else " (first export)"
    click.echo(
        f"exported {result.source} at {result.commit[:12]}{since}: "
        f"{sum(result.inserted.values())} rows inserted, "
        f"{sum(result.deleted.values())} deleted, {result.views} kind views"
    )


_ref = click.option("--ref", metavar="REF", help="Export this Git ref (default: the working tree).")
_source = click.option(
    "--source",
    metavar="NAME",
    help="Name of this inventory on every row, so several repositories can share one "
    "database (default: the repository folder's name).",
)


_HELP = f"""Export a revision into a database: tables, one view per kind, the report tables.

\b
Tables: {_TABLES};
views kind_<kind>, one per kind, columns generated from its schema.

A second export applies only what changed, in one transaction: an export that is
interrupted leaves the previous state.
"""


@click.group("export", help=_HELP)
@common_options
def command() -> None:
    """The group only dispatches to ``sqlite`` and ``postgres`` (its help is ``_HELP``)."""


@command.command("sqlite")
@click.argument("file", metavar="FILE")
@_ref
@_source
@common_options
@click.pass_context
def sqlite(ctx: click.Context, file: str, ref: str | None, source: str | None) -> None:
    """Export into the SQLite database FILE (created when missing)."""
    _run(ctx, file, "sqlite", ref, source)


@command.command("postgres")
@click.argument("dsn", metavar="DSN")
@_ref
@_source
@common_options
@click.pass_context
def postgres(ctx: click.Context, dsn: str, ref: str | None, source: str | None) -> None:
    """Export into PostgreSQL (needs: pip install 'cmdbgit[postgres]').

    DSN is a libpq connection string without a password, e.g.
    "postgresql://cmdb@db.example.com/cmdb" or "host=/var/run/postgresql dbname=cmdb": the
    password comes from PGPASSWORD or ~/.pgpass, never from the command line, where every
    process could read it.
    """
    _run(ctx, dsn, "postgres", ref, source)
