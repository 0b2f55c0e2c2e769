"""Shell completion of document ids and kinds (click's completion calls these; they must
never fail, so any error completes nothing)."""

from __future__ import annotations

from pathlib import Path

import click
from click.shell_completion import CompletionItem

from cmdbgit.source import WorktreeSource, open_repo
from cmdbgit.workspace import load_documents, load_ruleset

#: Enough to choose from; a shell would not show more.
_LIMIT = 200


def _repo(ctx: click.Context) -> Path:
    return Path(ctx.find_root().meta.get("cmdbgit.repo", "."))


def complete_kinds(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    try:
        rules = load_ruleset(WorktreeSource(open_repo(_repo(ctx))))
    except Exception:
        return []
    return [CompletionItem(k) for k in sorted(rules.kinds) if k.startswith(incomplete)]


def complete_ids(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    try:
        source = WorktreeSource(open_repo(_repo(ctx)))
        loaded = load_documents(source, load_ruleset(source).config)
    except Exception:
        return []
    ids = sorted(i for i in loaded.inventory.by_id if i.startswith(incomplete))
    return [CompletionItem(i, help=loaded.inventory.by_id[i].kind) for i in ids[:_LIMIT]]
