"""``get --where`` conditions: comparisons, membership, existence, dates, money."""

from __future__ import annotations

from typing import Any

import pytest

from cmdbgit.errors import UsageError
from cmdbgit.query.conditions import parse_condition

DOC: dict[str, Any] = {
    "metadata": {"id": "hw-1", "labels": {"env": "prod"}},
    "spec": {
        "cpu_cores": 16,
        "virtual": False,
        "serial": "0042",
        "warranty": {"end": "2026-12-20"},
        "purchase": {"cost": {"amount": 1200.5, "currency": "EUR"}},
        "notes": None,
    },
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spec.cpu_cores=16", True),
        ("spec.cpu_cores=16.0", True),
        ("spec.cpu_cores='16'", False),
        ("spec.cpu_cores!=8", True),
        ("spec.cpu_cores>8", True),
        ("spec.cpu_cores>=16", True),
        ("spec.cpu_cores<16", False),
        ("spec.cpu_cores <= 16", True),
        ("spec.virtual=false", True),
        ("spec.virtual<true", False),  # booleans do not order
        ("spec.serial=0042", False),  # YAML 1.2: 0042 is the number 42, not the string
        ("spec.serial='0042'", True),
        ("spec.warranty.end<2027-01-01", True),
        ("spec.warranty.end>2026-12-19", True),
        ("spec.warranty.end>=2026-12-21", False),
        ("spec.purchase.cost>1000 EUR", True),
        ("spec.purchase.cost<EUR 1200.50", False),
        ("spec.purchase.cost<=EUR 1200.50", True),
        ("metadata.labels.env in prod,staging", True),
        ("metadata.labels.env in dev, test", False),
        ("spec.cpu_cores in 8,16", True),
        ("spec.warranty exists", True),
        ("spec.notes exists", False),  # null is no value
        ("spec.missing exists", False),
        ("spec.missing!=1", False),  # a missing field meets no condition
        ("spec.missing<1", False),
    ],
)
def test_conditions(text: str, expected: bool) -> None:
    assert parse_condition(text).matches(DOC, "hw-1") is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("spec.purchase.cost>1000 USD", "in EUR, not USD"),
        ("spec.purchase.cost>1000", "name the currency"),
        ("spec.cpu_cores>1000 EUR", "not an amount of money"),
    ],
)
def test_money_across_currencies_is_an_error_not_a_guess(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_condition(text).matches(DOC, "hw-1")


@pytest.mark.parametrize("text", ["spec.cpu_cores", "=8", "spec.x exists now", "spec.x in"])
def test_malformed_conditions_say_what_is_accepted(text: str) -> None:
    with pytest.raises(UsageError, match="--where"):
        parse_condition(text)
