"""``cmdbgit history``."""

from __future__ import annotations

import sys

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.cli.complete import complete_ids
from cmdbgit.history.render import HISTORY_FORMATS
from cmdbgit.history.run import HistoryOptions, run_history


@click.command("history")
@click.argument("ident", metavar="ID", shell_complete=complete_ids)
@click.option("--ref", metavar="REF", help="Start from this Git ref (default: HEAD).")
@format_option(sorted(HISTORY_FORMATS), default="text")
@common_options
@click.pass_context
def command(ctx: click.Context, ident: str, ref: str | None, fmt: str) -> None:
    """The commits that changed document ID, newest first, with author, date and the changed
    fields. The document is followed by its id, so moves between files and edits inside
    multi-document files are found. In a shallow clone the output says history is cut."""
    opts = common(ctx)
    result = run_history(HistoryOptions(opts.repo, ident, ref))
    HISTORY_FORMATS[fmt](result, sys.stdout)
