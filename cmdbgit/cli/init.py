"""``cmdbgit init``."""

from __future__ import annotations

from pathlib import Path

import click

from cmdbgit.cli.common import common_options
from cmdbgit.scaffold import init


@click.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@common_options
def command(directory: Path) -> None:
    """Scaffold a new inventory repository in DIRECTORY (default: here): config, schemas,
    relations, policies and their tests, example documents, CI workflows and .gitignore.
    Runs `git init` when DIRECTORY is not in a repository. Never overwrites a file."""
    written = init(directory)
    click.echo(f"wrote {len(written)} files to {directory}")
    click.echo(f"next: cd {directory} && cmdbgit validate")
