"""What a source saw: one item per host, device, asset or record, with where it was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, eq=False)  # compared by identity: two hosts may look alike
class Observed:
    """One observed item. ``fields`` maps dotted document paths (``spec.os.version``,
    ``metadata.name``) to observed values; ``origin`` says where it was read (``facts.json``,
    ``assets.csv:14``), for messages; ``id_hint`` is the id a new document would get."""

    kind: str
    id_hint: str
    origin: str
    fields: dict[str, Any] = field(default_factory=dict)
    #: Items this one links to by their observed identity, e.g. a server's hardware box:
    #: path -> (kind, identifying path, value); resolved to an id once everything is matched.
    links: dict[str, tuple[str, str, Any]] = field(default_factory=dict)
    #: Relations to other items, by the same observed identity: (type, (kind, path, value)).
    #: Written on the documents an import creates; on declared ones they are people's, and a
    #: relation the source sees but the document lacks is reported, never added.
    relations: list[tuple[str, tuple[str, str, Any]]] = field(default_factory=list)
    #: Values a new document starts with where the source has none (a Service's criticality):
    #: written once on creation, never compared, so a person's later choice is no drift.
    initial: dict[str, Any] = field(default_factory=dict)
    #: The relations once resolved to ids: (type, target id).
    related: list[tuple[str, str]] = field(default_factory=list)

    def label(self) -> str:
        return f"{self.kind} {self.id_hint} ({self.origin})"


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A mistake in the input that does not stop the import (an owner naming no group): the
    item is imported without the broken part, and the plan lists the problem where it is."""

    where: str  # file:line, or the record
    message: str


class InputError(Exception):
    """Input a source cannot read: exit 2 with the file and the line or record."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


@dataclass(slots=True)
class Reading:
    """What a source read from its inputs: the items and anything worth telling the reader
    (an OS with no SoftwareProduct mapped, a record without an identity)."""

    items: list[Observed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    #: The fields the source owns when the input itself says (a CSV mapping), else None.
    owns: tuple[str, ...] | None = None
    #: The source's name on annotations when the input names it (a CSV mapping's
    #: ``source: procurement``), else None: the source module's own name.
    name: str | None = None
