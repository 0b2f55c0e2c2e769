"""``cmdbgit codeowners``."""

from __future__ import annotations

import click

from cmdbgit.authoring.codeowners import FILE, write
from cmdbgit.authoring.project import open_project
from cmdbgit.cli.common import common, common_options
from cmdbgit.output.escape import terminal


@click.command("codeowners")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the file is stale.")
@common_options
@click.pass_context
def command(ctx: click.Context, check: bool) -> None:
    """Write .github/CODEOWNERS from the documents' owners (Team.spec.github), one line per
    folder whose files share one owner set, else per file; policies, schemas, cmdbgit.yaml
    and .github/ go to codeowners.admin in cmdbgit.yaml."""
    result, stale = write(open_project(common(ctx).repo), check=check)
    for note in result.unowned:
        click.echo(f"note: {terminal(note)}", err=True)
    if check:
        click.echo(f"{FILE}: {'stale (run `cmdbgit codeowners`)' if stale else 'up to date'}")
        ctx.exit(1 if stale else 0)
    click.echo(f"{FILE}: {'written' if stale else 'unchanged'}")
