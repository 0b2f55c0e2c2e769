"""The ``cmdbgit`` entry point and its one error boundary (exit codes 0, 1, 2)."""

from __future__ import annotations

import os
import sys
import traceback

import click

from cmdbgit import __version__
from cmdbgit.cli import init, validate
from cmdbgit.cli.common import common_options
from cmdbgit.errors import CmdbgitError

#: Every command, by name. Adding a command is one module and one line here.
COMMANDS: list[click.Command] = [
    init.command,
    validate.command,
]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="cmdbgit")
@common_options
def cli() -> None:
    """cmdbgit — a GitOps CMDB and IT asset management tool.

    Configuration items, assets and their relationships live as YAML documents in a Git
    repository; cmdbgit validates them, diffs and judges changes, and reports on assets.
    """


for _command in COMMANDS:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; map fatal errors to exit 2 with a one-line reason, never a traceback."""
    try:
        code = cli.main(args=argv, prog_name="cmdbgit", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.exceptions.Abort:
        click.echo("cmdbgit: aborted", err=True)
        code = 2
    except CmdbgitError as exc:
        click.echo(f"cmdbgit: error: {exc}", err=True)
        code = exc.exit_code
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # the boundary: a bug must still end in a clear one-line error
        if os.environ.get("CMDBGIT_DEBUG"):
            traceback.print_exc()
        click.echo(
            f"cmdbgit: internal error: {type(exc).__name__}: {exc} "
            "(set CMDBGIT_DEBUG=1 for the traceback)",
            err=True,
        )
        code = 2
    sys.exit(code if isinstance(code, int) else 0)
