"""Slices located ahead (in another process) and offered to the locator place every problem
exactly where locating them in place does: same positions, same documents located, the
same budget charged — and the offered slices are not re-read."""

from __future__ import annotations

from typing import Any

import pytest

from cmdbgit.model.config import Limits
from cmdbgit.model.document import Document
from cmdbgit.model.paths import FieldPath
from cmdbgit.parse import located
from cmdbgit.parse.locator import LOCATE_BUDGET, Locator

SMALL = "# head\nkind: Server\nmetadata:\n  id: srv-{n}\nspec:\n  hostname: h{n}\n  ports: [1, 2]\n"
MULTI = "a: 1\nb:\n  c: 2\n---\nd: [x, y]\ne: {f: 3}\n---\ng: 'quoted'\n"
HUGE = "kind: Blob\nspec:\n  text: " + "x" * (LOCATE_BUDGET // 2) + "\n"
#: Not YAML the located loader reads alone: placed at the document's first line.
BROKEN = "a: [1, 2\n"

FILES = {
    **{f"s{n}.yaml": SMALL.format(n=n) for n in range(6)},
    "multi.yaml": MULTI,
    "huge1.yaml": HUGE,
    "huge2.yaml": HUGE,
    "huge3.yaml": HUGE,
    "broken.yaml": BROKEN,
}
DOCS = [
    *(Document(f"s{n}.yaml", 0, 2, {}) for n in range(6)),
    Document("multi.yaml", 0, 1, {}),
    Document("multi.yaml", 1, 5, {}),
    Document("multi.yaml", 2, 8, {}),
    Document("huge1.yaml", 0, 1, {}),
    Document("huge2.yaml", 0, 1, {}),
    Document("huge3.yaml", 0, 1, {}),
    Document("broken.yaml", 0, 1, {}),
]
PATHS: list[FieldPath] = [("spec", "hostname"), ("metadata", "id"), ("b", "c"), ("e", "f"), ()]


def _read(path: str) -> bytes | None:
    text = FILES.get(path)
    return None if text is None else text.encode()


def _placed(locator: Locator, order: list[Document]) -> list[Any]:
    out = [[locator.position(doc, path) for path in PATHS] for doc in order]
    return [out, sorted(locator.truncated)]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = located.read_positions

    def counted(path: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(located, "read_positions", counted)  # as the locator calls it
    return seen


@pytest.mark.parametrize("most", [100, 12, 5, 0])
@pytest.mark.parametrize("reverse", [False, True])
def test_offered_slices_place_problems_as_located_in_place(
    reads: list[str], most: int, reverse: bool
) -> None:
    limits = Limits(max_located_documents=most)
    order = DOCS[::-1] if reverse else DOCS
    in_place = _placed(Locator(_read, limits), order)
    read_in_place = len(reads)

    offered = Locator(_read, limits)
    elsewhere = Locator(_read, limits)  # another process's copy
    wanted = offered.to_read(order)[0]
    assert len(wanted) <= most
    for doc in wanted:
        found = elsewhere.ahead(doc)
        if found is not None:
            offered.offer(doc.file, doc.index, *found)
    reads.clear()
    assert _placed(offered, order) == in_place
    # budget: the huge slices cannot all be read; what was offered is not read again
    assert len(reads) < max(read_in_place, 1)


def test_to_read_skips_what_is_located_and_stops_at_the_budget() -> None:
    locator = Locator(_read, Limits())
    locator.position(DOCS[0], ("spec", "hostname"))
    wanted = locator.to_read([*DOCS, DOCS[1]])[0]
    assert DOCS[0] not in wanted  # located already
    assert wanted.count(DOCS[1]) == 1
    huge = [d for d in wanted if d.file.startswith("huge")]
    assert len(huge) == 1  # the others pass what the first leaves of the budget


class _Remembered:
    """Positions remembered by an earlier run (``store.positions``' part the locator uses)."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, int], tuple[int, Any]] = {}

    def get(self, path: str, index: int) -> tuple[int, Any] | None:
        return self.found.get((path, index))

    def cost(self, path: str, index: int) -> int | None:
        found = self.found.get((path, index))
        return None if found is None else found[0]

    def put(self, path: str, index: int, cost: int, positions: Any) -> None:
        self.found[(path, index)] = (cost, positions)

    def save(self) -> None:
        return None


def test_remembered_slices_spend_the_budget_before_any_is_read_ahead(reads: list[str]) -> None:
    """A run whose remembered positions spend the whole budget re-reads nothing, ahead or
    not: what lies beyond is placed at its first line either way."""
    docs = [doc for doc in DOCS if doc.file != "broken.yaml"]  # (not remembered: re-read)
    remembered = _Remembered()
    first = Locator(_read, Limits(), remembered)
    in_place = _placed(first, docs)
    assert reads  # the first run re-read what it located, and remembered it
    reads.clear()
    again = Locator(_read, Limits(), remembered)
    wanted, budget, _left = again.to_read(docs)
    assert wanted == []  # the huge slices beyond the budget are not worth re-reading
    assert budget < len(HUGE)
    assert _placed(again, docs) == in_place
    assert reads == []
