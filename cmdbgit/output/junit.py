"""``junit``: JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure, test
reporters on GitHub).

One testsuite per run; one testcase per document (name: its id, classname: its file), plus
one per file for problems that belong to no document (a YAML error). Names are built from
ids and files only, never from positions, so a CI's history of a testcase survives edits.
A problem that fails the run is a ``<failure>`` (type: the rule); warnings that do not fail
it (no ``--strict``) are listed in the testcase's ``<system-out>`` instead, so the XML agrees
with the exit code. Waived problems are listed there too, with the exception's reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TYPE_CHECKING, TextIO

from cmdbgit.model.problem import Problem, is_failing
from cmdbgit.model.redact import terminal
from cmdbgit.model.result import ValidationResult

if TYPE_CHECKING:
    from cmdbgit.output import RenderOptions

SUITE = "cmdbgit validate"
Case = tuple[str, str]  # (classname = file, name = id or file)
#: Characters XML 1.0 cannot carry at all, not even escaped; YAML's "\x01" can make them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(value: str) -> str:
    """Terminal-safe (CI logs print JUnit reports; a file name must not start a workflow
    command there), then what XML cannot carry at all replaced."""
    return _NOT_XML.sub("\ufffd", terminal(value))


def render(result: ValidationResult, stream: TextIO, options: RenderOptions) -> None:
    root = build(result)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode", xml_declaration=False) + "\n")


def _case(file: str, ident: str | None) -> Case:
    return (_clean(file), _clean(ident or file))


def build(result: ValidationResult) -> ET.Element:
    cases: dict[Case, list[str]] = {_case(f, i): [] for f, i in result.subjects}
    failures: dict[Case, list[Problem]] = defaultdict(list)
    for problem in result.problems:
        case = _case(problem.file, problem.id)
        cases.setdefault(case, [])
        if is_failing(problem, strict=result.strict):
            failures[case].append(problem)
        else:
            cases[case].append(f"{problem.severity}: {_line(problem)}")
    for waived in result.suppressed:
        case = _case(waived.problem.file, waived.problem.id)
        cases.setdefault(case, []).append(
            _clean(f"waived until {waived.expires} ({waived.reason}): ") + _line(waived.problem)
        )

    failed = sum(1 for case in cases if failures.get(case))
    # Jenkins' junit-10.xsd, which GitLab and Jenkins read: ``skipped`` only on the testsuite,
    # and no ``file`` on a testcase (its classname is the file).
    attrs = {"tests": str(len(cases)), "failures": str(failed), "errors": "0"}
    suites = ET.Element("testsuites", {"name": "cmdbgit", **attrs})
    suite = ET.SubElement(suites, "testsuite", {"name": SUITE, **attrs, "skipped": "0"})
    for case in sorted(cases):
        file, name = case
        element = ET.SubElement(suite, "testcase", {"name": name, "classname": file})
        for problem in sorted(failures.get(case, ())):
            failure = ET.SubElement(
                element, "failure", {"type": _clean(problem.rule), "message": _message(problem)}
            )
            failure.text = _line(problem)
        if cases[case]:
            ET.SubElement(element, "system-out").text = "\n".join(cases[case])
    return suites


def _message(problem: Problem) -> str:
    return _clean(problem.headline)


def _line(problem: Problem) -> str:
    where = f"{problem.file}:{problem.line}:{problem.column}"
    return _clean(f"{where}: [{problem.rule}] ") + _message(problem)
