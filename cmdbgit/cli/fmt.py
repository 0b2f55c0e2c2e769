"""``cmdbgit fmt``."""

from __future__ import annotations

import click

from cmdbgit.authoring.fmt import fmt
from cmdbgit.authoring.project import open_project
from cmdbgit.cli.common import common, common_options
from cmdbgit.output.escape import terminal


@click.command("fmt")
@click.argument("paths", nargs=-1)
@click.option(
    "--check", is_flag=True, help="Write nothing; print a diff and exit 1 if any file would change."
)
@common_options
@click.pass_context
def command(ctx: click.Context, paths: tuple[str, ...], check: bool) -> None:
    """Rewrite YAML files in canonical layout: envelope keys in order (apiVersion, kind,
    metadata, spec, relations), metadata and spec keys in schema order, two-space indent.
    Every comment, every value, every scalar's quoting and the order of documents are kept.
    PATHS are files or folders (default: the inventory and policies). Files with YAML
    problems are refused and named."""
    project = open_project(common(ctx).repo)
    result = fmt(project, paths, check=check)
    for problem in result.problems:
        click.echo(
            f"{terminal(problem.file)}:{problem.line}:{problem.column}: {problem.rule}: "
            f"{terminal(problem.message)} (not formatted)",
            err=True,
        )
    if check:
        for diff in result.diffs:
            click.echo(plain_diff(diff), nl=False)
        verb = "would reformat"
    else:
        verb = "reformatted"
    for path in result.changed:
        click.echo(f"{verb} {terminal(path)}", err=check)
    unchanged = result.files - len(result.changed) - len(result.problems)
    click.echo(f"{len(result.changed)} {verb}, {unchanged} unchanged", err=True)
    ctx.exit(1 if result.problems or (check and result.changed) else 0)


def plain_diff(diff: str) -> str:
    return "".join(terminal(line.rstrip("\n")) + "\n" for line in diff.splitlines(keepends=True))
