"""``get``: load one revision and select documents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cmdbgit.model.document import Document
from cmdbgit.model.paths import get_path, parse_dotted
from cmdbgit.query.conditions import parse_condition
from cmdbgit.query.select import Selector, parse_label, resolve_kind, select
from cmdbgit.revision import open_revision


@dataclass(frozen=True, slots=True)
class GetOptions:
    repo: Path
    kind: str | None = None
    labels: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    ref: str | None = None
    sort: str | None = None


def get(options: GetOptions) -> list[Document]:
    # Bad filters fail before anything is read.
    labels = tuple(parse_label(text) for text in options.labels)
    where = tuple(parse_condition(text) for text in options.where)
    revision = open_revision(options.repo, options.ref)
    inventory = revision.loaded.inventory
    kind = None
    if options.kind is not None:
        kind = resolve_kind(options.kind, [*revision.rules.kinds, *inventory.by_kind])
    docs = select(inventory, Selector(kind, labels, where))
    if options.sort:
        docs = sort_by(docs, parse_dotted(options.sort))
    return docs


def sort_by(docs: list[Document], path: tuple[str, ...]) -> list[Document]:
    """Documents ordered by the value at ``path`` (stable; documents without it last).
    Values of different types order by type name first, so a mixed field never raises."""

    def key(doc: Document) -> tuple[int, str, Any]:
        value = get_path(doc.data, path, None)
        if value is None or isinstance(value, dict | list):
            return (1, "", "")
        if isinstance(value, bool):
            return (0, "bool", value)
        if isinstance(value, int | float):
            return (0, "number", value)
        return (0, type(value).__name__, value)

    return sorted(docs, key=key)
