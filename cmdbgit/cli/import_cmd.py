"""``cmdbgit import SOURCE [INPUT…]``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic
from cmdbgit.imports.render import RENDERERS
from cmdbgit.imports.run import ImportOptions, run_import
from cmdbgit.imports.sources import SOURCES


@click.command("import")
@click.argument("source", type=click.Choice(list(SOURCES)), metavar="SOURCE")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path), metavar="[INPUT]...")
@click.option(
    "--write",
    is_flag=True,
    help="Apply the plan to the working tree (edit drifted fields the source owns, add new "
    "documents, mark missing ones). Without it nothing changes.",
)
@click.option(
    "--record",
    is_flag=True,
    help="With --write: also record what the source saw (observed/SOURCE.json), for the "
    "truth score of `report health`.",
)
@click.option(
    "--mapping",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="csv: the mapping file that says what each column is.",
)
@click.option(
    "--url",
    "url",
    metavar="URL",
    help="netbox: read the live API at URL (token from NETBOX_TOKEN).",
)
@click.option(
    "--endpoint-url",
    "endpoint_url",
    metavar="URL",
    help="aws: the AWS API endpoint (a local one in tests); credentials from the environment.",
)
@format_option(list(RENDERERS), default="text")
@click.option(
    "--report",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Also write the plan as markdown to FILE (a pull-request description).",
)
@common_options
@click.pass_context
def command(
    ctx: click.Context,
    source: str,
    inputs: tuple[Path, ...],
    write: bool,
    record: bool,
    mapping: Path | None,
    url: str | None,
    endpoint_url: str | None,
    fmt: str,
    report: Path | None,
) -> None:
    """Turn what a SOURCE saw into a reviewable change of the inventory.

    \b
    Sources: csv (a spreadsheet with --mapping), facter (facter --json), ansible (the setup
    module's facts), lshw (lshw -json), nmap (nmap -oX), netbox (saved REST API JSON, or
    --url), backstage (catalog-info.yaml), aws (EC2, EBS, RDS; saved describe-instances JSON,
    or live). INPUT: files, or folders of them.

    Prints the plan: new (seen, not declared), drifted (declared and seen, field by field,
    with the source that owns the field), missing (declared, in the source's scope, not
    seen), conflicts and unchanged. A source edits only the fields it owns; people own
    owner, labels, name and relations. Nothing is ever deleted. Exit 0 when there is
    nothing to do, 1 when there is (without --write), 2 when the input cannot be read.
    """
    opts = common(ctx)
    if record and not write:
        raise UsageError("--record goes with --write")
    options = ImportOptions(
        opts.repo, opts.as_of, source, inputs, mapping, write, url or endpoint_url, record
    )
    result = run_import(options)
    sys.stdout.write(RENDERERS[fmt](result.plan))
    if report is not None:
        write_atomic(report, RENDERERS["markdown"](result.plan))
    if result.written is not None:
        click.echo(
            f"wrote {len(result.written.created)} new file(s), edited "
            f"{len(result.written.edited)} file(s)",
            err=True,
        )
        return
    ctx.exit(0 if result.plan.empty else 1)
