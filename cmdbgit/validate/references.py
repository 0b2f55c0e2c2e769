"""``dangling-reference`` and ``owner``: every reference names a document of the right kind.

References are what the kind schemas declare with ``x-ref`` (user kinds included), plus
``metadata.owner`` (a Team) and relation targets. An owner that exists but is not a Team is the
``owner`` rule; any other reference to the wrong kind is reported as dangling (it names no
document *of the expected kind*).
"""

from __future__ import annotations

from collections.abc import Iterator

from cmdbgit.model.document import Document
from cmdbgit.model.paths import FieldPath, expand_pattern
from cmdbgit.model.problem import Problem
from cmdbgit.validate.context import CheckContext

DANGLING = "dangling-reference"
OWNER = "owner"


def check(ctx: CheckContext) -> Iterator[Problem]:
    inventory = ctx.inventory
    for doc in inventory.documents:
        if ctx.loaded.is_broken(doc) or inventory.get(doc.id or "") is not doc:
            continue  # duplicates are checked once, through their first definition
        owner = doc.metadata.get("owner")
        if isinstance(owner, str):
            yield from _owner(ctx, doc, owner)
        schema = ctx.rules.kinds.get(doc.kind or "")
        if schema is not None:
            for ref in schema.refs:
                for path, value in expand_pattern(doc.data, ref.pattern):
                    if isinstance(value, str):
                        yield from _reference(ctx, doc, path, value, ref.kinds)
        for index, rel in enumerate(_relations(doc)):
            target = rel.get("target") if isinstance(rel, dict) else None
            if isinstance(target, str) and inventory.get(target) is None:
                yield ctx.problem(
                    DANGLING,
                    doc,
                    ("relations", index, "target"),
                    f"relation target {target!r} names no document",
                )


def _owner(ctx: CheckContext, doc: Document, owner: str) -> Iterator[Problem]:
    target = ctx.inventory.get(owner)
    path = ("metadata", "owner")
    if target is None:
        yield ctx.problem(DANGLING, doc, path, f"owner {owner!r} names no document")
    elif target.kind != "Team":
        yield ctx.problem(
            OWNER,
            doc,
            path,
            f"owner {owner!r} is a {target.kind}, not a Team",
            related=(ctx.location(target, ("kind",)),),
        )


def _reference(
    ctx: CheckContext, doc: Document, path: FieldPath, value: str, kinds: tuple[str, ...]
) -> Iterator[Problem]:
    target = ctx.inventory.get(value)
    expected = " or ".join(kinds)
    if target is None:
        yield ctx.problem(
            DANGLING, doc, path, f"{value!r} names no document (expected a {expected})"
        )
    elif target.kind not in kinds:
        yield ctx.problem(
            DANGLING,
            doc,
            path,
            f"{value!r} is a {target.kind}, expected a {expected}",
            related=(ctx.location(target, ("kind",)),),
        )


def _relations(doc: Document) -> list[object]:
    value = doc.data.get("relations")
    return value if isinstance(value, list) else []
