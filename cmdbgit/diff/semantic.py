"""The semantic diff of two inventories: documents matched by id, never by text.

Reordering documents inside a file is no change; a document in another file is ``moved`` (with
its ``fields`` when it changed too); relation edits are edges, matched by (type, target), and
never appear among a document's fields. Values are compared as written and redacted only
for display (a changed password still shows as a change): fields by key name and shape,
names and relation types and targets by shape.
"""

from __future__ import annotations

from cmdbgit.diff.fields import document_fields
from cmdbgit.diff.model import DiffResult, DocumentChange, RelationEdge
from cmdbgit.diff.renames import find_renames
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.redact import REDACTED, is_secret


def edges_of(doc: Document) -> set[RelationEdge]:
    ident = doc.id or ""
    return {
        RelationEdge(ident, rel["type"], rel["target"])
        for rel in doc.relations
        if isinstance(rel.get("type"), str) and isinstance(rel.get("target"), str)
    }


def diff_inventories(
    base: Inventory, head: Inventory, base_label: str, head_label: str
) -> DiffResult:
    """Changes from ``base`` to ``head``. A duplicated id is compared through its first
    definition (the duplicate itself is a validation problem)."""
    changes: list[DocumentChange] = []
    added_edges: set[RelationEdge] = set()
    removed_edges: set[RelationEdge] = set()
    old_by_id, new_by_id = base.by_id, head.by_id
    # One blob at one path: both revisions share the parsed document, so a document that did
    # not change is the same object on both sides. Only the others are sorted and compared.
    touched = [i for i, doc in new_by_id.items() if old_by_id.get(i) is not doc]
    touched += [i for i in old_by_id if i not in new_by_id]
    for ident in sorted(touched):
        old, new = old_by_id.get(ident), new_by_id.get(ident)
        old_edges = edges_of(old) if old else set()
        new_edges = edges_of(new) if new else set()
        plus = [_shown(e) for e in sorted(new_edges - old_edges)]
        minus = [_shown(e) for e in sorted(old_edges - new_edges)]
        added_edges.update(plus)
        removed_edges.update(minus)
        change = _change(ident, old, new, plus, minus)
        if change is not None:
            changes.append(change)
    result = DiffResult(base_label, head_label, changes, sorted(added_edges), sorted(removed_edges))
    find_renames(result, base, head)
    return result


def _shown(edge: RelationEdge) -> RelationEdge:
    """An edge as printed. Ids are never secret-shaped, so only a type or a target that names
    no document can be redacted here."""
    kind = REDACTED if is_secret(edge.type) else edge.type
    target = REDACTED if is_secret(edge.target) else edge.target
    return RelationEdge(edge.source, kind, target)


def _name(doc: Document) -> str:
    return REDACTED if is_secret(doc.name, "name") else doc.name


def _change(
    ident: str,
    old: Document | None,
    new: Document | None,
    plus: list[RelationEdge],
    minus: list[RelationEdge],
) -> DocumentChange | None:
    if old is None:
        assert new is not None
        return DocumentChange("added", ident, new.kind, new.file, None, [], plus, [], _name(new))
    if new is None:
        return DocumentChange(
            "removed", ident, old.kind, old.file, old.file, [], [], minus, _name(old)
        )
    fields = document_fields(old.data, new.data)
    if new.file != old.file:
        return DocumentChange(
            "moved", ident, new.kind, new.file, old.file, fields, plus, minus, _name(new)
        )
    if fields or plus or minus:
        return DocumentChange(
            "changed", ident, new.kind, new.file, old.file, fields, plus, minus, _name(new)
        )
    return None
