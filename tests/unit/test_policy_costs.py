"""The policies' remembered costs: an order, costliest first, and a file that never misleads."""

from __future__ import annotations

from pathlib import Path

from cmdbgit.store.costs import COSTS_FILE, costliest_first, read_costs, write_costs


def test_never_measured_first_then_costliest_ties_in_given_order() -> None:
    ids = ["cheap", "new", "costly", "also-cheap", "newer"]
    costs = {"cheap": 0.01, "costly": 0.5, "also-cheap": 0.01}
    order = costliest_first(ids, costs)
    assert [ids[i] for i in order] == ["new", "newer", "costly", "cheap", "also-cheap"]
    assert sorted(order) == list(range(len(ids)))


def test_written_costs_read_back_and_damage_reads_as_none(tmp_path: Path) -> None:
    write_costs(tmp_path, {"a": 0.25, "b": 1.5})
    assert read_costs(tmp_path) == {"a": 0.25, "b": 1.5}
    data = (tmp_path / COSTS_FILE).read_bytes()
    (tmp_path / COSTS_FILE).write_bytes(data[:-3])
    assert read_costs(tmp_path) == {}
    assert read_costs(None) == {} and read_costs(tmp_path / "absent") == {}
