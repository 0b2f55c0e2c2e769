"""Every place that names a document id: owners, ``x-ref`` fields, relation targets (in the
inventory), policy exceptions and ``match.where`` values (in policies), and any value in a
PolicyTest equal to the id (its inline documents and expectations)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cmdbgit.authoring.project import Project
from cmdbgit.model.document import Document
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import FieldPath, expand_pattern, format_path
from cmdbgit.parse.loader import load_file
from cmdbgit.parse.locator import Locator


@dataclass(frozen=True, slots=True)
class Reference:
    file: str
    index: int  # the document's index among the file's non-empty documents
    path: FieldPath
    line: int
    column: int
    referrer: str | None  # the referring document's id
    what: str

    def describe(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.referrer} {self.what} ({format_path(self.path)})"


def find_references(project: Project, ident: str) -> list[Reference]:
    loaded = project.documents()
    out = list(
        _in_documents(loaded.inventory.documents, ident, project.rules.kinds, loaded.locator)
    )
    policy_docs: list[Document] = []
    for entry in project.source.files(project.rules.config.paths.policies):
        raw = project.source.read(entry.path)
        if raw is not None and ident.encode("utf-8") in raw:
            policy_docs.extend(load_file(entry.path, raw, project.rules.config.limits).documents)
    locator = Locator(project.source.read, project.rules.config.limits)
    out.extend(_in_policies(policy_docs, ident, locator))
    return sorted(out, key=lambda r: (r.file, r.line, r.column))


def _in_documents(
    documents: list[Document], ident: str, kinds: KindRegistry, locator: Locator
) -> Iterator[Reference]:
    for doc in documents:
        found: list[tuple[FieldPath, str]] = []
        if doc.owner == ident:
            found.append((("metadata", "owner"), "owner"))
        kind = kinds.get(doc.kind or "")
        for ref in kind.refs if kind else ():
            for path, value in expand_pattern(doc.data, ref.pattern):
                if value == ident or (isinstance(value, list) and ident in value):
                    if isinstance(value, list):
                        found.extend(
                            ((*path, i), "reference") for i, v in enumerate(value) if v == ident
                        )
                    else:
                        found.append((path, "reference"))
        for index, rel in enumerate(doc.data.get("relations") or []):
            if isinstance(rel, dict) and rel.get("target") == ident:
                found.append((("relations", index, "target"), f"relation {rel.get('type')}"))
        for path, what in found:
            line, column = locator.position(doc, path)
            yield Reference(doc.file, doc.index, path, line, column, doc.id, what)


def _in_policies(documents: list[Document], ident: str, locator: Locator) -> Iterator[Reference]:
    for doc in documents:
        if not isinstance(doc.data, dict):
            continue
        paths: list[tuple[FieldPath, str]] = []
        if doc.kind == "Policy":
            for index, exc in enumerate(doc.spec.get("exceptions") or []):
                if isinstance(exc, dict) and exc.get("id") == ident:
                    paths.append((("spec", "exceptions", index, "id"), "policy exception"))
            match = doc.spec.get("match")
            where = match.get("where") if isinstance(match, dict) else None
            for key, value in (where or {}).items() if isinstance(where, dict) else ():
                for path in _equal(value, ident, ("spec", "match", "where", key)):
                    paths.append((path, "policy match"))
        elif doc.kind == "PolicyTest":
            paths.extend((p, "policy test") for p in _equal(doc.data.get("spec"), ident, ("spec",)))
        for path, what in paths:
            line, column = locator.position(doc, path)
            yield Reference(doc.file, doc.index, path, line, column, doc.id, what)


def _equal(node: Any, ident: str, prefix: FieldPath) -> Iterator[FieldPath]:
    if node == ident:
        yield prefix
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _equal(value, ident, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _equal(value, ident, (*prefix, index))
