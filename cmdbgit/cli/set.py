"""``cmdbgit set``."""

from __future__ import annotations

import click

from cmdbgit.authoring.assign import parse_assignment
from cmdbgit.authoring.edit import set_fields
from cmdbgit.authoring.project import open_project
from cmdbgit.cli.common import common, common_options
from cmdbgit.cli.complete import complete_ids
from cmdbgit.output.escape import terminal


@click.command("set")
@click.argument("ident", metavar="ID", shell_complete=complete_ids)
@click.argument("assignments", nargs=-1, required=True, metavar="PATH=VALUE...")
@common_options
@click.pass_context
def command(ctx: click.Context, ident: str, assignments: tuple[str, ...]) -> None:
    """Set fields of document ID in place, e.g. `cmdbgit set srv-01 spec.memory_gb=64
    spec.os.version='"22.04"'`. Values are YAML scalars (quote to force a string); comments
    and layout are kept. For scripts and bots."""
    parsed = [parse_assignment(a) for a in assignments]
    file = set_fields(open_project(common(ctx).repo), ident, parsed)
    click.echo(f"updated {terminal(ident)} in {terminal(file)}")
