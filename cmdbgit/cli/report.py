"""``cmdbgit report NAME``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.reports import ALL, REPORTS
from cmdbgit.reports.formats import REPORT_FORMATS
from cmdbgit.reports.run import ReportOptions, run_report


def _ratio(_ctx: click.Context, _param: click.Parameter, value: str | None) -> float | None:
    """A share: 0.7, or 70 / 70% meaning percent."""
    if value is None:
        return None
    text = value.strip()
    try:
        number = float(text.rstrip("%"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number") from None
    if text.endswith("%") or number > 1:
        number /= 100
    if not 0 <= number <= 1:
        raise click.BadParameter(f"{value!r} is not between 0 and 1 (or 0% and 100%)")
    return number


@click.command("report")
@click.argument("name", type=click.Choice([*REPORTS, ALL]), metavar="NAME")
@click.option("--ref", metavar="REF", help="Report on this Git ref instead of the working tree.")
@format_option(list(REPORT_FORMATS), default="text")
@click.option(
    "--output",
    "-o",
    metavar="FILE|DIR",
    type=click.Path(path_type=Path),
    help="Write to FILE instead of stdout (a DIR with one file per report for `all --format csv`).",
)
@click.option(
    "--days",
    type=click.IntRange(min=0),
    help="The report's horizon in days: licence terms (licenses), warranty end (warranty), "
    "EOL (lifecycle), staleness (health). Default: cmdbgit.yaml `reports:`.",
)
@click.option(
    "--threshold",
    metavar="RATIO",
    callback=_ratio,
    help="licenses: under-used below this share of the entitlement (0.7 or 70%).",
)
@common_options
@click.pass_context
def command(
    ctx: click.Context,
    name: str,
    ref: str | None,
    fmt: str,
    output: Path | None,
    days: int | None,
    threshold: float | None,
) -> None:
    """Asset reports: licenses, warranty, lifecycle, depreciation, health, offboarding, or
    all of them. Every figure is computed as of --as-of (default: today, UTC). Exit 0 (the
    findings are the report), 2 when the inventory cannot be read or arguments are wrong.
    """
    opts = common(ctx)
    options = ReportOptions(
        repo=opts.repo,
        as_of=opts.as_of,
        name=name,
        fmt=fmt,
        ref=ref,
        output=output,
        days=days,
        threshold=threshold,
        color=opts.color,
    )
    for path in run_report(options, sys.stdout):
        click.echo(f"wrote {path}", err=True)
