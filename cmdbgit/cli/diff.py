"""``cmdbgit diff``."""

from __future__ import annotations

import sys

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.diff import DIFF_FORMATS
from cmdbgit.diff.run import DiffOptions, diff
from cmdbgit.output import RenderOptions


@click.command("diff")
@click.argument("base", required=False)
@click.argument("head", required=False)
@format_option(sorted(DIFF_FORMATS), default="text")
@common_options
@click.pass_context
def command(ctx: click.Context, base: str | None, head: str | None, fmt: str) -> None:
    """Semantic diff of the inventory by document id: added, removed, changed (field by
    field) and moved documents, and relation edges added or removed.

    BASE defaults to `<base_branch>...` (cmdbgit.yaml, default main: what a pull request
    from here would change; the HEAD commit when there is no such branch) and HEAD to the
    working tree. BASE...HEAD diffs from the merge base of the two (as a pull request does). Values that look like secrets are
    redacted. Exit 0, or 2 on an unknown ref.
    """
    opts = common(ctx)
    result = diff(DiffOptions(repo=opts.repo, base=base, head=head))
    DIFF_FORMATS[fmt](result, sys.stdout, RenderOptions(color=opts.color))
