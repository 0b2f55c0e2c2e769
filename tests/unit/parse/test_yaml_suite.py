"""Every case of the official YAML test suite through both loaders (``load_file`` with its fast
path, and the located loader alone): no exception; a valid case yields the suite's values or
a refusal listed with a reason in refusals.yaml; an invalid case yields a ``yaml`` problem;
the loaders agree wherever both accept. Known gaps are listed apart and budgeted."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.unit.parse.yaml_suite import REASONS, SUITE, Case, cases, run, same, verdict

CASES = cases()
GAP_BUDGET = 3


@cache
def listed() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    data: dict[str, Any] = YAML(typ="safe").load((SUITE / "refusals.yaml").read_text())
    return dict(data["refusals"]), dict(data.get("known-gaps") or {})


def test_the_suite_is_there() -> None:
    assert len(CASES) == 402
    assert sum(case.invalid for case in CASES) == 94


def test_refusals_name_real_cases_and_allowed_reasons() -> None:
    refusals, gaps = listed()
    idents = {case.ident for case in CASES}
    assert set(refusals) <= idents and set(gaps) <= idents
    assert set(refusals.values()) <= set(REASONS)
    assert not set(refusals) & set(gaps)


def test_known_gaps_stay_within_budget() -> None:
    _, gaps = listed()
    for kind in ("valid refused", "invalid accepted"):
        assert sum(gap["kind"] == kind for gap in gaps.values()) <= GAP_BUDGET, kind
    assert all(gap["kind"] in ("valid refused", "invalid accepted") for gap in gaps.values())
    assert all(gap["reason"] for gap in gaps.values())


def _non_core_tag(case: Case) -> bool:
    events = (case.folder / "test.event").read_text(encoding="utf-8")
    core = ("<tag:yaml.org,2002:str>", "<tag:yaml.org,2002:int>", "<tag:yaml.org,2002:map>")
    tags = {word for word in events.split() if word.startswith("<") and word.endswith(">")}
    return bool(tags - set(core) - {"<!>", "<tag:yaml.org,2002:seq>"})


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.ident)
def test_case(case: Case) -> None:
    refusals, gaps = listed()
    results = {located: run(case, located=located) for located in (False, True)}
    for located, result in results.items():
        assert result.crash is None, (located, result.crash)
        outcome = verdict(case, result)
        gap = gaps.get(case.ident, {}).get("kind")
        if outcome == "ok":
            assert case.ident not in refusals and gap is None, "listed but read right"
        elif outcome == "invalid accepted":
            assert gap == "invalid accepted", (located, result.values)
        elif outcome == "wrong value":
            pytest.fail(f"wrong value ({'located' if located else 'production'}): {result.values}")
        elif outcome == "dropped null documents":
            assert refusals.get(case.ident) == "null documents dropped", outcome
        else:  # refused
            reason = refusals.get(case.ident)
            if reason is None:
                assert gap == "valid refused", (located, outcome)
            elif reason == "non-core tags":
                assert _non_core_tag(case), outcome
                assert all("is not allowed" in error for error in result.errors), outcome
            elif reason == "non-string or null keys":
                assert case.expected() == "non-string key", outcome
            else:
                words = REASONS[reason]
                assert any(word in error for error in result.errors for word in words), outcome
    production, located_only = results[False], results[True]
    if not production.errors and not located_only.errors:
        assert same(production.values, located_only.values)
