"""Putting keys in order by moving lines gives exactly the writer's text, or declines."""

from __future__ import annotations

from cmdbgit.authoring.fmt import format_text
from cmdbgit.authoring.permute import permuted
from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file
from tests.benchmarks.generate import build, file_text, layout
from tests.unit.authoring.test_fmt_property import KINDS


def _permuted(text: str) -> str | None:
    loaded = load_file("t.yaml", text.encode(), Limits())
    return permuted(text, [d.data for d in loaded.documents], KINDS, 64)


def test_generated_files_come_out_as_the_writer_writes_them() -> None:
    moved = declined = 0
    for docs in layout(build(300, seed=11)).values():
        text = file_text(docs)
        written = format_text(text, KINDS)
        result = _permuted(text)
        if result is None:
            declined += 1
        else:
            assert result == written, text
            moved += result != text
    assert moved > 50 and declined < moved // 10


BLOCK = """\
# header
kind: Server
apiVersion: cmdbgit/v1
metadata:
  name: Web 1  # eol comments move with their line
  id: srv-web-1
spec:
  os: {product: sw-debian, version: "12"}
  hostname: web-1
relations:
  - target: svc-web
    type: runs_on
  - {type: depends_on, target: svc-db}
---
kind: Team
apiVersion: cmdbgit/v1
metadata: {id: team-a}
"""


def test_block_mappings_and_list_items_move_comments_and_all() -> None:
    result = _permuted(BLOCK)
    assert result == format_text(BLOCK, KINDS)
    assert result is not None and result.startswith("# header\napiVersion: cmdbgit/v1\nkind:")
    assert "  - type: runs_on\n    target: svc-web\n" in result


def test_declines_where_the_writer_must_judge() -> None:
    comment_line = "kind: Team\napiVersion: cmdbgit/v1\n# which goes where?\nmetadata: {id: t}\n"
    blank_line = "kind: Team\n\napiVersion: cmdbgit/v1\nmetadata: {id: t}\n"
    flow = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {name: T, id: t}\n"
    layout_off = "kind: Team\napiVersion: cmdbgit/v1\nmetadata:\n    id: t\n"
    head = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata:\n  # head\n  name: x\n  id: b\n"
    for text in (comment_line, blank_line, flow, layout_off, head):
        assert _permuted(text) is None, text
        assert format_text(text, KINDS) != text  # (each does need formatting)
    canonical = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: t}\n"
    assert _permuted(canonical) == canonical
