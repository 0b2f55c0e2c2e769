"""The contract between the engine and a built-in rule.

A rule module has a docstring (its user documentation; the first line is its description), a
pydantic ``Params`` model and ``check(ctx, params)`` yielding ``Violation`` values: *what* is
wrong and *where*. The engine turns them into located ``policy/<id>`` problems, stamping the
rule id and the policy's severity, and applies the policy's exceptions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import FieldPath, parse_dotted
from cmdbgit.model.reads import SpecReads
from cmdbgit.model.relations import RelationRegistry
from cmdbgit.policy.dependencies import DependencyGraph
from cmdbgit.policy.match import select
from cmdbgit.policy.model import Match


class RuleParams(BaseModel):
    """Base of every rule's params: strict, closed, immutable (like the policy itself)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


P = TypeVar("P", bound=RuleParams)


@dataclass(frozen=True, slots=True)
class Violation:
    """One finding of a rule: the document, the field path it is about (``('kind',)`` when
    there is no single field) and a message that never repeats a secret value."""

    doc: Document
    path: FieldPath
    message: str
    at_key: bool = False
    related: tuple[tuple[Document, FieldPath], ...] = ()


class Facts:
    """What every policy of one run shares: the judged documents, the rules, the date, and
    memoised derived structures (the dependency graph is built once per run, not per policy)."""

    def __init__(
        self,
        inventory: Inventory,
        kinds: KindRegistry,
        relations: RelationRegistry,
        as_of: date,
        documents: list[Document],
        by_kind: Mapping[str, list[Document]] | None = None,
    ) -> None:
        """``by_kind``: ``documents`` by kind, when the caller has that index already."""
        self.inventory = inventory
        self.kinds = kinds
        self.relations = relations
        self.as_of = as_of
        #: The documents policies judge: first definitions with a kind, not broken YAML.
        self.documents = documents
        if by_kind is None:
            by_kind = defaultdict(list)
            for doc in documents:
                by_kind[doc.kind or ""].append(doc)
        self.by_kind: Mapping[str, list[Document]] = by_kind
        self._graphs: dict[frozenset[str] | None, DependencyGraph] = {}

    def select(self, match: Match) -> list[Document]:
        return select(match, self.documents, self.by_kind)

    def dependencies(self, via: frozenset[str] | None = None) -> DependencyGraph:
        """ "X depends on Y" over relation types ``via`` (None: every type with an impact)."""
        if via not in self._graphs:
            self._graphs[via] = DependencyGraph(self.inventory, self.relations, via)
        return self._graphs[via]


@dataclass(slots=True)
class RuleContext:
    """What one policy's rule sees: the documents its ``match`` selected, and the run."""

    documents: list[Document]
    facts: Facts

    @property
    def as_of(self) -> date:
        return self.facts.as_of

    @property
    def inventory(self) -> Inventory:
        return self.facts.inventory


@dataclass(frozen=True, slots=True)
class BuiltinRule(Generic[P]):
    """A registered rule: its params model, its check, its documentation."""

    params: type[P]
    check: Callable[[RuleContext, P], Iterator[Violation]]
    doc: str = field(default="")
    #: Its verdict on a document depends on that document (and the kinds) alone — not on
    #: other documents, nor on the date — so a file it found clean is not judged again by
    #: it while the file's blob and the rules stay the same (``store.verdicts``).
    document_local: bool = False
    #: The dependency graphs it reads with these params, by ``via`` (``Facts.dependencies``):
    #: the policies that read one graph are run by the same process, which builds it once
    #: (``policy.layer``).
    graphs: Callable[[P], tuple[frozenset[str] | None, ...]] | None = None
    #: Its verdict on a document depends on that document and the run's date alone (a
    #: warranty's end, a purchase's age): an edited file is judged again by it alone
    #: (``cmdbgit.incremental``), where another rule's earlier findings are kept.
    per_document: bool = False
    #: What it reads of the documents' ``spec`` (``model.reads``) with these params, given the
    #: kinds its policy matches (None: every kind) — beyond the ``match`` itself, which the
    #: engine reads. Undeclared: the whole spec of every kind.
    spec_reads: Callable[[P, frozenset[str] | None, KindRegistry], SpecReads] | None = None

    @property
    def description(self) -> str:
        first = self.doc.strip().splitlines()[0] if self.doc.strip() else ""
        return first.replace("``", "`")


def selector_reads(match: Match) -> SpecReads:
    """What selecting by ``match`` reads of ``spec``: its ``where`` fields, of its kinds."""
    reads = SpecReads()
    kinds = None if match.kinds is None else frozenset(match.kinds)
    for dotted in match.where:
        reads.add_path(kinds, parse_dotted(dotted))
    return reads
