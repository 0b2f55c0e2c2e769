from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.unit.policy.helpers import PERSON, TEAM, doc, policy, run

HW = [
    doc("HardwareAsset", "hw-long", {"serial": "1", "warranty": {"end": "2030-01-01"}}),
    doc("HardwareAsset", "hw-jan", {"serial": "2", "warranty": {"end": "2027-01-15"}}),
    doc("HardwareAsset", "hw-none", {"serial": "3"}),
    doc("HardwareAsset", "hw-no-end", {"serial": "4", "warranty": {"contract": "c"}}),
]


def _violations(tmp_path: Path, as_of: date, **params: object) -> dict[str | None, str]:
    rule = policy("warranty", "warranty-valid", params=params, match={"kinds": ["HardwareAsset"]})
    result = run(tmp_path, [TEAM, PERSON, *HW], [rule], as_of)
    return {p.id: p.message for p in result.problems if p.rule == "policy/warranty"}


@pytest.mark.parametrize(
    ("as_of", "days", "jan"),
    [
        (date(2026, 11, 27), 0, None),
        (date(2027, 1, 15), 0, None),  # the last day of cover still counts
        (date(2027, 1, 16), 0, "warranty ended on 2027-01-15 (1 day ago)"),
        (date(2026, 11, 27), 49, None),  # exactly 49 days left
        (date(2026, 11, 27), 50, "warranty ends on 2027-01-15, in 49 days (at least 50 required)"),
    ],
)
def test_days_left_against_the_run_date(
    tmp_path: Path, as_of: date, days: int, jan: str | None
) -> None:
    found = _violations(tmp_path, as_of, min_days_left=days)
    assert found.get("hw-jan") == jan
    assert "hw-long" not in found
    assert found["hw-none"] == found["hw-no-end"] == "no warranty end date (spec.warranty.end)"


def test_missing_warranty_is_located_at_the_nearest_field(tmp_path: Path) -> None:
    rule = policy("warranty", "warranty-valid", match={"kinds": ["HardwareAsset"]})
    result = run(tmp_path, [TEAM, PERSON, *HW], [rule])
    paths = {p.id: p.path for p in result.problems}
    assert paths["hw-none"] == "spec.warranty.end"


def test_negative_days_are_rejected(tmp_path: Path) -> None:
    rule = policy("warranty", "warranty-valid", params={"min_days_left": -5})
    [problem] = run(tmp_path, [TEAM, PERSON], [rule]).problems
    assert (problem.rule, problem.path) == ("policy", "spec.params.min_days_left")
