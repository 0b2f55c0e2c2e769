"""``cmdbgit show``."""

from __future__ import annotations

import sys

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.cli.complete import complete_ids
from cmdbgit.query.card import ShowOptions, show
from cmdbgit.query.card_text import SHOW_FORMATS


@click.command("show")
@click.argument("ident", metavar="ID", shell_complete=complete_ids)
@click.option("--ref", metavar="REF", help="Read documents from this Git ref.")
@format_option(sorted(SHOW_FORMATS), default="text")
@common_options
@click.pass_context
def command(ctx: click.Context, ident: str, ref: str | None, fmt: str) -> None:
    """One document as the service desk needs it: kind and name, the owning team and its
    people, the asset behind it (purchase, warranty, depreciation as of --as-of, who holds
    it), relations in and out, the documents that refer to it, and the last commit that
    changed it."""
    opts = common(ctx)
    card = show(ShowOptions(opts.repo, ident, opts.as_of, ref))
    SHOW_FORMATS[fmt](card, sys.stdout)
