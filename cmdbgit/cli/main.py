"""The ``cmdbgit`` entry point and its one error boundary (exit codes 0, 1, 2)."""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

import click

from cmdbgit import __version__
from cmdbgit.cli.common import common_options
from cmdbgit.errors import CmdbgitError
from cmdbgit.model.redact import terminal
from cmdbgit.model.suggest import suggest

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
    "export": "cmdbgit.cli.export",
    "query": "cmdbgit.cli.query",
    "site": "cmdbgit.cli.site",
    "comment": "cmdbgit.cli.comment",
    "schemas": "cmdbgit.cli.schemas",
    #: the same group: `schema export` reads as naturally as `schemas sync`
    "schema": "cmdbgit.cli.schemas",
    "import": "cmdbgit.cli.import_cmd",
    "fmt": "cmdbgit.cli.fmt",
    "new": "cmdbgit.cli.new",
    "set": "cmdbgit.cli.set",
    "rename": "cmdbgit.cli.rename",
    "rm": "cmdbgit.cli.rm",
    "codeowners": "cmdbgit.cli.codeowners",
    "kinds": "cmdbgit.cli.kinds",
    "explain": "cmdbgit.cli.explain",
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

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            ctx.fail(f"No such command {name!r}.{_hint(name, COMMANDS)}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        _tolerant_streams()
        try:
            try:
                return super().invoke(ctx)
            finally:
                # Flushed here, not at interpreter exit: a full disk must end as a one-line
                # error with exit 2, not as "Exception ignored" and exit 120.
                sys.stdout.flush()
        except CmdbgitError as exc:
            for line in str(exc).splitlines() or [""]:  # a file's several mistakes, one a line
                _error(f"cmdbgit: error: {line}")
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            _drop_stdout()
            ctx.exit(0)
        except OSError as exc:  # disk full, file size limit, read-only or missing folder
            _drop_stdout()
            _error(f"cmdbgit: error: {describe_os_error(exc)}")
            ctx.exit(2)
        except Exception as exc:  # a bug must still end in a clear one-line error
            if os.environ.get("CMDBGIT_DEBUG"):
                traceback.print_exc()
            _error(
                f"cmdbgit: internal error: {type(exc).__name__}: {exc} "
                "(set CMDBGIT_DEBUG=1 for the traceback)"
            )
            ctx.exit(2)


def _hint(name: str, known: Iterable[str]) -> str:
    close = suggest(name, known)
    return f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def describe_os_error(exc: OSError) -> str:
    """``cannot write R.md: No space left on device`` — one line, whatever the errno."""
    reason = exc.strerror or type(exc).__name__
    return f"{exc.filename}: {reason}" if exc.filename else reason


def _error(message: str) -> None:
    """One line on stderr: a message may quote a path or a ref, which must not break it."""
    click.echo(terminal(message), err=True)


def _tolerant_streams() -> None:
    """A lone surrogate (YAML's ``"\\ud800"``) cannot be encoded as UTF-8: written as
    ``\\ud800`` rather than ending the run half-way through its output."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _drop_stdout() -> None:
    """Discard what stdout still buffers, so exiting does not try (and fail) to write it."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (CliRunner)
        pass


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


#: Commands that list the working tree before they write anything to it: their listing
#: begins before they are imported (``source.early``), unless they read a commit instead.
LIST_EARLY = frozenset({"validate", "diff", "impact", "report"})
#: ``check`` reads a clean checkout as its commit: what begins early is git's look at
#: whether it is clean (``check.tree``).
LOOK_EARLY = frozenset({"check"})
_NOT_THE_TREE = ("--ref", "--head", "--help", "-h", "--version")


def begin_early(argv: list[str]) -> None:
    """Start the git commands the command ``argv`` names will run first on the working tree,
    at the project it will open: a guess from the arguments, which costs a few git processes
    when wrong and changes no result (a command only takes what was begun for the same
    folder and the same arguments)."""
    words, command = iter(argv), None
    for word in words:
        if word in ("--repo", "--as-of"):  # the options before a command that take a value
            next(words, None)
        elif not word.startswith("-"):
            command = word
            break
    early = LIST_EARLY | LOOK_EARLY
    if command not in early or any(a.split("=")[0] in _NOT_THE_TREE for a in argv):
        return
    repo = None
    for number, word in enumerate(argv):
        if word == "--repo" and number + 1 < len(argv):
            repo = argv[number + 1]
        elif word.startswith("--repo="):
            repo = word.removeprefix("--repo=")
    # Imported here, not at the top: ``--help`` and the other commands import no more.
    from cmdbgit.source.early import begin, listing_commands
    from cmdbgit.source.repo import find_project, git_top, project_prefix

    try:
        project = Path(repo) if repo is not None else find_project(Path.cwd())
        if command in LIST_EARLY:
            begin(project, listing_commands("."))
            return
        from cmdbgit.check.tree import quick_look_commands

        root = project.resolve()
        top = git_top(root) if root.is_dir() else None
        if top is not None:
            begin(top, quick_look_commands(project_prefix(root, top)))
    except (OSError, ValueError):  # the command itself will say what is wrong
        return


def main() -> None:
    """The console script: the command, then an exit that does not free the heap."""
    begin_early(sys.argv[1:])
    try:
        cli.main(prog_name="cmdbgit")
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            _leave(done.code or 0)
        raise


def _leave(code: int) -> NoReturn:
    """End the process without tearing its heap down: a run over 10^5 documents holds
    millions of objects, and freeing them one by one at interpreter shutdown took 0.15–0.2 s
    after the output was written, for nothing. What shutdown does that matters is done
    first: the standard streams are flushed (when that fails, Python's own exit reports it)
    and the exit handlers run (temporary folders, logging, coverage); GitPython's
    ``cat-file`` processes, ended when their repository is collected, are ended here. Threads
    left are daemons (a listing's reader); a worker process dies with its parent."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    opened = sys.modules.get("cmdbgit.source.repo")  # not imported: no repository opened
    if opened is not None:
        opened.close_repositories()
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
