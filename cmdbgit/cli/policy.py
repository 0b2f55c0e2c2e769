"""``cmdbgit policy test [DIR]`` and ``cmdbgit policy list``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cmdbgit.cli.common import common, common_options, format_option
from cmdbgit.policy.report import LIST_FORMATS, TEST_FORMATS
from cmdbgit.policy.rules import RULES
from cmdbgit.policy.testing import PolicyTestOptions, run_policy_tests


@click.group("policy")
@common_options
def command() -> None:
    """Policies as code: run policy tests, list the built-in rules."""


@command.command("test")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@format_option(sorted(TEST_FORMATS), default="text")
@common_options
@click.pass_context
def test_command(ctx: click.Context, directory: Path | None, fmt: str) -> None:
    """Run the PolicyTests in DIRECTORY (default: policies/tests of the repository).

    Each test judges its inline documents by one policy of the repository and compares the
    verdict per document with its expectations. Exit 0 when every test passes, 1 when an
    expectation fails, 2 when a test or policy file is malformed.
    """
    opts = common(ctx)
    report = run_policy_tests(PolicyTestOptions(opts.repo, opts.as_of, directory))
    TEST_FORMATS[fmt](report, sys.stdout)
    ctx.exit(report.exit_code)


@command.command("list")
@format_option(sorted(LIST_FORMATS), default="text")
@common_options
def list_command(fmt: str) -> None:
    """List the built-in rules a policy's `rule:` can name, with their parameters."""
    LIST_FORMATS[fmt](RULES, sys.stdout)
