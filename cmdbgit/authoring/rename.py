"""``rename`` and ``rm``: change an id everywhere it is named, or remove a document nobody
names. Every file is prepared (and checked) before the first one is written, and each is
written atomically."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from cmdbgit.authoring.edit import find, orders_for, prepare
from cmdbgit.authoring.layout import resolve
from cmdbgit.authoring.project import Project
from cmdbgit.authoring.references import Reference, find_references
from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic
from cmdbgit.model.envelope import ID_RE
from cmdbgit.model.kinds import KindSchema
from cmdbgit.model.paths import FieldPath
from cmdbgit.parse.roundtrip import scalar, set_in


@dataclass(slots=True)
class EditResult:
    files: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    moved_to: str | None = None


def rename(project: Project, old: str, new: str) -> EditResult:
    if not ID_RE.match(new):
        raise UsageError(f"{new!r} is not a valid id (lowercase letters, digits, . _ -)")
    doc = find(project, old)
    taken = project.documents().inventory.definitions(new)
    if taken:
        raise UsageError(f"id {new!r} already exists at {taken[0].file}:{taken[0].line}")
    references = find_references(project, old)
    edits: dict[str, list[tuple[int, FieldPath]]] = defaultdict(list)
    edits[doc.file].append((doc.index, ("metadata", "id")))
    for ref in references:
        edits[ref.file].append((ref.index, ref.path))
    prepared: dict[str, bytes] = {}
    for rel, paths in sorted(edits.items()):

        def change(documents: list[Any], paths: list[tuple[int, FieldPath]] = paths) -> None:
            for index, path in paths:
                set_in(documents[index], path, scalar(new))  # existing keys: no placeholders

        data = prepare(project, rel, change)
        if data is not None:
            prepared[rel] = data
    result = EditResult(sorted(prepared), references)
    target = _renamed_file(project, doc.file, old, new)
    for rel, data in prepared.items():
        if rel == doc.file and target is not None:
            write_atomic(project.inside(target), data)
            project.inside(rel).unlink()
            result.moved_to = target
        else:
            write_atomic(project.inside(rel), data)
    return result


def _renamed_file(project: Project, rel: str, old: str, new: str) -> str | None:
    """``inventory/server/srv-a.yaml`` holding only ``srv-a`` follows the rename."""
    folder, _, name = rel.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    if stem != old:
        return None
    if sum(1 for d in project.documents().documents if d.file == rel) != 1:
        return None
    target = f"{folder}/{new}{dot}{suffix}" if folder else f"{new}{dot}{suffix}"
    return None if project.inside(target).exists() else target


def remove(project: Project, ident: str) -> EditResult:
    """Delete the document ``ident``; refused (references listed) while anything names it."""
    doc = find(project, ident)
    references = [r for r in find_references(project, ident) if r.referrer != ident]
    if references:
        return EditResult([], references)
    siblings = [d for d in project.documents().documents if d.file == doc.file]
    if len(siblings) == 1:
        project.inside(doc.file).unlink()
        return EditResult([doc.file])

    def change(documents: list[Any]) -> None:
        del documents[doc.index]

    data = prepare(project, doc.file, change, removing=True)
    if data is not None:
        write_atomic(project.inside(doc.file), data)
    return EditResult([doc.file])


#: Lifecycle values ``rm --retire`` looks for in a kind's schema, in this order.
RETIRED_VALUES = ("retired", "offboarded", "decommissioned")


def retire(project: Project, ident: str) -> tuple[str, FieldPath, str]:
    """Set the document's lifecycle status field (found in its kind schema) to retired."""
    doc = find(project, ident)
    kind = project.rules.kinds.get(doc.kind or "")
    found = _status_field(kind) if kind else None
    if found is None:
        raise UsageError(f"{doc.kind} has no lifecycle status to set; remove it with `cmdbgit rm`")
    path, value = found

    def change(documents: list[Any]) -> list[str]:
        target = documents[doc.index]
        return set_in(target, path, value, orders_for(target, project.rules.kinds))

    data = prepare(project, doc.file, change)
    if data is not None:
        write_atomic(project.inside(doc.file), data)
    return doc.file, path, value


def _status_field(kind: KindSchema) -> tuple[FieldPath, str] | None:
    def walk(schema: Any, prefix: FieldPath, depth: int) -> tuple[FieldPath, str] | None:
        schema = resolve(schema, kind.schema)
        props = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(props, dict) or depth > 3:
            return None
        for name, sub in props.items():
            enum = resolve(sub, kind.schema).get("enum") if isinstance(sub, dict) else None
            for value in RETIRED_VALUES:
                if isinstance(enum, list) and value in enum:
                    return (*prefix, name), value
        for name, sub in props.items():
            found = walk(sub, (*prefix, name), depth + 1)
            if found is not None:
                return found
        return None

    return walk(kind.schema, ("spec",), 0)
