"""Options every command accepts before or after its name: ``--repo``, ``--as-of``, ``--no-color``.

They are stored in ``ctx.meta`` (shared by the whole command chain), so ``cmdbgit --repo X
validate`` and ``cmdbgit validate --repo X`` mean the same thing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Common:
    repo: Path
    as_of: date
    color: bool


def parse_date(value: str, option: str = "--as-of") -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


def _store(name: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        if value is not None and value is not False:
            if name == "as_of":
                value = parse_date(value)
            ctx.meta[f"cmdbgit.{name}"] = value

    return callback


def common_options(func: F) -> F:
    func = click.option(
        "--no-color",
        is_flag=True,
        default=False,
        expose_value=False,
        callback=_store("no_color"),
        help="Never colour the output.",
    )(func)
    func = click.option(
        "--as-of",
        metavar="DATE",
        expose_value=False,
        callback=_store("as_of"),
        help="Judge dates as of this day (YYYY-MM-DD; default: today, UTC).",
    )(func)
    return click.option(
        "--repo",
        metavar="PATH",
        expose_value=False,
        callback=_store("repo"),
        help="The project folder (default: the nearest one holding cmdbgit.yaml or "
        "inventory/, from the current folder up to the top of its Git repository).",
    )(func)


def common(ctx: click.Context) -> Common:
    meta = ctx.meta
    color = not meta.get("cmdbgit.no_color", False) and sys.stdout.isatty()
    return Common(
        repo=_project(meta.get("cmdbgit.repo")),
        as_of=meta.get("cmdbgit.as_of") or datetime.now(UTC).date(),
        color=color,
    )


def _project(given: str | None) -> Path:
    """``--repo`` as given, else the project holding the current folder, found as git finds
    its top: a command run in ``inventory/services`` still means the whole project."""
    if given is not None:
        return Path(given)
    from cmdbgit.source.repo import find_project  # Git only when a command runs

    return find_project(Path.cwd())


def format_option(choices: list[str], default: str | None = None) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format."
        + (" Default: github in GitHub Actions, else text." if default is None else ""),
    )
