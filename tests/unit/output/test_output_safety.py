"""Output safety below the CLI: markdown links and size, JSON escapes, all-or-none writes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from cmdbgit.diff import markdown as diff_markdown
from cmdbgit.diff.model import DiffResult, DocumentChange, FieldChange, RelationEdge
from cmdbgit.errors import CmdbgitError
from cmdbgit.fsutil import write_all
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import ValidationResult
from cmdbgit.output import markdown
from cmdbgit.output.escape import code, html_text, text
from cmdbgit.output.json_format import dumps
from cmdbgit.reports.formats.markdown_format import escape as report_cell


def test_bare_urls_do_not_become_links() -> None:
    out = text("see https://evil.example/login or www.evil.example")
    assert "https://" not in out and "www." not in out
    assert "https:\u200b//evil.example/login" in out
    assert "://" not in html_text("http://evil.example")
    assert code("https://x.example") == "`https://x.example`"  # code spans never link
    assert "://" not in report_cell("https://evil.example") and "\x1b" not in report_cell("\x1b")


def test_markdown_escapers_escape_controls() -> None:
    for escaped in (text("a\x1b[31mb\u202ec"), code("a\x1bb"), html_text("a\x85b")):
        assert not any(ch in escaped for ch in "\x1b\x85\u202e")


def test_validate_markdown_counts_utf16_units() -> None:
    problems = [
        Problem(f"inventory/{i}.yaml", 1, 1, "schema", "error", "🔥" * 300) for i in range(200)
    ]
    out = markdown.build(ValidationResult(200, problems), limit=20_000)
    assert markdown.size(out) <= 20_000
    assert markdown.size(out) > len(out)  # the emoji count twice, as GitHub counts them
    assert "more problems not shown" in out


def _big_diff(changes: int) -> DiffResult:
    fields = [FieldChange(f"spec.f{i}", "x" * 40, "y" * 40) for i in range(8)]
    docs = [
        DocumentChange(
            "changed", f"svc-{i:05d}", "Service", f"inventory/{'d' * 150}/{i}.yaml", None, fields
        )
        for i in range(changes)
    ]
    edges = [RelationEdge(f"svc-{i:05d}", "depends_on", "db-main") for i in range(changes)]
    return DiffResult("a" * 40, "b" * 40, docs, edges, [])


def test_diff_markdown_is_capped() -> None:
    out = diff_markdown.build(_big_diff(2_000))
    assert markdown.size(out) <= markdown.LIMIT
    assert "more changed documents" in out
    small = diff_markdown.build(_big_diff(3))
    assert "svc-00002" in small and "more changed" not in small


def test_diff_markdown_keeps_only_the_summary_when_nothing_fits() -> None:
    out = diff_markdown.build(_big_diff(50), limit=1_000)
    assert markdown.size(out) <= 1_000
    assert "changes are left out" in out


def test_json_escapes_what_cannot_be_encoded_or_read_safely() -> None:
    value = {"name": "half \ud800 pair \u2028 \u202e \x85", "k\udfff": 1}
    out = dumps(value)
    out.encode("utf-8")  # a raw lone surrogate could not be encoded
    assert "\\ud800" in out and "\\u2028" in out and "\\u202e" in out and "\\u0085" in out
    assert json.loads(out) == value


def _umask(mask: int) -> int:
    return os.umask(mask)


def test_written_files_honour_the_umask(tmp_path: Path) -> None:
    old = _umask(0o027)
    try:
        write_all({tmp_path / "new.md": "x"})
    finally:
        _umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")
    target.chmod(0o644)
    old = _umask(0o077)
    try:
        write_all({target: "new"})
    finally:
        _umask(old)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_all_files_or_none(tmp_path: Path) -> None:
    (tmp_path / "plain-file").write_text("x")
    first, second = tmp_path / "out" / "R.md", tmp_path / "plain-file" / "R.json"
    with pytest.raises(CmdbgitError, match=r"cannot write .*R\.json: a folder on its path"):
        write_all({first: "report", second: "{}"})
    assert not first.exists()
    assert list((tmp_path / "out").iterdir()) == []  # no temporaries left behind


def test_a_lone_surrogate_is_written_escaped(tmp_path: Path) -> None:
    write_all({tmp_path / "r.md": "x \ud800 y"})
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == "x \\ud800 y"
