"""What a command imports before it runs: the libraries only some runs need are imported by
the first use (every command pays its imports, ~0.3 s of a warm run). A new eager import of
one of them would make every run slower without failing anything else."""

from __future__ import annotations

import subprocess
import sys

import pytest

#: Imported by the first file the located loader reads, or the first position re-read.
PARSER = ("ruamel.yaml", "yaml", "cmdbgit.parse.located")
#: Imported by the first schema compiled; the problem formats a validation prints.
VALIDATION = ("jsonschema_rs", "cmdbgit.output.junit", "cmdbgit.output.sarif")


def _imported(module: str, names: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys, cmdbgit.cli.main, {module}\n"
        f"print(' '.join(n for n in {names!r} if n in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.mark.parametrize(
    ("command", "absent"),
    [
        ("cmdbgit.cli.impact", PARSER + VALIDATION),
        ("cmdbgit.cli.diff", PARSER + VALIDATION),
        ("cmdbgit.cli.report", PARSER),
        ("cmdbgit.cli.validate", PARSER),
        ("cmdbgit.cli.check", PARSER),
    ],
)
def test_a_command_imports_no_parser_or_format_it_may_not_need(
    command: str, absent: tuple[str, ...]
) -> None:
    assert _imported(command, absent) == []
