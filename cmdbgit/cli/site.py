"""``cmdbgit site --output DIR``."""

from __future__ import annotations

from pathlib import Path

import click

from cmdbgit.cli.common import common, common_options
from cmdbgit.site.build import SiteOptions, build_site


@click.command("site")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="The folder to write the site into (created; a later build rewrites only what changed).",
)
@click.option(
    "--ref", metavar="REF", help="Build the site of this Git ref (default: the working tree)."
)
@click.option(
    "--no-graphviz",
    is_flag=True,
    help="Draw dependencies with the built-in layout even when Graphviz's dot is installed.",
)
@common_options
@click.pass_context
def command(ctx: click.Context, output: Path, ref: str | None, no_graphviz: bool) -> None:
    """Write a static catalog site of the inventory: no server, no build step.

    An index per kind (sortable, paged), a page per document (owner and people, asset and
    warranty with book value, relations both ways as links, problems and waivers, recent
    commits), a dependency drawing on each service's page, the asset reports, and search
    over ids, names, host names, serials, IPs and labels. Every page says which commit and
    date it shows. Publish the folder with any static host (GitHub Pages: see the
    cmdbgit-site workflow).
    """
    opts = common(ctx)
    result = build_site(SiteOptions(opts.repo, output, opts.as_of, ref, not no_graphviz))
    click.echo(
        f"site: {result.documents} documents, {result.files} files in {output} "
        f"({result.written} written, {result.removed} removed) in {result.seconds:.1f} s"
    )
