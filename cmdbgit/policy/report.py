"""Rendering ``policy test`` results and the ``policy list`` catalogue, as text or JSON.

Both are registries by format name, like the problem formats in ``cmdbgit.output``.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable
from typing import Any, TextIO

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from cmdbgit.model.redact import terminal as t
from cmdbgit.model.words import plural
from cmdbgit.output.json_format import dumps
from cmdbgit.output.text import problem_line
from cmdbgit.policy.context import BuiltinRule
from cmdbgit.policy.testing import TestReport, TestResult


def _dumps(data: Any) -> str:
    return dumps(data)


# -- policy test ---------------------------------------------------------------------------


def tests_text(report: TestReport, stream: TextIO) -> None:
    for problem in report.problems:
        stream.write(problem_line(problem) + "\n")
    for result in report.results:
        test = result.test
        mark = "PASS" if result.passed else "FAIL"
        stream.write(
            f"{mark} {t(test.id)} ({t(test.file)}:{test.line}, policy {t(test.policy)}, "
            f"as of {result.as_of}, {plural(len(result.verdicts), 'expectation')})\n"
        )
        for verdict in result.verdicts:
            if verdict.passed:
                continue
            if verdict.expected:
                stream.write(f"     {t(verdict.id)}: expected a violation, found none\n")
                continue
            stream.write(f"     {t(verdict.id)}: expected no violation, found:\n")
            for p in verdict.problems:
                stream.write(f"       {t(p.file)}:{p.line}:{p.column}: {t(p.headline)}\n")
    total = len(report.results)
    failed = report.failed
    summary = f"{plural(total, 'test')}: {total - failed} passed, {failed} failed"
    errors = sum(1 for p in report.problems if p.severity == "error")
    if errors:
        summary += f", {plural(errors, 'error')} in policy or test files"
    stream.write(summary + "\n")


def _result_json(result: TestResult) -> dict[str, Any]:
    test = result.test
    return {
        "id": test.id,
        "file": test.file,
        "line": test.line,
        "policy": test.policy,
        "as_of": result.as_of.isoformat(),
        "passed": result.passed,
        "expectations": [
            {
                "id": v.id,
                "violates": v.expected,
                "actual": v.actual,
                "passed": v.passed,
                "problems": [p.to_json() for p in v.problems],
            }
            for v in result.verdicts
        ],
    }


def tests_json(report: TestReport, stream: TextIO) -> None:
    total = len(report.results)
    data = {
        "ok": report.exit_code == 0,
        "summary": {"tests": total, "passed": total - report.failed, "failed": report.failed},
        "tests": [_result_json(r) for r in report.results],
        "problems": [p.to_json() for p in report.problems],
    }
    stream.write(_dumps(data) + "\n")


TEST_FORMATS: dict[str, Callable[[TestReport, TextIO], None]] = {
    "text": tests_text,
    "json": tests_json,
}


# -- policy list ---------------------------------------------------------------------------


def describe_params(model: type[BaseModel]) -> list[dict[str, Any]]:
    """Name, type, default and description of each parameter, read from the params model."""
    out = []
    for name, info in model.model_fields.items():
        required = info.is_required()
        default = None if required or info.default is PydanticUndefined else info.default
        if isinstance(default, BaseModel):
            default = default.model_dump()
        out.append(
            {
                "name": info.alias or name,
                "type": type_name(info.annotation),
                "required": required,
                "default": default,
                "description": info.description or "",
            }
        )
    return out


def type_name(annotation: Any) -> str:
    """``list[str]``, ``int``, ``match``, ``match | None`` — a type as a policy author reads it."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(type_name(a) for a in args)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin is not None:
        inner = ", ".join(type_name(a) for a in args)
        return f"{getattr(origin, '__name__', str(origin))}[{inner}]"
    if annotation is type(None):
        return "None"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__.lower()
    return getattr(annotation, "__name__", str(annotation))


def rules_text(rules: dict[str, BuiltinRule[Any]], stream: TextIO) -> None:
    for name, rule in rules.items():
        stream.write(f"{name}\n    {rule.description}\n")
        params = describe_params(rule.params)
        if not params:
            stream.write("    params: none\n")
        for param in params:
            default = "required" if param["required"] else f"default {_show(param['default'])}"
            stream.write(
                f"    {param['name']}: {param['type']} ({default}) — {param['description']}\n"
            )
        stream.write("\n")


def _show(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else value


def rules_json(rules: dict[str, BuiltinRule[Any]], stream: TextIO) -> None:
    data = [
        {
            "id": name,
            "description": rule.description,
            "documentation": rule.doc.strip(),
            "params": describe_params(rule.params),
        }
        for name, rule in rules.items()
    ]
    stream.write(_dumps({"rules": data}) + "\n")


LIST_FORMATS: dict[str, Callable[[dict[str, BuiltinRule[Any]], TextIO], None]] = {
    "text": rules_text,
    "json": rules_json,
}
