"""``--format github``: workflow commands with GitHub's escaping, worst first, and a notice
for what exceeds the display limit."""

from __future__ import annotations

import io
from dataclasses import replace

from cmdbgit.model.problem import Problem
from cmdbgit.model.result import ValidationResult
from cmdbgit.output import RenderOptions
from cmdbgit.output.formats import PROBLEM_FORMATS
from cmdbgit.output.github import annotation, escape_data, escape_property
from tests.unit.output.problems import DANGLING, INFO, POLICY, YAML, sample


def render(result: ValidationResult, root: str = "") -> list[str]:
    stream = io.StringIO()
    PROBLEM_FORMATS["github"](result, stream, RenderOptions(root=root))
    return stream.getvalue().splitlines()


def test_annotation_shape() -> None:
    assert annotation(DANGLING) == (
        "::error file=inventory/apps/billing.yaml,line=14,col=13,title=dangling-reference::"
        "app-billing relations[0].target: relation target 'db-x' names no document"
    )
    assert annotation(YAML) == (
        "::error file=inventory/broken.yaml,line=3,col=1,title=yaml::duplicate key 'spec'"
    )
    assert annotation(POLICY).startswith("::warning ")
    assert annotation(INFO).startswith("::notice ")


def test_escaping_data() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_data("a: b, c") == "a: b, c"  # ':' and ',' are fine in the message


def test_escaping_properties() -> None:
    assert escape_property("a:b,c%d\ne\rf") == "a%3Ab%2Cc%25d%0Ae%0Df"


def test_hostile_file_title_and_message() -> None:
    hostile = Problem(
        "inventory/odd,name:100%.yaml", 2, 5, "policy/a,b:c", "error",
        "line one\n::error::injected\r%0A", id="x",
    )  # fmt: skip
    line = annotation(hostile)
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::error file=inventory/odd%2Cname%3A100%25.yaml,line=2,col=5,title=policy/a%2Cb%3Ac::"
        "x: line one%0A::error::injected%0D%250A"
    )


def test_worst_first_then_position() -> None:
    lines = render(sample())
    commands = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert commands == ["::error"] * 4 + ["::warning", "::notice"]
    errors = [line for line in lines if line.startswith("::error")]
    assert errors == sorted(errors, key=lambda line: line.split("file=")[1])


def test_summary_line_is_plain() -> None:
    last = render(sample())[-1]
    assert last == "cmdbgit: failed: 7 documents, 4 errors, 1 warning, 1 info, 1 suppressed"
    assert render(ValidationResult(3, []))[-1] == "cmdbgit: ok: 3 documents, 0 errors, 0 warnings"


def test_notice_counts_what_exceeds_the_display_limit() -> None:
    errors = [replace(DANGLING, line=n) for n in range(1, 14)]  # 13 errors
    warnings = [replace(POLICY, line=n) for n in range(1, 11)]  # exactly 10 warnings
    lines = render(ValidationResult(23, errors + warnings))
    assert sum(1 for line in lines if line.startswith("::error ")) == 13  # the log keeps them all
    notices = [line for line in lines if line.startswith("::notice")]
    assert len(notices) == 1
    assert notices[0].startswith("::notice title=cmdbgit::3 errors beyond GitHub's display limit")
    assert "warning" not in notices[0]


def test_no_notice_within_the_limit() -> None:
    assert not [line for line in render(sample()) if line.startswith("::notice title=cmdbgit")]


def test_root_prefixes_files() -> None:
    lines = render(ValidationResult(1, [YAML]), root="infra/cmdb")
    assert lines[0].startswith("::error file=infra/cmdb/inventory/broken.yaml,")
