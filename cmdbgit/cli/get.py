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
    metavar="CONDITION",
    help="Only documents whose field at a dotted PATH meets CONDITION: PATH=VALUE, "
    "PATH!=VALUE, PATH<VALUE (<=, >, >= too), 'PATH in A,B,C' or 'PATH exists'. Values are "
    "YAML scalars (spec.cpu_cores=8 is the number 8, spec.virtual=true the boolean); ISO "
    "dates compare as dates; money needs its currency ('spec.purchase.cost>1000 EUR'). "
    "Repeatable: every condition must hold.",
)
@click.option("--sort", metavar="PATH", help="Order by the value at this dotted path.")
@click.option(
    "--columns",
    metavar="PATH,…",
    help="Table and csv columns after the id: dotted paths, comma-separated "
    "(e.g. spec.hostname,spec.os.version).",
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
    sort: str | None,
    columns: str | None,
    fmt: str,
) -> None:
    """List documents, optionally of one KIND, filtered by labels and field values.

    Formats: table (default), json (a list of {id, kind, file, line, metadata, spec,
    relations}), yaml, ids (one per line, for scripts), csv (id and --columns).
    """
    opts = common(ctx)
    docs = get(GetOptions(opts.repo, kind, labels, where, ref, sort))
    paths = tuple(c.strip() for c in (columns or "").split(",") if c.strip())
    GET_FORMATS[fmt](docs, sys.stdout, opts.color, paths)
