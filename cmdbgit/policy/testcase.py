"""PolicyTest documents (docs/policies.md): small inline inventories and the verdict a policy must give.

Loading a test file yields ``PolicyTest`` values or located ``policy-test`` problems; a
malformed test is never run (``cmdbgit policy test`` exits 2), because a test that cannot be
read cannot pass or fail honestly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import Field, StrictBool, StrictStr, ValidationError

from cmdbgit.model import invalid
from cmdbgit.model.config import Limits
from cmdbgit.model.document import Document
from cmdbgit.model.envelope import Metadata
from cmdbgit.model.paths import FieldPath, format_path
from cmdbgit.model.problem import Problem
from cmdbgit.parse.loader import load_file
from cmdbgit.parse.parsed import Positions
from cmdbgit.policy.model import Closed, IsoDate

RULE = "policy-test"


class Expectation(Closed):
    id: StrictStr
    violates: StrictBool


class PolicyTestSpec(Closed):
    policy: StrictStr
    as_of: IsoDate | None = None
    documents: list[dict[StrictStr, Any]] = Field(min_length=1)
    expect: list[Expectation] = Field(min_length=1)


class PolicyTestDocument(Closed):
    apiVersion: Literal["cmdbgit/v1"]
    kind: Literal["PolicyTest"]
    metadata: Metadata
    spec: PolicyTestSpec


@dataclass(slots=True)
class PolicyTest:
    """One test, with its inline documents as ``Document`` values placed in the test file."""

    id: str
    file: str
    line: int
    policy: str
    as_of: date | None
    documents: list[Document]
    expect: list[Expectation]
    #: Positions of each inline document (by its index), re-rooted at the document.
    positions: dict[int, Positions] = field(default_factory=dict)


@dataclass(slots=True)
class LoadedTests:
    tests: list[PolicyTest] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_tests(files: list[tuple[str, bytes]]) -> LoadedTests:
    """Every PolicyTest of ``files`` ((display path, bytes) pairs)."""
    out = LoadedTests()
    first: dict[str, PolicyTest] = {}
    for path, raw in files:
        # Test files are small: always read with positions, so failures point at lines.
        loaded = load_file(path, raw, Limits(), force_located=True)
        out.problems.extend(loaded.problems)
        positions = loaded.positions or {}
        for doc in loaded.documents:
            if doc.index in loaded.broken:
                continue
            where = positions.get(doc.index, Positions())
            test = _test(doc, where, out.problems)
            if test is None:
                continue
            if test.id in first:
                _report(
                    out.problems,
                    doc,
                    where,
                    ("metadata", "id"),
                    f"test id {test.id!r} is used twice",
                )
                continue
            first[test.id] = test
            out.tests.append(test)
    return out


def _test(doc: Document, where: Positions, problems: list[Problem]) -> PolicyTest | None:
    data: Any = doc.data
    if not isinstance(data, dict):
        _report(problems, doc, where, (), "a PolicyTest document must be a mapping")
        return None
    try:
        parsed = PolicyTestDocument.model_validate(data)
    except ValidationError as exc:
        for path, message in invalid.errors(exc, data, model=PolicyTestDocument):
            _report(problems, doc, where, path, message)
        return None
    spec = parsed.spec
    ok = True
    documents: list[Document] = []
    rerooted: dict[int, Positions] = {}
    ids: dict[str, int] = {}
    for index, inline in enumerate(spec.documents):
        prefix: FieldPath = ("spec", "documents", index)
        ident = (
            inline.get("metadata", {}).get("id")
            if isinstance(inline.get("metadata"), dict)
            else None
        )
        if not isinstance(ident, str):
            _report(problems, doc, where, prefix, "an inline document needs metadata.id")
            ok = False
            continue
        if ident in ids:
            _report(
                problems,
                doc,
                where,
                (*prefix, "metadata", "id"),
                f"inline id {ident!r} is used twice",
            )
            ok = False
            continue
        ids[ident] = index
        line = (where.locate(prefix) or (doc.line, 1))[0]
        documents.append(Document(doc.file, index, line, inline))
        rerooted[index] = _reroot(where, prefix)
    for index, expectation in enumerate(spec.expect):
        if expectation.id not in ids:
            _report(
                problems,
                doc,
                where,
                ("spec", "expect", index, "id"),
                f"expectation names {expectation.id!r}, which is not an inline document",
            )
            ok = False
    if not ok:
        return None
    return PolicyTest(
        parsed.metadata.id,
        doc.file,
        doc.line,
        spec.policy,
        spec.as_of,
        documents,
        list(spec.expect),
        rerooted,
    )


def _reroot(where: Positions, prefix: FieldPath) -> Positions:
    size = len(prefix)
    return Positions(
        values={p[size:]: pos for p, pos in where.values.items() if p[:size] == prefix},
        keys={p[size:]: pos for p, pos in where.keys.items() if p[:size] == prefix},
    )


def _report(
    problems: list[Problem], doc: Document, where: Positions, path: FieldPath, message: str
) -> None:
    line, column = where.locate(path) or (doc.line, 1)
    ident = doc.metadata.get("id")
    problems.append(
        Problem(
            doc.file,
            line,
            column,
            RULE,
            "error",
            message,
            id=ident if isinstance(ident, str) else None,
            path=format_path(path),
        )
    )
