"""``cmdbgit get``."""

from __future__ import annotations

import sys

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.cli.complete import complete_kinds
from cmdbgit.query.get import GetOptions, get
from cmdbgit.query.get_formats import GET_FORMATS


@click.command("get")
@click.argument("kind", required=False, shell_complete=complete_kinds)
@click.option(
    "-l",
    "--label",
    "labels",
    multiple=True,
    metavar="KEY=VALUE",
    help="Only documents with this label value (KEY alone: with this label). Repeatable.",
)
@click.option(
    "--where",
    multiple=True,
    metavar="PATH=VALUE",
    help="Only documents whose field at the dotted PATH equals VALUE, read as a YAML scalar "
    "(spec.cpu_cores=8 is the number 8, spec.virtual=true the boolean). Repeatable.",
)
@click.option("--ref", metavar="REF", help="Read documents from this Git ref.")
@format_option(sorted(GET_FORMATS), default="table")
@common_options
@click.pass_context
def command(
    ctx: click.Context,
    kind: str | None,
    labels: tuple[str, ...],
    where: tuple[str, ...],
    ref: str | None,
    fmt: str,
) -> None:
    """List documents, optionally of one KIND, filtered by labels and field values.

    Formats: table (default), json (a list of {id, kind, file, line, metadata, spec,
    relations}), yaml, ids (one per line, for scripts).
    """
    opts = common(ctx)
    docs = get(GetOptions(opts.repo, kind, labels, where, ref))
    GET_FORMATS[fmt](docs, sys.stdout, opts.color)
