"""``policies/**/*.yaml`` -> compiled ``Policy`` values, or located ``policy`` problems.

A malformed policy is a value, not a crash: it becomes an error with rule ``policy`` at the
offending line of the policy file (every one of them, not the first), the policy is left out,
and the run fails — so a broken policy can never pass silently, and the author sees all of
their mistakes at once, annotated in the file like any other problem. Files under
``policies/tests/`` hold PolicyTests and are read by ``cmdbgit policy test`` only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from cmdbgit.model import invalid
from cmdbgit.model.config import Limits
from cmdbgit.model.document import Document
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import FieldPath, format_path
from cmdbgit.model.problem import Location, Problem, Severity
from cmdbgit.model.reads import SpecReads
from cmdbgit.model.suggest import did_you_mean
from cmdbgit.parse.loader import load_file
from cmdbgit.parse.locator import Locator
from cmdbgit.policy import assertion
from cmdbgit.policy.context import (
    BuiltinRule,
    RuleContext,
    RuleParams,
    Violation,
    selector_reads,
)
from cmdbgit.policy.model import Match, PolicyDocument, PolicySpec
from cmdbgit.policy.rules import RULES
from cmdbgit.source.base import Source

RULE = "policy"
TESTS_FOLDER = "tests"


@dataclass(frozen=True, slots=True)
class Policy:
    """A policy ready to run: its spec, its compiled rule (or assertion), where it was written."""

    id: str
    spec: PolicySpec
    document: Document
    rule: BuiltinRule[Any] | None = None
    params: RuleParams | None = None
    assertion: Any = None

    @property
    def problem_rule(self) -> str:
        return f"policy/{self.id}"

    @property
    def document_local(self) -> bool:
        """Whether a document's verdict depends on it alone: a rule that says so, or an
        ``assert`` schema (its ``match`` reads the document only)."""
        return self.rule.document_local if self.rule is not None else True

    @property
    def per_document(self) -> bool:
        """Whether a document's verdict depends on it and the run's date alone."""
        return self.document_local or (self.rule is not None and self.rule.per_document)

    def spec_reads(self, kinds: KindRegistry) -> SpecReads:
        """What judging the inventory by this policy reads of the documents' ``spec``
        (``model.reads``): its ``match``'s fields, and what its rule declares (all of it when
        the rule declares nothing)."""
        reads = selector_reads(self.spec.match)
        if self.rule is None or self.params is None or self.rule.spec_reads is None:
            return reads.update(SpecReads.everything())
        matched = None if self.spec.match.kinds is None else frozenset(self.spec.match.kinds)
        return reads.update(self.rule.spec_reads(self.params, matched, kinds))

    def graphs(self) -> tuple[frozenset[str] | None, ...]:
        """The dependency graphs its rule reads (``Facts.dependencies``' keys)."""
        if self.rule is None or self.rule.graphs is None or self.params is None:
            return ()
        return self.rule.graphs(self.params)

    def violations(self, ctx: RuleContext) -> Iterator[Violation]:
        if self.rule is not None:
            return self.rule.check(ctx, self.params)
        return assertion.violations(self.assertion, ctx.documents)


@dataclass(slots=True)
class PolicySet:
    """The policies of one rule source, the problems of the malformed ones, and a locator over
    the policy files (which may come from another revision than the documents)."""

    policies: list[Policy] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    locator: Locator | None = None

    def get(self, ident: str) -> Policy | None:
        return next((p for p in self.policies if p.id == ident), None)

    def location(self, doc: Document, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        if self.locator is None:
            return (doc.line, 1)
        return self.locator.position(doc, path, key=key)


def load_policies(source: Source, folder: str, kinds: KindRegistry) -> PolicySet:
    """Every Policy under ``folder`` of ``source`` (outside its ``tests/``)."""
    limits = Limits()  # rule files are trusted like schemas: default limits
    result = PolicySet(locator=Locator(source.read, limits))
    tests = f"{folder.strip('/')}/{TESTS_FOLDER}/"
    first: dict[str, Policy] = {}
    for entry in source.files(folder):
        if entry.path.startswith(tests):
            continue
        raw = source.read(entry.path)
        if raw is None:
            continue
        loaded = load_file(entry.path, raw, limits)
        result.problems.extend(loaded.problems)
        if loaded.positions is not None and result.locator is not None:
            result.locator.remember(entry.path, loaded.positions)
        for doc in loaded.documents:
            if doc.index in loaded.broken:
                continue
            policy = _compile(doc, kinds, result, tests)
            if policy is None:
                continue
            if policy.id in first:
                earlier = first[policy.id].document
                line, column = result.location(earlier, ("metadata", "id"))
                _report(
                    result,
                    doc,
                    ("metadata", "id"),
                    f"policy id {policy.id!r} is defined twice; this one is ignored",
                    related=(Location(earlier.file, line, column, policy.id),),
                )
                continue
            first[policy.id] = policy
            result.policies.append(policy)
    return result


def _compile(doc: Document, kinds: KindRegistry, result: PolicySet, tests: str) -> Policy | None:
    data: Any = doc.data
    if not isinstance(data, dict):
        _report(result, doc, (), "a policy document must be a mapping")
        return None
    if data.get("kind") == "PolicyTest":
        _report(result, doc, ("kind",), f"PolicyTest documents belong in {tests}")
        return None
    try:
        parsed = PolicyDocument.model_validate(data)
    except ValidationError as exc:
        for path, message in invalid.errors(exc, data, model=PolicyDocument):
            _report(result, doc, path, message, at_key=message.startswith("unknown field"))
        return None
    spec = parsed.spec
    ok = True
    rule = params = compiled = None
    if spec.rule is not None:
        rule = RULES.get(spec.rule)
        if rule is None:
            hint = did_you_mean(spec.rule, RULES) or f" (built-in: {', '.join(sorted(RULES))})"
            _report(result, doc, ("spec", "rule"), f"unknown rule {spec.rule!r}{hint}")
            return None
        try:
            params = rule.params.model_validate(spec.params)
        except ValidationError as exc:
            found = invalid.errors(exc, spec.params, ("spec", "params"), rule.params)
            for path, message in found:
                _report(result, doc, path, message, at_key=message.startswith("unknown field"))
            ok = False
    else:
        try:
            compiled = assertion.compile_assertion(spec.assert_ or {})
        except ValueError as exc:
            _report(result, doc, ("spec", "assert"), str(exc))
            ok = False
    for path, match in _matches(spec, params):
        for index, kind in enumerate(match.kinds or ()):
            if kind not in kinds:
                _report(
                    result,
                    doc,
                    (*path, "kinds", index),
                    f"match names unknown kind {kind!r}: it selects nothing"
                    + did_you_mean(kind, kinds),
                    severity="warning",
                )
    if not ok:
        return None
    return Policy(parsed.metadata.id, spec, doc, rule, params, compiled)


def _matches(spec: PolicySpec, params: RuleParams | None) -> Iterator[tuple[FieldPath, Match]]:
    yield ("spec", "match"), spec.match
    if params is None:
        return
    for name, info in type(params).model_fields.items():
        value = getattr(params, name)
        if isinstance(value, Match):
            yield ("spec", "params", info.alias or name), value


def _report(
    result: PolicySet,
    doc: Document,
    path: FieldPath,
    message: str,
    *,
    severity: Severity = "error",
    at_key: bool = False,
    related: tuple[Location, ...] = (),
) -> None:
    line, column = result.location(doc, path, key=at_key)
    ident = doc.metadata.get("id") if isinstance(doc.data, dict) else None
    result.problems.append(
        Problem(
            doc.file,
            line,
            column,
            RULE,
            severity,
            message,
            id=ident if isinstance(ident, str) else None,
            path=format_path(path),
            related=related,
        )
    )
