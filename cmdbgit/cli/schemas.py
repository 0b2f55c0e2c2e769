"""``cmdbgit schemas sync [--check]`` and ``cmdbgit schemas export [DIR] [--check]`` (also
reachable as ``cmdbgit schema …``)."""

from __future__ import annotations

import click

from cmdbgit.authoring.project import open_project
from cmdbgit.authoring.schema_files import DEFAULT_FOLDER, export_schemas
from cmdbgit.cli.common import common, common_options
from cmdbgit.errors import UsageError
from cmdbgit.output.escape import terminal
from cmdbgit.schema_sync import apply, plan
from cmdbgit.source.repo import open_repo
from cmdbgit.source.worktree import WorktreeSource
from cmdbgit.workspace import CONFIG_FILE, load_config

_SAYS = {
    "added": "added (new in this version)",
    "updated": "updated (you had not edited it)",
    "kept": "kept your version",
    "types-added": "kept your version; appended the relation types it lacked",
    "deleted-locally": "you deleted it; not restored",
}
_WOULD_APPEND = "kept your version; would append the relation types it lacks"


@click.group("schemas")
@common_options
def command() -> None:
    """The kind schemas: keep schemas/ current (sync), write editor schemas (export)."""


@command.command("sync")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 when a sync would.")
@common_options
@click.pass_context
def sync_command(ctx: click.Context, check: bool) -> None:
    """Bring schemas/ up to this version of cmdbgit: add new standard kinds and relation
    types, update the files you never edited, and show the difference for the ones you did —
    never overwriting an edit. Compares with the versions recorded in cmdbgit.yaml
    (shipped_schemas), which init wrote and sync keeps current."""
    opts = common(ctx)
    handle = open_repo(opts.repo)
    config, _ = load_config(WorktreeSource(handle))
    folder = handle.root / config.paths.schemas
    if not folder.resolve().is_relative_to(handle.root.resolve()) or folder.is_symlink():
        raise UsageError(f"paths.schemas {config.paths.schemas!r} leads out of the repository")
    result = plan(folder, config)
    for outcome in result.outcomes:
        if outcome.state == "up-to-date":
            continue
        detail = f" ({outcome.detail})" if outcome.detail else ""
        says = _SAYS[outcome.state]
        if check and outcome.name in result.writes:
            says = f"would be {says}" if outcome.state != "types-added" else _WOULD_APPEND
        click.echo(f"{config.paths.schemas}/{outcome.name}: {says}{detail}")
        for line in outcome.diff.splitlines():
            click.echo(terminal(line))
    current = sum(1 for o in result.outcomes if o.state == "up-to-date")
    click.echo(f"{current} of {len(result.outcomes)} schema files are current")
    if check:
        ctx.exit(1 if result.pending else 0)
    apply(result, folder, handle.root / CONFIG_FILE)


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
