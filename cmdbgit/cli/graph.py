"""``cmdbgit graph``."""

from __future__ import annotations

import sys

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.export.graph_formats import GRAPH_FORMATS
from cmdbgit.export.inventory_graph import GraphOptions, export_graph


@click.command("graph")
@click.argument("ident", metavar="[ID]", required=False)
@click.option(
    "--depth",
    type=int,
    metavar="N",
    help="With ID: how many relations away to go, in both directions (default 1).",
)
@click.option("--ref", metavar="REF", help="Read documents from this Git ref.")
@format_option(sorted(GRAPH_FORMATS), default="dot")
@common_options
@click.pass_context
def command(
    ctx: click.Context, ident: str | None, depth: int | None, ref: str | None, fmt: str
) -> None:
    """Export the relation graph: the whole inventory, or the neighbourhood of ID. Nodes are
    labelled with id and kind, edges with the relation type; a target that names no document
    is drawn dashed (dot)."""
    opts = common(ctx)
    graph, root = export_graph(GraphOptions(opts.repo, ident, depth, ref))
    GRAPH_FORMATS[fmt](graph, root, sys.stdout)
