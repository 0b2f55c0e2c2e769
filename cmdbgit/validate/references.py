"""``dangling-reference`` and ``owner``: every reference names a document of the right kind.

References are what the kind schemas declare with ``x-ref`` (user kinds included), plus
``metadata.owner`` (a Team) and relation targets. An owner that exists but is not a Team is the
``owner`` rule; any other reference to the wrong kind is reported as dangling (it names no
document *of the expected kind*).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import FieldPath, expand_pattern, format_path
from cmdbgit.model.problem import Problem
from cmdbgit.model.redact import cut, redact, terminal
from cmdbgit.validate.context import CheckContext

DANGLING = "dangling-reference"
OWNER = "owner"
_MISSING = object()


def check(ctx: CheckContext) -> Iterator[Problem]:
    # The loop runs over every document of the inventory: lookups are hoisted into locals and
    # the problem-building helpers are entered only when a reference is actually wrong.
    inventory = ctx.inventory
    by_id, kind_by_id = inventory.by_id, inventory.kind_by_id
    broken = ctx.loaded.broken
    refs_of = {kind: schema.refs for kind, schema in ctx.rules.kinds.items()}
    # Every definition of an id is judged: the first ones are ``by_id``'s documents, in
    # document order; the other definitions of a duplicate id follow.
    others = [doc for docs in inventory.duplicates.values() for doc in docs[1:]]
    settled = ctx.settled_neighbours
    for doc in [*by_id.values(), *others]:
        if (broken and ctx.loaded.is_broken(doc)) or doc.file in settled:
            continue
        owner = doc.data["metadata"].get("owner")  # a document with an id has metadata
        if isinstance(owner, str) and kind_by_id.get(owner, _MISSING) != "Team":
            yield from _owner(ctx, doc, owner)
        for ref in refs_of.get(doc.kind or "", ()):
            if "*" not in ref.pattern:
                value = _lookup(doc.data, ref.pattern)
                if isinstance(value, str) and kind_by_id.get(value, _MISSING) not in ref.kinds:
                    yield from _reference(ctx, doc, ref.pattern, value, ref.kinds)
                continue
            for path, value in expand_pattern(doc.data, ref.pattern):
                if isinstance(value, str):
                    yield from _reference(ctx, doc, path, value, ref.kinds)
        for index, rel in enumerate(_relations(doc)):
            target = rel.get("target") if isinstance(rel, dict) else None
            if isinstance(target, str) and target not in kind_by_id:
                yield ctx.problem(
                    DANGLING,
                    doc,
                    ("relations", index, "target"),
                    f"relation target {_missing(target, 'target')} names no document",
                )


def files_naming(
    inventory: Inventory, kinds: KindRegistry, changed: Mapping[str, str | None]
) -> set[str]:
    """The files whose judgement by this layer and ``relation-type`` may differ now that the
    ids ``changed`` are gone or of another kind (each with the kind it had): the files with a
    relation to one of them, the files of documents owned by one that was a Team, and every
    file of a kind with a reference field that accepts one of their old kinds (a whole kind
    at once: finding the very documents would cost this layer's own walk)."""
    if not changed:
        return set()
    by_id = inventory.by_id
    files = {by_id[edge.source].file for edge in inventory.edges if edge.target in changed}
    files.update(doc.file for doc, edge in inventory.duplicate_edges if edge.target in changed)
    old = set(changed.values())
    if "Team" in old:
        files.update(doc.file for doc in inventory.documents if doc.owner in changed)
    referring = {
        name
        for name, schema in kinds.items()
        if any(not old.isdisjoint(ref.kinds) for ref in schema.refs)
    }
    if referring:
        files.update(doc.file for doc in inventory.documents if doc.kind in referring)
    return files


def _owner(ctx: CheckContext, doc: Document, owner: str) -> Iterator[Problem]:
    path = ("metadata", "owner")
    if owner not in ctx.inventory.kind_by_id:
        yield ctx.problem(
            DANGLING, doc, path, f"owner {_missing(owner, 'owner')} names no document"
        )
        return
    target = ctx.inventory.require(owner)
    if target.kind != "Team":
        yield ctx.problem(
            OWNER,
            doc,
            path,
            f"owner {_existing(owner)} is a {terminal(target.kind)}, not a Team",
            related=(ctx.location(target, ("kind",)),),
        )


def _reference(
    ctx: CheckContext, doc: Document, path: FieldPath, value: str, kinds: tuple[str, ...]
) -> Iterator[Problem]:
    expected = " or ".join(kinds)
    kind = ctx.inventory.kind_by_id.get(value, _MISSING)
    if kind is _MISSING:
        shown = _missing(value, format_path(path) or "")
        yield ctx.problem(DANGLING, doc, path, f"{shown} names no document (expected a {expected})")
    elif kind not in kinds:
        target = ctx.inventory.require(value)
        yield ctx.problem(
            DANGLING,
            doc,
            path,
            f"{_existing(value)} is a {terminal(target.kind)}, expected a {expected}",
            related=(ctx.location(target, ("kind",)),),
        )


def _missing(value: str, path: str) -> str:
    """A reference that names nothing is shown only through ``redact``: it may be a secret
    pasted into the wrong field (a PEM key, a URL with a password)."""
    return redact(value, path)


def _existing(value: str) -> str:
    """A reference that names a document is an id, never a secret (ids are public)."""
    return f"'{terminal(cut(value))}'"


def _lookup(data: object, pattern: tuple[str, ...]) -> object:
    """The value at a ``*``-free pattern, or None where a step is missing (what
    ``expand_pattern`` would yield, without a generator per document)."""
    node = data
    for part in pattern:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _relations(doc: Document) -> list[object]:
    value = doc.data.get("relations")
    return value if isinstance(value, list) else []
