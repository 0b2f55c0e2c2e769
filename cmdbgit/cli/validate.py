"""``cmdbgit validate``."""

from __future__ import annotations

import os
import sys

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.judge import ValidateOptions, validate
from cmdbgit.output import RenderOptions
from cmdbgit.output.formats import PROBLEM_FORMATS, default_format


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--ref", metavar="REF", help="Read documents from this Git ref instead of the working tree."
)
@click.option(
    "--policies-from",
    metavar="REF",
    help="Read config, schemas, relations and policies from this ref ('head': the documents' own).",
)
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the parse cache.")
@format_option(sorted(PROBLEM_FORMATS))
@common_options
@click.pass_context
def command(
    ctx: click.Context,
    paths: tuple[str, ...],
    ref: str | None,
    policies_from: str | None,
    strict: bool,
    no_cache: bool,
    fmt: str | None,
) -> None:
    """Validate the inventory: YAML, envelope, schemas, ids, references, relations, cycles,
    owners and policies. Exit 0 when clean, 1 on errors (or warnings with --strict), 2 on
    usage or environment errors.

    PATHS limit the output to those files or folders; references are always resolved
    against the whole inventory.
    """
    opts = common(ctx)
    shown = fmt or default_format()
    options = ValidateOptions(
        repo=opts.repo,
        as_of=opts.as_of,
        ref=ref,
        policies_from=policies_from,
        paths=tuple(_relative(p, opts.repo) for p in paths),
        strict=strict,
        use_cache=not no_cache,
        subjects=shown == "junit",  # the one format that lists the documents that passed
    )
    result = validate(options)
    renderer = PROBLEM_FORMATS[shown]
    renderer(result, sys.stdout, RenderOptions(color=opts.color, root=result.prefix))
    ctx.exit(result.exit_code)


def _relative(path: str, repo: object) -> str:
    """A PATH as given on the command line, relative to the repository root."""
    root = os.path.realpath(str(repo))
    full = os.path.realpath(path)
    if full == root or full.startswith(root + os.sep):
        return os.path.relpath(full, root).replace(os.sep, "/")
    return path.replace(os.sep, "/").strip("/")
