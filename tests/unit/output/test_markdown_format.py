"""``--format markdown``: a summary and a table, hostile text escaped, under the size cap."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from cmdbgit.model.problem import Problem
from cmdbgit.model.result import Suppressed, ValidationResult
from cmdbgit.output import RenderOptions
from cmdbgit.output.formats import PROBLEM_FORMATS
from cmdbgit.output.markdown import LIMIT, build
from tests.unit.output.problems import DANGLING, sample

HOSTILE = Problem(
    "inventory/x|y.yaml", 4, 2, "policy/`evil`", "error",
    "</details><script>alert(1)</script> | *bold* [link](https://x) @org/team\n# heading",
    id="</details>", path="spec.a|b",
)  # fmt: skip


def render(result: ValidationResult) -> str:
    stream = io.StringIO()
    PROBLEM_FORMATS["markdown"](result, stream, RenderOptions())
    return stream.getvalue()


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]


def test_summary_and_table() -> None:
    text = render(sample())
    assert text.startswith("### cmdbgit validate: ❌ failed\n")
    assert "**7 documents · 4 errors · 1 warning · 1 info · 1 waived**" in text
    assert "| Severity | Rule | Location | Message |" in text
    rows = table_rows(text.split("<details>")[0])
    assert len(rows) == 6
    assert rows[0].startswith("| ❌ error")
    assert rows[-1].startswith("| ℹ️ info")
    assert "`inventory/apps/billing.yaml:14:13`" in text


def test_hostile_text_is_escaped() -> None:
    text = render(ValidationResult(1, [HOSTILE]))
    (row,) = table_rows(text)
    # No raw HTML survives outside code spans, every cell separator is ours.
    outside_code = re.sub(r"(`+).*?\1", "", row)
    assert "<" not in outside_code and ">" not in outside_code
    assert "&lt;/details&gt;&lt;script&gt;" in row
    assert len(re.findall(r"(?<!\\)\|", outside_code)) == 5
    assert "\\*bold\\*" in row and "\\[link\\]" in row
    assert "@\u200borg/team" in row  # no mention
    assert "\n" not in row
    assert "| `` policy/`evil` `` |" in row  # a longer fence: the backticks cannot close it
    assert "spec.a\\|b" in row


def test_waived_problems_in_a_fold() -> None:
    text = render(sample())
    assert "<details><summary>1 waived by policy exceptions</summary>" in text
    assert "decommissioned in Q1" in text
    assert text.count("<details>") == text.count("</details>") == 1


def test_capped_at_the_limit_dropping_rows_from_the_end() -> None:
    many = [replace(DANGLING, line=n, message="m" * 200) for n in range(1, 2001)]
    waived = [
        Suppressed(replace(DANGLING, line=n), "reason " * 20, "2027-01-01") for n in range(400)
    ]
    result = ValidationResult(2000, many, waived)
    text = build(result)
    assert len(text) <= LIMIT
    kept = len(table_rows(text))
    assert 0 < kept < 2000
    assert f"_{2000 - kept} more problems not shown" in text
    assert "waived problems left out" in text and "<details>" not in text
    # The worst rows are kept: the first rows of the sorted table.
    assert "billing.yaml:1:13`" in text
    assert "billing.yaml:2000:13`" not in text


def test_small_limit_still_holds() -> None:
    text = build(sample(), limit=800)
    assert len(text) <= 800
    assert "more problems not shown" in text


def test_clean_result() -> None:
    text = render(ValidationResult(3, []))
    assert text.startswith("### cmdbgit validate: ✅ passed")
    assert "| Severity" not in text


def test_never_over_any_limit() -> None:
    problems = [replace(DANGLING, line=n) for n in range(300)]
    waived = [Suppressed(DANGLING, "reason", "2027-01-01")] * 5
    result = ValidationResult(3, problems, waived, notes=["a note"])
    for limit in range(600, 70_000, 997):
        assert len(build(result, limit=limit)) <= limit, limit
