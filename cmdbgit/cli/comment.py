"""``cmdbgit comment``: the pull-request comment from a check's JSON (for the privileged job)."""

from __future__ import annotations

from pathlib import Path

import click

from cmdbgit.check.comment import HEADLINES, load, render
from cmdbgit.check.owners import base_handles
from cmdbgit.cli.common import common, common_options
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
@click.option(
    "--mention/--no-mention",
    default=False,
    envvar="CMDBGIT_MENTION",
    help="Make the owners' handles live mentions, for the handles of the Team documents of "
    "the checked-out repository (the default branch) only [env: CMDBGIT_MENTION].",
)
@common_options
def command(source: Path, conclusion: str, output: Path | None, mention: bool) -> None:
    """Render the pull-request comment from a check's JSON, escaping every string again: no
    HTML, images, links or mentions from the file reach the comment."""
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"{source}: cannot read the check JSON ({exc.strerror})") from None
    handles = base_handles(common(click.get_current_context()).repo) if mention else frozenset()
    markdown = render(load(raw), conclusion, handles)
    if output is None:
        click.echo(markdown, nl=False)
    else:
        write_atomic(output, markdown)
