"""The ``cmdbgit`` entry point and its one error boundary (exit codes 0, 1, 2)."""

from __future__ import annotations

import importlib
import os
import traceback
from typing import Any

import click

from cmdbgit import __version__
from cmdbgit.cli.common import common_options
from cmdbgit.errors import CmdbgitError

#: Every command: its name and the module that defines ``command``. Modules are imported only
#: when their command runs, so ``cmdbgit validate`` does not pay for the reports or the PR
#: gate at start-up. Adding a command is one module and one line here.
COMMANDS: dict[str, str] = {
    "init": "cmdbgit.cli.init",
    "validate": "cmdbgit.cli.validate",
    "check": "cmdbgit.cli.check",
    "diff": "cmdbgit.cli.diff",
    "impact": "cmdbgit.cli.impact",
    "get": "cmdbgit.cli.get",
    "show": "cmdbgit.cli.show",
    "graph": "cmdbgit.cli.graph",
    "history": "cmdbgit.cli.history",
    "report": "cmdbgit.cli.report",
    "policy": "cmdbgit.cli.policy",
    "import": "cmdbgit.cli.import_cmd",
    "schema": "cmdbgit.cli.schema",
    "fmt": "cmdbgit.cli.fmt",
}


class _Boundary(click.Group):
    """Maps fatal errors to exit 2 with a one-line reason: bad input never ends in a
    traceback. Lives on the group so CliRunner tests see exactly what users see."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = importlib.import_module(module).command
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CmdbgitError as exc:
            click.echo(f"cmdbgit: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            ctx.exit(0)
        except Exception as exc:  # a bug must still end in a clear one-line error
            if os.environ.get("CMDBGIT_DEBUG"):
                traceback.print_exc()
            click.echo(
                f"cmdbgit: internal error: {type(exc).__name__}: {exc} "
                "(set CMDBGIT_DEBUG=1 for the traceback)",
                err=True,
            )
            ctx.exit(2)


@click.group(
    cls=_Boundary,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="cmdbgit")
@common_options
def cli() -> None:
    """cmdbgit — a GitOps CMDB and IT asset management tool.

    Configuration items, assets and their relationships live as YAML documents in a Git
    repository; cmdbgit validates them, diffs and judges changes, and reports on assets.
    """


def main() -> None:
    cli.main(prog_name="cmdbgit")
