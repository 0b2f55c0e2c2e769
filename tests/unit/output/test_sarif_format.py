"""``--format sarif``: valid SARIF 2.1.0 (the official schema) carrying what GitHub code
scanning needs."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from typing import Any

import jsonschema
import pytest

from cmdbgit.model.problem import Problem
from cmdbgit.model.result import ValidationResult
from cmdbgit.output import RenderOptions
from cmdbgit.output.formats import PROBLEM_FORMATS
from cmdbgit.output.sarif import build, fingerprint
from tests.conftest import ROOT
from tests.unit.output.problems import DANGLING, POLICY, WAIVED, YAML, sample

#: The official OASIS schema (a copy in tests/data, with its provenance in the README).
SCHEMA_FILE = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def render(result: ValidationResult, root: str = "") -> dict[str, Any]:
    stream = io.StringIO()
    PROBLEM_FORMATS["sarif"](result, stream, RenderOptions(root=root))
    data: dict[str, Any] = json.loads(stream.getvalue())
    return data


def test_valid_against_the_official_schema(validator: jsonschema.Draft4Validator) -> None:
    log = render(sample())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")


def test_schema_catches_a_broken_log(validator: jsonschema.Draft4Validator) -> None:
    """The validator is not vacuous: a result without a message is rejected."""
    log = render(sample())
    del log["runs"][0]["results"][0]["message"]
    assert list(validator.iter_errors(log))


def test_empty_result_is_valid(validator: jsonschema.Draft4Validator) -> None:
    log = render(ValidationResult(0, []))
    assert not list(validator.iter_errors(log))
    assert log["runs"][0]["results"] == []


def test_driver_and_rules() -> None:
    driver = render(sample())["runs"][0]["tool"]["driver"]
    assert driver["name"] == "cmdbgit"
    assert driver["version"] and driver["informationUri"].startswith("https://")
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == sorted(set(ids))
    assert set(ids) == {
        "dangling-reference", "duplicate-id", "policy/naming",
        "policy/prod-hardware-under-warranty", "yaml",
    }  # fmt: skip
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert "names no document" in by_id["dangling-reference"]["shortDescription"]["text"]
    assert (
        "prod-hardware-under-warranty"
        in by_id["policy/prod-hardware-under-warranty"]["fullDescription"]["text"]
    )
    # The waived problem (an error) is not a result: the open one, a warning, sets the level.
    assert by_id["policy/prod-hardware-under-warranty"]["defaultConfiguration"]["level"] == (
        "warning"
    )


def _results_by_rule(log: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for result in log["runs"][0]["results"]:
        out.setdefault(result["ruleId"], []).append(result)
    return out


def test_results_carry_rule_level_message_location() -> None:
    log = render(sample())
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
    (dangling,) = _results_by_rule(log)["dangling-reference"]
    assert dangling["level"] == "error"
    assert dangling["message"]["text"] == DANGLING.headline  # the path once, then the message
    location = dangling["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": DANGLING.file, "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 14, "startColumn": 13}
    (info,) = _results_by_rule(log)["policy/naming"]
    assert info["level"] == "note"


def test_file_level_yaml_problem() -> None:
    (result,) = _results_by_rule(render(sample()))["yaml"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == YAML.file
    assert result["properties"] == {"id": None, "path": None}


def test_waived_problems_are_not_results() -> None:
    """Code scanning ignores ``suppressions`` and would open a waived problem as an alert."""
    log = render(sample())
    results = _results_by_rule(log)["policy/prod-hardware-under-warranty"]
    assert len(results) == 1
    assert all("suppressions" not in r for r in log["runs"][0]["results"])
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert WAIVED.problem.file not in uris


def test_at_most_25000_results_errors_first(validator: jsonschema.Draft4Validator) -> None:
    """A run above GitHub's limit keeps the errors, then the warnings, and says how many it
    left out in one last result."""
    warnings = [
        Problem(f"inventory/a{i:05}.yaml", 1, 1, "schema", "warning", "w", id=f"w-{i}")
        for i in range(20_000)
    ]
    errors = [
        Problem(f"inventory/z{i:05}.yaml", 1, 1, "schema", "error", "e", id=f"e-{i}")
        for i in range(10_000)
    ]
    log = build(ValidationResult(30_000, sorted([*warnings, *errors])))
    results = log["runs"][0]["results"]
    assert len(results) == 25_000
    assert [r["level"] for r in results[:10_000]] == ["error"] * 10_000
    assert [r["level"] for r in results[10_000:-1]] == ["warning"] * 14_999
    last = results[-1]
    assert last["ruleId"] == "sarif-results-left-out"
    assert last["message"]["text"].startswith("5001 more problems (0 errors) are not listed")
    log["runs"][0]["results"] = [results[0], last]  # the schema check of 25,000 takes minutes
    assert not list(validator.iter_errors(log))
    # At the limit exactly, nothing is left out.
    log = build(ValidationResult(25_000, sorted(errors + warnings[:15_000])))
    assert len(log["runs"][0]["results"]) == 25_000
    assert all(r["ruleId"] == "schema" for r in log["runs"][0]["results"])


def test_fingerprints_ignore_lines_but_not_identity() -> None:
    moved = replace(DANGLING, line=99, column=1, file="inventory/elsewhere.yaml")
    assert fingerprint(moved) == fingerprint(DANGLING)
    assert fingerprint(replace(DANGLING, path="relations[1].target")) != fingerprint(DANGLING)
    assert fingerprint(replace(DANGLING, rule="schema")) != fingerprint(DANGLING)
    # A file-level problem has no id: its file identifies it.
    assert fingerprint(replace(YAML, file="inventory/other.yaml")) != fingerprint(YAML)


def test_fingerprints_unique_within_a_run() -> None:
    log = render(sample())
    prints = [
        r["partialFingerprints"]["primaryLocationLineHash"] for r in log["runs"][0]["results"]
    ]
    assert len(prints) == len(set(prints))  # the two duplicate-id problems share a key
    before = {r["ruleId"]: r["partialFingerprints"] for r in log["runs"][0]["results"]}
    shifted = sample()
    shifted.problems = [replace(p, line=p.line + 10) for p in shifted.problems]
    after = {r["ruleId"]: r["partialFingerprints"] for r in render(shifted)["runs"][0]["results"]}
    assert before == after


def test_uris_are_relative_to_the_repository_root() -> None:
    result = ValidationResult(1, [POLICY, replace(YAML, file="inventory/with space%.yaml")])
    log = build(result, root="infra/cmdb")
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]
    assert uris == [
        "infra/cmdb/inventory/hw/laptops.yaml",
        "infra/cmdb/inventory/with%20space%25.yaml",
    ]


def test_related_locations() -> None:
    log = render(sample())
    first = _results_by_rule(log)["duplicate-id"][0]
    (related,) = first["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "inventory/b.yaml"
