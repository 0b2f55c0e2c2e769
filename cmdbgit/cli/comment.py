"""``cmdbgit comment``: the pull-request comment from a check's JSON (for the privileged job)."""

from __future__ import annotations

from pathlib import Path

import click

from cmdbgit.check.comment import HEADLINES, load, render
from cmdbgit.cli.common import common_options
from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic


@click.command("comment")
@click.option(
    "--from",
    "source",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The JSON `cmdbgit check --json` wrote (untrusted: checked against its shape).",
)
@click.option(
    "--conclusion",
    required=True,
    type=click.Choice([*HEADLINES, "cancelled", "neutral", "skipped", "timed_out"]),
    help="The check run's conclusion as GitHub reports it: it makes the headline.",
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@common_options
def command(source: Path, conclusion: str, output: Path | None) -> None:
    """Render the pull-request comment from a check's JSON, escaping every string again: no
    HTML, images, links or mentions from the file reach the comment."""
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"{source}: cannot read the check JSON ({exc.strerror})") from None
    markdown = render(load(raw), conclusion)
    if output is None:
        click.echo(markdown, nl=False)
    else:
        write_atomic(output, markdown)
