"""``cmdbgit explain``."""

from __future__ import annotations

import click

from cmdbgit.authoring.explain import explain
from cmdbgit.cli.common import common, common_options
from cmdbgit.errors import CmdbgitError
from cmdbgit.output.escape import terminal
from cmdbgit.output.rule_docs import known
from cmdbgit.revision import load_rules
from cmdbgit.source import WorktreeSource, open_repo


def _complete(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    return [r for r in known() if r.startswith(incomplete)]


@click.command("explain")
@click.argument("rule", shell_complete=_complete)
@common_options
@click.pass_context
def command(ctx: click.Context, rule: str) -> None:
    """What RULE (a rule id such as dangling-reference, or policy/<id>) catches and how to
    fix it."""
    try:
        policies = load_rules(WorktreeSource(open_repo(common(ctx).repo)))[1]
    except CmdbgitError:
        policies = None  # outside a project: the rule documentation alone
    result = explain(rule, policies)
    click.echo(terminal(result.rule))
    for title, text in result.sections:
        click.echo(f"\n{terminal(title)}:")
        for line in text.splitlines():
            click.echo(f"  {terminal(line)}")
