"""``import --write``: apply a plan to the working tree through the round-trip writer.

Drifted fields the source owns are edited in place — comments, quoting and layout of the rest
of the file stay as they are; new documents get a file of their own in their kind's folder,
owned by ``import.default_owner`` and marked owner-unconfirmed; a document no longer seen is
annotated ``missing-since`` once, and the annotation goes when it is seen again. Nothing is
deleted. Every file's new text is computed before the first one is written, so a file that
cannot be edited stops the whole write with nothing changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic
from cmdbgit.imports.plan import (
    MISSING_ANNOTATION,
    SOURCE_ANNOTATION,
    UNCONFIRMED_ANNOTATION,
    NewDocument,
    Plan,
)
from cmdbgit.model.document import UNOWNED_KINDS
from cmdbgit.model.inventory import Inventory
from cmdbgit.parse.roundtrip import RoundTripError, dump, dump_all, load_all, scalar

API_VERSION = "cmdbgit/v1"
#: An edit to one document: a function of its round-trip mapping.
Edit = Callable[[CommentedMap], None]


@dataclass(slots=True)
class Written:
    edited: list[str]
    created: list[str]


def apply_plan(
    plan: Plan,
    inventory: Inventory,
    root: Path,
    default_owner: str | None,
    labels: dict[str, str] | None = None,
) -> Written:
    edits: dict[str, dict[str, list[Edit]]] = defaultdict(lambda: defaultdict(list))
    for drift in plan.drifted:
        if drift.applied:
            edits[_file(inventory, drift.id)][drift.id].append(_setter(drift.path, drift.observed))
    for missing in plan.missing:
        if not missing.annotated:
            edits[_file(inventory, missing.id)][missing.id].append(
                _annotate(MISSING_ANNOTATION, missing.since)
            )
    for ident in plan.seen_again:
        edits[_file(inventory, ident)][ident].append(_annotate(MISSING_ANNOTATION, None))
    texts: dict[str, str] = {}
    for file, by_id in sorted(edits.items()):
        texts[file] = _edited(root / file, file, by_id)
    created: list[str] = []
    for new in plan.new:
        stated = new.fields.get("metadata.owner")
        owner = None if new.kind in UNOWNED_KINDS else stated or default_owner
        if new.kind not in UNOWNED_KINDS and not owner:
            raise UsageError(
                "import.default_owner is not set in cmdbgit.yaml: documents an import "
                "creates need an owner (a Team id); nothing was written"
            )
        if new.file in texts or (root / new.file).exists():
            raise UsageError(f"{new.file} exists already; nothing was written")
        texts[new.file] = dump(
            _document(new, owner, owner is not None and owner != stated, plan.source, labels or {})
        )
        created.append(new.file)
    for file, text in texts.items():
        write_atomic(root / file, text)
    return Written(sorted(set(texts) - set(created)), created)


def _file(inventory: Inventory, ident: str) -> str:
    doc = inventory.get(ident)
    assert doc is not None
    return doc.file


def _edited(path: Path, file: str, by_id: dict[str, list[Edit]]) -> str:
    try:
        documents = load_all(path.read_text(encoding="utf-8"))
    except (OSError, RoundTripError, UnicodeDecodeError) as exc:
        raise UsageError(f"{file}: cannot be edited ({exc}); nothing was written") from None
    for document in documents:
        metadata = document.get("metadata") if isinstance(document, CommentedMap) else None
        ident = metadata.get("id") if isinstance(metadata, dict) else None
        for edit in by_id.get(ident, []) if isinstance(ident, str) else []:
            edit(document)
    return dump_all(documents)


def _setter(path: str, value: Any) -> Edit:
    parts = path.split(".")

    def edit(document: CommentedMap) -> None:
        node = document
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = CommentedMap()
                node[part] = child
            node = child
        node[parts[-1]] = _written(value)

    return edit


def _annotate(key: str, value: str | None) -> Edit:
    """Set (or, with None, remove) one annotation."""

    def edit(document: CommentedMap) -> None:
        metadata = document.setdefault("metadata", CommentedMap())
        annotations = metadata.get("annotations")
        if value is None:
            if isinstance(annotations, dict):
                annotations.pop(key, None)
                if not annotations:
                    del metadata["annotations"]
            return
        if not isinstance(annotations, dict):
            annotations = CommentedMap()
            metadata["annotations"] = annotations
        annotations[key] = scalar(value)

    return edit


def _written(value: Any) -> Any:
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _written(v)
        return out
    if isinstance(value, list):
        return [_written(v) for v in value]
    return scalar(value)


def _document(
    new: NewDocument,
    owner: str | None,
    unconfirmed: bool,
    source: str,
    labels: dict[str, str],
) -> CommentedMap:
    """A new document in the canonical envelope order, its fields nested from dotted paths.
    An owner the source states (a Backstage ``spec.owner``) is confirmed; the default one
    is not."""
    kind, ident, fields = new.kind, new.id, new.fields
    doc = CommentedMap()
    doc["apiVersion"] = API_VERSION
    doc["kind"] = kind
    metadata = CommentedMap()
    metadata["id"] = scalar(ident)
    name = fields.get("metadata.name")
    metadata["name"] = scalar(name if isinstance(name, str) else ident)
    if owner is not None:
        metadata["owner"] = scalar(owner)
    # The source's own labels (an AWS tag) win over the configured ones for that key.
    observed = fields.get("metadata.labels")
    labels = {**labels, **(observed if isinstance(observed, dict) else {})}
    if labels:
        metadata["labels"] = _written(labels)
    annotations = CommentedMap()
    annotations[SOURCE_ANNOTATION] = scalar(source)
    if unconfirmed:
        annotations[UNCONFIRMED_ANNOTATION] = scalar("true")
    metadata["annotations"] = annotations
    doc["metadata"] = metadata
    for path, value in [*new.initial.items(), *fields.items()]:
        if path.startswith("metadata.") or value is None:
            continue
        _setter(path, value)(doc)
    if new.relations:
        doc["relations"] = [
            _written({"type": rel_type, "target": target})
            for rel_type, target in sorted(new.relations)
        ]
    return doc
