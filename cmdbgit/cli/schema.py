"""``cmdbgit schema export``."""

from __future__ import annotations

import click

from cmdbgit.authoring.project import open_project
from cmdbgit.authoring.schema_files import DEFAULT_FOLDER, export_schemas
from cmdbgit.cli.common import common, common_options


@click.group("schema")
@common_options
def command() -> None:
    """Schemas for editors."""


@command.command("export")
@click.argument("directory", default=DEFAULT_FOLDER)
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 when a schema is missing or stale."
)
@common_options
@click.pass_context
def export_command(ctx: click.Context, directory: str, check: bool) -> None:
    """Write whole-document JSON Schemas for editors into DIRECTORY (default: editor-schemas/):
    <Kind>.document.json per kind, inventory.document.json choosing the kind by `kind`, and
    schemas for Policy, PolicyTest and cmdbgit.yaml. DIRECTORY is relative to the project."""
    result = export_schemas(open_project(common(ctx).repo), directory, check=check)
    if check:
        for name in result.stale:
            click.echo(f"{name}: stale (run `cmdbgit schema export {directory}`)")
        if not result.stale:
            click.echo(f"{result.folder}: up to date")
    else:
        click.echo(f"{result.folder}: {len(result.written)} schema files written")
    ctx.exit(result.exit_code)
