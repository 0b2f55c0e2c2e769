"""``cmdbgit query "SELECT …"``."""

from __future__ import annotations

import sys

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.sql.formats import QUERY_FORMATS
from cmdbgit.sql.run import SqlOptions, query


@click.command("query")
@click.argument("sql", metavar="SQL")
@click.option("--ref", metavar="REF", help="Query this Git ref (default: the working tree).")
@format_option(list(QUERY_FORMATS), default="table")
@common_options
@click.pass_context
def command(ctx: click.Context, sql: str, ref: str | None, fmt: str) -> None:
    """Run read-only SQL over an in-memory SQLite copy of a revision.

    The same tables and views as `cmdbgit export`: documents, relations, problems,
    report_licenses, report_warranty, report_lifecycle, report_depreciation and one view
    kind_<kind> per kind (kind_server, kind_hardware_asset …), e.g.

    \b
      cmdbgit query "SELECT s.id, h.warranty_end FROM kind_server s
                     JOIN kind_hardware_asset h ON h.id = s.asset
                     WHERE s.os_version LIKE '20.04%' AND h.warranty_end < '2027-01-01'"
    """
    opts = common(ctx)
    result = query(SqlOptions(opts.repo, opts.as_of, ref), sql)
    QUERY_FORMATS[fmt](result, sys.stdout)
