"""``cmdbgit init``."""

from __future__ import annotations

from pathlib import Path

import click

from cmdbgit import PROJECT_URL
from cmdbgit.cli.common import common, common_options
from cmdbgit.scaffold import DEFAULT_TEAM, init


@click.command("init")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--example/--no-example",
    default=None,
    help="Write the small example organisation (default: only in a repository without commits).",
)
@click.option(
    "--team",
    metavar="ID",
    default=DEFAULT_TEAM,
    show_default=True,
    help="The Team that owns the starter policies (written as a document without --example).",
)
@common_options
@click.pass_context
def command(ctx: click.Context, directory: Path | None, example: bool | None, team: str) -> None:
    """Set up cmdbgit in DIRECTORY (default: --repo, else here), a new directory or an existing repository:
    config, schemas, relations, starter policies and their tests, CI workflows and .gitignore
    lines. Never overwrites a file: existing ones are listed as skipped, an existing .gitignore
    gets the missing lines appended. Runs `git init -b <base_branch>` when DIRECTORY is not in a
    repository; in an existing one `base_branch` is origin/HEAD's branch, else the current one."""
    directory = directory or common(ctx).repo  # `cmdbgit --repo X init` means X
    result = init(directory, example=example, team=team)
    if result.created_repository:
        click.echo(f"created a Git repository on branch {result.base_branch}")
    click.echo(f"wrote {len(result.written)} files to {directory}")
    for path in result.appended:
        click.echo(f"appended cmdbgit's lines to {path}")
    for path, reason in result.skipped:
        click.echo(f"skipped {path}: {reason}")
    click.echo(f"base branch: {result.base_branch} (base_branch in cmdbgit.yaml)")
    if not result.example:
        click.echo(f"no example documents; team {team} owns the starter policies")
        if result.member:
            click.echo(f"you are its member, Person {result.member} (from Git's author identity)")
        else:
            click.echo(
                f"add a Person as a member of {team}: the starter policy owners-active wants "
                "an active member in every team that owns documents"
            )
    click.echo(f"next: cd {directory} && cmdbgit validate")
    click.echo(f"docs: {PROJECT_URL}/tree/main/docs")


# The date options every command accepts mean nothing to init: keep them out of its help.
for _param in command.params:
    if isinstance(_param, click.Option) and _param.name == "as_of":
        _param.hidden = True
