"""``cmdbgit kinds``."""

from __future__ import annotations

import json
import sys

import click

from cmdbgit.authoring.explain import kinds
from cmdbgit.authoring.project import open_project
from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.output.escape import terminal


@click.command("kinds")
@format_option(["text", "json"], default="text")
@common_options
@click.pass_context
def command(ctx: click.Context, fmt: str) -> None:
    """Each kind of this repository: its required fields, its references and the relations
    it may have."""
    infos = kinds(open_project(common(ctx).repo).rules)
    if fmt == "json":
        json.dump([k.to_json() for k in infos], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    for info in infos:
        click.echo(terminal(f"{info.kind} — {info.description}"))
        click.echo(f"  required: {', '.join(info.required) or '-'}")
        refs = ", ".join(f"{f} → {'/'.join(k)}" for f, k in info.references)
        click.echo(terminal(f"  references: {refs or '-'}"))
        rels = ", ".join(f"{t} → {'/'.join(k)}" for t, k in info.relations)
        click.echo(terminal(f"  relations: {rels or '-'}"))
