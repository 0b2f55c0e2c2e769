"""Renames: a removed and an added document of one kind that are equal once the old id is
read as the new one become one change, op ``renamed`` (``id`` new, ``old_id`` old).

Matching is by a fingerprint of each document with its own id (wherever it occurs as a whole
value: ``metadata.id``, a self-reference) replaced by a placeholder, so a diff of 10^5
documents pairs removed with added ones in one pass rather than comparing every pair.
"""

from __future__ import annotations

import json
from typing import Any

from cmdbgit.diff.model import DiffResult, DocumentChange, RelationEdge
from cmdbgit.model.inventory import Inventory

#: Stands for "this document's own id" in a fingerprint; not a valid id, so never confused.
_SELF = "\x00self"


def find_renames(result: DiffResult, base: Inventory, head: Inventory) -> None:
    """Fold removed/added pairs that are the same document under a new id, in place."""
    removed = [c for c in result.changes if c.op == "removed"]
    added = [c for c in result.changes if c.op == "added"]
    if not removed or not added:
        return
    candidates: dict[tuple[str | None, str], list[DocumentChange]] = {}
    for change in removed:
        doc = base.by_id.get(change.id)
        if doc is not None:
            candidates.setdefault((change.kind, fingerprint(doc.data, change.id)), []).append(
                change
            )
    renames: dict[str, DocumentChange] = {}  # old id -> the renamed change
    gone: set[int] = set()
    for change in added:
        doc = head.by_id.get(change.id)
        if doc is None:
            continue
        matches = candidates.get((change.kind, fingerprint(doc.data, change.id)))
        if not matches:
            continue
        old = matches.pop(0)
        renames[old.id] = DocumentChange(
            "renamed", change.id, change.kind, change.file, old.old_file, name=change.name,
            old_id=old.id,
        )  # fmt: skip
        gone.update((id(old), id(change)))
    if not renames:
        return
    kept = [c for c in result.changes if id(c) not in gone]
    result.changes = sorted([*kept, *renames.values()], key=lambda c: c.id)
    _drop_renamed_edges(result, renames)


def _drop_renamed_edges(result: DiffResult, renames: dict[str, DocumentChange]) -> None:
    """A renamed document's own relations did not change: only their source's name did."""
    new_ids = {c.id: old for old, c in renames.items()}

    def as_old(edge: RelationEdge) -> RelationEdge:
        return RelationEdge(new_ids.get(edge.source, edge.source), edge.type, edge.target)

    removed = set(result.relations_removed)
    same = {e for e in result.relations_added if e.source in new_ids and as_old(e) in removed}
    result.relations_added = [e for e in result.relations_added if e not in same]
    olds = {as_old(e) for e in same}
    result.relations_removed = [e for e in result.relations_removed if e not in olds]


def fingerprint(data: Any, ident: str) -> str:
    """The document with its own id read as a placeholder: equal for a rename."""
    return json.dumps(_replace(data, ident), sort_keys=True, default=str)


def _replace(node: Any, ident: str) -> Any:
    if isinstance(node, str):
        return _SELF if node == ident else node
    if isinstance(node, dict):
        return {k: _replace(v, ident) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace(v, ident) for v in node]
    return node
