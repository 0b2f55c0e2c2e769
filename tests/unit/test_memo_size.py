"""How large a judgement the memo keeps: 20,000 problems, or one per ten documents in a
larger inventory (a healthy 10^6-document inventory has tens of thousands of warnings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdbgit.model.problem import Problem
from cmdbgit.store.memo import Memo


def _problems(count: int) -> list[Problem]:
    return [
        Problem(f"inventory/f{n:06}.yaml", 1, 1, "policy/x", "warning", "m", id=f"d{n}")
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("documents", "problems", "kept"),
    [
        (1_000, 20_000, True),
        (1_000, 20_001, False),
        (1_000_000, 100_000, True),
        (1_000_000, 100_001, False),
    ],
)
def test_what_size_of_judgement_is_kept(
    tmp_path: Path, documents: int, problems: int, kept: bool
) -> None:
    file = tmp_path / "judgements.msgpack"
    Memo(file, "key").put(documents, _problems(problems), [], 0)
    remembered = Memo(file, "key").get()
    assert (remembered is not None) == kept
    if remembered is not None:
        assert remembered.documents == documents
        assert len(remembered.problems) == problems
