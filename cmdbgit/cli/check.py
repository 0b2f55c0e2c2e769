"""``cmdbgit check``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cmdbgit.check.model import CheckOptions
from cmdbgit.check.outputs import deliver
from cmdbgit.check.run import run_check
from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.output.formats import default_format

_PATH = click.Path(dir_okay=False, path_type=Path)


@click.command("check")
@click.option(
    "--base", metavar="REF", help="The pull request's base (default: base_branch, e.g. main)."
)
@click.option("--report", type=_PATH, metavar="FILE", help="Write the markdown report here.")
@click.option("--sarif", type=_PATH, metavar="FILE", help="Write SARIF 2.1.0 here.")
@click.option("--json", "json_path", type=_PATH, metavar="FILE", help="Write the JSON result here.")
@click.option(
    "--fail-on",
    type=click.Choice(["new", "existing"]),
    default="new",
    show_default=True,
    help="Fail on new errors only, or on every error.",
)
@format_option(["github", "text"])
@common_options
@click.pass_context
def command(
    ctx: click.Context,
    base: str | None,
    report: Path | None,
    sarif: Path | None,
    json_path: Path | None,
    fail_on: str,
    fmt: str | None,
) -> None:
    """The pull-request gate. Judges the change as it would land (HEAD and the working
    tree's changes merged into the tip of --base) by the config, schemas, relations and
    policies of --base; splits problems into new and existing (same rule, id and path at the
    base's tip); diffs from there and traces the impact of the change. Exit 1 on new errors
    (every error with --fail-on existing), 2 on usage or environment errors (a conflicting
    merge included).

    Without --base: the base_branch of cmdbgit.yaml (default main, or origin/main); on that
    branch itself, or when it does not exist, validate and summarise, with validate's exit
    code.
    """
    opts = common(ctx)
    options = CheckOptions(
        repo=opts.repo,
        as_of=opts.as_of,
        base=base,
        fail_on="existing" if fail_on == "existing" else "new",
        report=report,
        sarif=sarif,
        json=json_path,
    )
    result = run_check(options)
    deliver(result, options, sys.stdout, fmt or default_format(), color=opts.color)
    ctx.exit(result.exit_code)
