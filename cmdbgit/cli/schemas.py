"""``cmdbgit schemas sync [--check]``."""

from __future__ import annotations

import click

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
    """The standard kind schemas and relation types in your repository."""


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
