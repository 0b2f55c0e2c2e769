"""``get``: load one revision and select documents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cmdbgit.model.document import Document
from cmdbgit.query.select import Selector, parse_label, parse_where, resolve_kind, select
from cmdbgit.revision import open_revision


@dataclass(frozen=True, slots=True)
class GetOptions:
    repo: Path
    kind: str | None = None
    labels: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    ref: str | None = None


def get(options: GetOptions) -> list[Document]:
    # Bad filters fail before anything is read.
    labels = tuple(parse_label(text) for text in options.labels)
    where = tuple(parse_where(text) for text in options.where)
    revision = open_revision(options.repo, options.ref)
    inventory = revision.loaded.inventory
    kind = None
    if options.kind is not None:
        kind = resolve_kind(options.kind, [*revision.rules.kinds, *inventory.by_kind])
    return select(inventory, Selector(kind, labels, where))
