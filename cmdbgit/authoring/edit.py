"""Editing documents in place through the one writer: ``set`` and the file-level plumbing
``rename`` and ``rm --retire`` share (read a file round-trip, change it, check it, write it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from cmdbgit.authoring.assign import Assignment
from cmdbgit.authoring.layout import mappings_to_order
from cmdbgit.authoring.project import Project
from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic
from cmdbgit.model.document import Document
from cmdbgit.model.kinds import KindSchema
from cmdbgit.parse.loader import BOM, load_file
from cmdbgit.parse.roundtrip import RoundTripError, dump_all, load_all, lost_comments, set_in


def find(project: Project, ident: str) -> Document:
    """The one document defining ``ident``, or a one-line error."""
    definitions = project.documents().inventory.definitions(ident)
    if not definitions:
        raise UsageError(f"no document has the id {ident!r}")
    if len(definitions) > 1:
        where = ", ".join(f"{d.file}:{d.line}" for d in definitions)
        raise UsageError(f"{ident!r} is defined {len(definitions)} times ({where}); fix that first")
    return definitions[0]


#: Edits the documents of a file in place; returns the comments it removed on purpose (the
#: ``# key:`` placeholders a set replaced), which the "no comment lost" check then allows.
Change = Callable[[list[Any]], list[str] | None]


def edit_file(project: Project, rel: str, change: Change) -> bool:
    """``prepare`` and write atomically; True when the file changed."""
    new = prepare(project, rel, change)
    if new is not None:
        write_atomic(project.inside(rel), new)
    return new is not None


def prepare(project: Project, rel: str, change: Change, *, removing: bool = False) -> bytes | None:
    """Load ``rel`` round-trip, let ``change`` edit its documents (the non-empty ones, in the
    loader's order) and return the new bytes (None: unchanged). Refuses a file with YAML
    problems and any result that does not read back cleanly with as many documents."""
    raw = project.inside(rel).read_bytes()
    limits = project.rules.config.limits
    before = load_file(rel, raw, limits)
    errors = [p for p in before.problems if p.severity == "error"]
    if errors:
        first = errors[0]
        raise UsageError(f"{rel}:{first.line}:{first.column}: {first.message}; fix it first")
    text = raw.decode("utf-8")
    try:
        documents = [d for d in load_all(text.removeprefix(BOM)) if d is not None]
    except RoundTripError as exc:
        raise UsageError(f"{rel}: {exc}") from None
    expected = len(before.documents)
    removed = Counter(change(documents) or ())
    new = (BOM if text.startswith(BOM) else "") + dump_all(documents) if documents else ""
    if new == text:
        return None
    lost = [] if removing else [c for c in lost_comments(text, new) if not removed.pop(c, 0)]
    if lost:
        raise UsageError(f"{rel}: the edit would lose the comment {lost[0]!r}; nothing written")
    after = load_file(rel, new.encode("utf-8"), limits)
    if any(p.severity == "error" for p in after.problems) or (
        len(after.documents) != len(documents) or len(documents) > expected
    ):
        raise UsageError(f"{rel}: the edit would not read back cleanly; nothing written")
    return new.encode("utf-8")


def orders_for(document: Any, kinds: Mapping[str, KindSchema]) -> Callable[[Any], tuple[str, ...]]:
    """The canonical key order of any mapping of ``document`` (looked up when asked, so
    mappings created by the edit itself are found too)."""

    def order(mapping: Any) -> tuple[str, ...]:
        for candidate, _parent, _key, wanted in mappings_to_order(document, kinds):
            if candidate is mapping:
                return wanted
        return ()

    return order


def set_fields(project: Project, ident: str, assignments: list[Assignment]) -> str:
    """Apply ``path=value`` assignments to the document ``ident``; returns its file."""
    for path, _value in assignments:
        if path == ("metadata", "id"):
            raise UsageError("metadata.id is changed with `cmdbgit rename OLD NEW`")
        if path in (("apiVersion",), ("kind",)):
            raise UsageError(f"{path[0]} cannot be set")
    doc = find(project, ident)

    def change(documents: list[Any]) -> list[str]:
        target = documents[doc.index]
        claimed: list[str] = []
        for path, value in assignments:
            try:
                claimed += set_in(target, path, value, orders_for(target, project.rules.kinds))
            except KeyError as exc:
                raise UsageError(f"{ident}: {exc.args[0]}") from None
        return claimed

    edit_file(project, doc.file, change)
    return doc.file
