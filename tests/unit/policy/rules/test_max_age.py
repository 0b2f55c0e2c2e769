from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.unit.policy.helpers import PERSON, TEAM, doc, policy, run

HW = [
    doc("HardwareAsset", "hw-2019", {"serial": "1", "purchase": {"date": "2019-01-31"}}),
    doc("HardwareAsset", "hw-2024", {"serial": "2", "purchase": {"date": "2024-03-01"}}),
    doc("HardwareAsset", "hw-undated", {"serial": "3"}),
]


def _old(tmp_path: Path, months: int, as_of: date) -> dict[str | None, str]:
    rule = policy("age", "max-age", params={"months": months}, match={"kinds": ["HardwareAsset"]})
    result = run(tmp_path, [TEAM, PERSON, *HW], [rule], as_of)
    return {p.id: p.message for p in result.problems if p.rule == "policy/age"}


def test_older_than_months(tmp_path: Path) -> None:
    assert _old(tmp_path, 84, date(2026, 11, 27)) == {
        "hw-2019": "purchased on 2019-01-31, 93 months ago: older than 84 months since 2026-01-31"
    }
    # 2019-01-31 + 85 months clamps to 2026-02-28; a day later it is too old.
    assert _old(tmp_path, 85, date(2026, 2, 28)) == {}
    assert _old(tmp_path, 85, date(2026, 3, 1)) == {
        "hw-2019": "purchased on 2019-01-31, 85 months ago: older than 85 months since 2026-02-28"
    }


def test_months_param(tmp_path: Path) -> None:
    found = _old(tmp_path, 24, date(2026, 11, 27))
    assert sorted(found) == ["hw-2019", "hw-2024"]
    assert (
        found["hw-2024"]
        == "purchased on 2024-03-01, 32 months ago: older than 24 months since 2026-03-01"
    )


def test_months_is_required(tmp_path: Path) -> None:
    [problem] = run(tmp_path, [TEAM, PERSON], [policy("age", "max-age")]).problems
    assert (problem.rule, problem.path) == ("policy", "spec.params.months")
