"""``cmdbgit impact``."""

from __future__ import annotations

import sys

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.graph.impact_formats import IMPACT_FORMATS
from cmdbgit.graph.run import ImpactOptions, run_impact
from cmdbgit.output import RenderOptions


@click.command("impact")
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option(
    "--since",
    metavar="BASE",
    help="Take the roots from the diff since BASE (BASE...HEAD uses the merge base).",
)
@click.option(
    "--head", metavar="REF", help="Read the documents from REF instead of the working tree."
)
@click.option("--depth", type=int, metavar="N", help="Follow at most N hops.")
@click.option("--reverse", is_flag=True, help="What the documents need, with a recovery order.")
@format_option(sorted(IMPACT_FORMATS), default="text")
@common_options
@click.pass_context
def command(
    ctx: click.Context,
    ids: tuple[str, ...],
    since: str | None,
    head: str | None,
    depth: int | None,
    reverse: bool,
    fmt: str,
) -> None:
    """Blast radius: every document impacted if ID fails (or by the change since BASE), with
    its distance and one shortest path, grouped by the business services reached.

    Failures propagate along relations as the relationship registry's `impact` says. With
    --reverse: what the documents need to work, and the order to restore it in (dependencies
    first; the members of a cycle together). Exit 0, or 2 on bad arguments.
    """
    opts = common(ctx)
    options = ImpactOptions(
        repo=opts.repo, ids=ids, since=since, head=head, depth=depth, reverse=reverse
    )
    result = run_impact(options)
    IMPACT_FORMATS[fmt](result, sys.stdout, RenderOptions(color=opts.color))
