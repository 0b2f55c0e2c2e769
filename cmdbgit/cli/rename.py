"""``cmdbgit rename``."""

from __future__ import annotations

import click

from cmdbgit.authoring.project import open_project
from cmdbgit.authoring.rename import rename
from cmdbgit.cli.common import common, common_options
from cmdbgit.cli.complete import complete_ids
from cmdbgit.output.escape import terminal


@click.command("rename")
@click.argument("old", metavar="OLD", shell_complete=complete_ids)
@click.argument("new", metavar="NEW")
@common_options
@click.pass_context
def command(ctx: click.Context, old: str, new: str) -> None:
    """Rename document OLD to NEW and every reference to it: owners, reference fields,
    relation targets, policy exceptions and policy tests. Comments are kept; each file is
    written atomically. A file named after OLD that holds only it is renamed too."""
    result = rename(open_project(common(ctx).repo), old, new)
    click.echo(
        f"renamed {terminal(old)} -> {terminal(new)}: {len(result.references)} references "
        f"in {len(result.files)} files"
    )
    if result.moved_to:
        click.echo(f"moved to {terminal(result.moved_to)}")
