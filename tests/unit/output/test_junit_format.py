"""``--format junit``: parseable JUnit XML, one testcase per document, stable names."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import replace

import xmlschema

from cmdbgit.model.problem import Problem
from cmdbgit.model.result import ValidationResult
from cmdbgit.output import RenderOptions
from cmdbgit.output.formats import PROBLEM_FORMATS
from tests.conftest import ROOT
from tests.unit.output.problems import DANGLING, POLICY, WAIVED, sample

#: Jenkins' JUnit schema (a copy in tests/data, with its provenance in its first line).
XSD = ROOT / "tests" / "data" / "junit-10.xsd"


def render(result: ValidationResult) -> ET.Element:
    stream = io.StringIO()
    PROBLEM_FORMATS["junit"](result, stream, RenderOptions())
    text = stream.getvalue()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def cases(root: ET.Element) -> dict[tuple[str, str], ET.Element]:
    return {(c.get("classname", ""), c.get("name", "")): c for c in root.iter("testcase")}


def test_one_testcase_per_document_and_per_file_level_problem() -> None:
    root = render(sample())
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    found = cases(root)
    assert sorted(found) == [
        ("inventory/a.yaml", "srv-1"),
        ("inventory/apps/billing.yaml", "app-billing"),
        ("inventory/apps/billing.yaml", "app-ok"),
        ("inventory/b.yaml", "srv-1"),
        ("inventory/broken.yaml", "inventory/broken.yaml"),  # the yaml problem has no id
        ("inventory/hw/laptops.yaml", "hw-lt-0001"),
        ("inventory/hw/legacy.yaml", "hw-legacy"),
    ]
    assert suite.get("tests") == "7"
    assert suite.get("failures") == "4"  # a.yaml, billing, b.yaml, broken (warnings do not fail)


def test_a_failure_per_failing_problem_typed_by_rule() -> None:
    found = cases(render(sample()))
    (failure,) = found[("inventory/apps/billing.yaml", "app-billing")].findall("failure")
    assert failure.get("type") == "dangling-reference"
    assert failure.get("message") == "relations[0].target: relation target 'db-x' names no document"
    assert "inventory/apps/billing.yaml:14:13" in (failure.text or "")
    assert not found[("inventory/apps/billing.yaml", "app-ok")].findall("failure")


def test_warnings_fail_only_with_strict() -> None:
    lenient = cases(render(ValidationResult(1, [POLICY])))
    (case,) = lenient.values()
    assert not case.findall("failure")
    assert "warranty ended" in (case.findtext("system-out") or "")
    strict = cases(render(ValidationResult(1, [POLICY], strict=True)))
    (case,) = strict.values()
    assert [f.get("type") for f in case.findall("failure")] == [POLICY.rule]


def test_waived_problem_is_listed_not_failed() -> None:
    case = cases(render(sample()))[("inventory/hw/legacy.yaml", "hw-legacy")]
    assert not case.findall("failure")
    assert "decommissioned in Q1" in (case.findtext("system-out") or "")


def test_names_do_not_depend_on_positions() -> None:
    first = render(sample())
    moved = sample()
    moved.problems = [replace(p, line=p.line + 3, column=1) for p in moved.problems]
    second = render(moved)
    assert sorted(cases(first)) == sorted(cases(second))
    assert _failures(first) == _failures(second)


def _failures(root: ET.Element) -> list[tuple[str | None, str | None]]:
    return sorted(
        (case.get("name"), failure.get("type"))
        for case in root.iter("testcase")
        for failure in case.iter("failure")
    )


def test_hostile_text_stays_well_formed() -> None:
    hostile = Problem(
        'inventory/<a>&"b".yaml', 1, 1, "schema", "error",
        "bad \x01 value ]]> </failure><x/>", id="id-\x1b<&>",
    )  # fmt: skip
    root = render(ValidationResult(1, [hostile]))
    (case,) = root.iter("testcase")
    assert case.get("classname") == 'inventory/<a>&"b".yaml'
    assert case.get("name") == "id-\\u001b<&>"
    (failure,) = case.findall("failure")
    assert "</failure><x/>" in (failure.get("message") or "")
    assert not list(failure)  # the message did not become elements


def test_without_subjects_documents_with_problems_still_appear() -> None:
    found = cases(render(ValidationResult(1, [DANGLING])))
    assert list(found) == [("inventory/apps/billing.yaml", "app-billing")]


def _text(result: ValidationResult) -> str:
    stream = io.StringIO()
    PROBLEM_FORMATS["junit"](result, stream, RenderOptions())
    return stream.getvalue()


def test_valid_against_jenkins_junit_schema() -> None:
    schema = xmlschema.XMLSchema(str(XSD))
    strict = ValidationResult(7, sample().problems, [WAIVED], strict=True)
    for result in (sample(), strict, ValidationResult(0, [])):
        errors = [str(e.reason) for e in schema.iter_errors(_text(result))]
        assert errors == []
    # Not vacuous: what the output used to carry is rejected.
    bad = _text(sample()).replace("<testcase ", '<testcase file="x" ', 1)
    assert list(schema.iter_errors(bad))
