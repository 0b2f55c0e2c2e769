"""What a semantic diff returns: document changes by id and relation edges (docs/json.md, diff)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

Op = Literal["added", "removed", "changed", "moved", "renamed"]

#: The order changes are summarised in (``N added, M changed, K removed, J moved``, then
#: ``R renamed`` when there are renames).
OPS: tuple[Op, ...] = ("added", "changed", "removed", "moved", "renamed")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs. ``old``/``new`` are None when the field is absent on that side."""

    path: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True, order=True)
class RelationEdge:
    """A relation as written in its source document: ``source`` --type--> ``target``."""

    source: str
    type: str
    target: str

    def to_json(self) -> dict[str, str]:
        return {"source": self.source, "type": self.type, "target": self.target}


@dataclass(slots=True)
class DocumentChange:
    """One document that differs between base and head, matched by its id.

    ``file`` is where the document is in the head (for a removed one: where it was);
    ``old_file`` is where it was in the base (None for an added one). A document that moved
    and changed is one change with op ``moved`` and its ``fields``.
    """

    op: Op
    id: str
    kind: str | None
    file: str
    old_file: str | None
    fields: list[FieldChange] = field(default_factory=list)
    relations_added: list[RelationEdge] = field(default_factory=list)
    relations_removed: list[RelationEdge] = field(default_factory=list)
    name: str = ""
    #: For ``renamed``: the id in the base (``id`` is the head's).
    old_id: str | None = None

    @property
    def changed_content(self) -> bool:
        """True when the document means something else now (not only a move)."""
        return self.op not in ("moved", "renamed") or bool(
            self.fields or self.relations_added or self.relations_removed
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "op": self.op,
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "file": self.file,
            "old_file": self.old_file,
            "fields": [f.to_json() for f in self.fields],
            "relations": {
                "added": [e.to_json() for e in self.relations_added],
                "removed": [e.to_json() for e in self.relations_removed],
            },
        }
        if self.old_id is not None:
            out["old_id"] = self.old_id
        return out


@dataclass(slots=True)
class DiffResult:
    """``base`` is a commit sha (the merge base for ``A...B``); ``head`` a sha or WORKTREE."""

    base: str
    head: str
    changes: list[DocumentChange]
    relations_added: list[RelationEdge]
    relations_removed: list[RelationEdge]
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(OPS, 0)
        for change in self.changes:
            counts[change.op] += 1
        return counts

    def of_op(self, op: Op) -> list[DocumentChange]:
        return [c for c in self.changes if c.op == op]

    @property
    def empty(self) -> bool:
        return not (self.changes or self.relations_added or self.relations_removed)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "base": self.base,
            "head": self.head,
            "summary": self.summary(),
            "changes": [c.to_json() for c in self.changes],
            "relations": {
                "added": [e.to_json() for e in self.relations_added],
                "removed": [e.to_json() for e in self.relations_removed],
            },
        }
        if self.notes:
            out["notes"] = self.notes
        return out


def summary_line(counts: dict[str, int]) -> str:
    """The terraform-style line: ``1 added, 2 changed, 0 removed, 1 moved``."""
    return ", ".join(f"{counts.get(op, 0)} {op}" for op in OPS if op != "renamed" or counts.get(op))


def display_value(value: Any, limit: int = 80) -> str:
    """A field value on one line for people: JSON, shortened to ``limit`` characters."""
    if value is None:
        return "(absent)"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
