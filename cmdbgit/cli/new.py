"""``cmdbgit new``."""

from __future__ import annotations

import click

from cmdbgit.authoring.assign import parse_assignment
from cmdbgit.authoring.new import NewOptions, new_document
from cmdbgit.authoring.project import open_project
from cmdbgit.cli.common import common, common_options
from cmdbgit.cli.complete import complete_kinds
from cmdbgit.output.escape import terminal


@click.command("new")
@click.argument("kind", shell_complete=complete_kinds)
@click.argument("ident", metavar="ID")
@click.option(
    "--file",
    "file",
    metavar="PATH",
    help="Write into this file (appended as a new document if it exists).",
)
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="PATH=VALUE",
    help="Fill a field, e.g. --set spec.hostname=web-01 (repeatable).",
)
@common_options
@click.pass_context
def command(
    ctx: click.Context, kind: str, ident: str, file: str | None, assignments: tuple[str, ...]
) -> None:
    """Create a document of KIND with id ID: required fields as null (validation fails until
    they are filled), optional fields as comments, in schema order. The default file is
    inventory/<kind>/<ID>.yaml (config: new.folders). Refuses an id that already exists."""
    options = NewOptions(kind, ident, file, tuple(parse_assignment(a) for a in assignments))
    result = new_document(open_project(common(ctx).repo), options)
    click.echo(f"created {terminal(ident)} in {terminal(result.file)}:{result.line}")
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
