"""``cmdbgit rm``."""

from __future__ import annotations

import click

from cmdbgit.authoring.project import open_project
from cmdbgit.authoring.rename import remove, retire
from cmdbgit.cli.common import common, common_options
from cmdbgit.cli.complete import complete_ids
from cmdbgit.model.paths import format_path
from cmdbgit.output.escape import terminal


@click.command("rm")
@click.argument("ident", metavar="ID", shell_complete=complete_ids)
@click.option(
    "--retire",
    "retire_only",
    is_flag=True,
    help="Keep the document; set its lifecycle status to retired.",
)
@common_options
@click.pass_context
def command(ctx: click.Context, ident: str, retire_only: bool) -> None:
    """Remove document ID. Refused (exit 1, every referrer listed with file:line) while
    anything references it. With --retire the document stays and its lifecycle status
    (e.g. spec.lifecycle.status: retired, spec.status: offboarded) is set instead."""
    project = open_project(common(ctx).repo)
    if retire_only:
        file, path, value = retire(project, ident)
        click.echo(f"{terminal(ident)}: {format_path(path)} = {value} in {terminal(file)}")
        return
    result = remove(project, ident)
    if result.references:
        click.echo(f"cmdbgit: {terminal(ident)} is still referenced; nothing removed:", err=True)
        for ref in result.references:
            click.echo(f"  {terminal(ref.describe())}", err=True)
        ctx.exit(1)
    click.echo(f"removed {terminal(ident)} from {terminal(result.files[0])}")
