"""The plan of an import: what is new, what drifted, what is missing, what conflicts.

Built from the observed items and the working tree's documents, changing nothing. Each field
that differs is a drift entry; it is *applied* (written by ``--write``) only when the source
owns the field — people own ``owner``, labels and relations, procurement the purchase and
warranty, discovery what it measures — otherwise it is reported and left as declared.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from cmdbgit.imports.identify import Index
from cmdbgit.imports.naming import kebab, slug
from cmdbgit.imports.observed import InputProblem, Observed
from cmdbgit.model.config import ImportSettings
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.paths import get_path, parse_dotted
from cmdbgit.policy.match import matches, same
from cmdbgit.policy.model import Match

SOURCE_ANNOTATION = "cmdbgit.io/source"
MISSING_ANNOTATION = "cmdbgit.io/missing-since"
UNCONFIRMED_ANNOTATION = "cmdbgit.io/owner-unconfirmed"
#: Fields no source ever overwrites: people decide them in review.
PEOPLE_FIELDS = ("metadata.owner", "metadata.labels", "metadata.name", "relations")


@dataclass(slots=True)
class NewDocument:
    kind: str
    id: str
    file: str
    fields: dict[str, Any]
    origin: str
    relations: list[tuple[str, str]] = field(default_factory=list)
    initial: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Drift:
    id: str
    path: str
    declared: Any
    observed: Any
    owned_by: str
    applied: bool


@dataclass(slots=True)
class Missing:
    id: str
    since: str
    annotated: bool  # already carries the missing-since annotation


@dataclass(slots=True)
class Conflict:
    observed: list[str]
    matches: list[str]


@dataclass(slots=True)
class Plan:
    source: str
    as_of: date
    new: list[NewDocument] = field(default_factory=list)
    drifted: list[Drift] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    seen_again: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    #: Mistakes in the input, located; they do not make a plan non-empty (the next run
    #: would report them again and never settle), they are listed for a person to fix.
    problems: list[InputProblem] = field(default_factory=list)
    #: Documents in the source's scope when it looked: the matched ones carrying its
    #: annotation, the missing ones and the new ones (for ``report health``'s truth).
    in_scope: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new or self.drifted or self.missing or self.conflicts or self.seen_again)


@dataclass(frozen=True, slots=True)
class Ownership:
    """Which source owns which fields: this source's list, and every other configured one's
    (to say who owns a field this source may not change)."""

    source: str
    owns: tuple[str, ...]
    others: dict[str, tuple[str, ...]]

    def owner_of(self, path: str) -> str:
        if _under(path, PEOPLE_FIELDS):
            return "people"
        if _under(path, self.owns):
            return self.source
        for name, paths in sorted(self.others.items()):
            if _under(path, paths):
                return name
        return "people"


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + ".") for p in prefixes)


def build_plan(
    items: list[Observed],
    inventory: Inventory,
    settings: ImportSettings,
    ownership: Ownership,
    as_of: date,
    folder_of: Any,
) -> Plan:
    """``folder_of(kind)`` is where a new document of that kind goes (``new.folders``)."""
    plan = Plan(ownership.source, as_of)
    index = Index(inventory.documents, settings.identify)
    matched: dict[str, list[Observed]] = defaultdict(list)
    new_items: list[Observed] = []
    for item in items:
        found = index.find(item.kind, item.fields)
        if len(found) > 1:
            plan.conflicts.append(Conflict([item.origin], list(found)))
        elif found:
            matched[found[0]].append(item)
        else:
            new_items.append(item)
    for ident, seen in sorted(matched.items()):
        if len(seen) > 1:
            plan.conflicts.append(Conflict(sorted(i.origin for i in seen), [ident]))
    resolved = {ident: seen[0] for ident, seen in matched.items() if len(seen) == 1}
    new_ids = _new_ids(new_items, inventory, plan)
    _resolve_links(items, index, resolved, new_ids, plan)
    for item, ident in new_ids.items():
        plan.in_scope.append(ident)  # written from the observation: it agrees
        file = f"{folder_of(item.kind)}/{ident}.yaml"
        plan.new.append(
            NewDocument(
                item.kind, ident, file, item.fields, item.origin, item.related, item.initial
            )
        )
    for ident, item in sorted(resolved.items()):
        doc = inventory.get(ident)
        assert doc is not None
        drifts = list(_drifts(doc, item, ownership))
        plan.drifted.extend(drifts)
        back = MISSING_ANNOTATION in _annotations(doc)
        if back:
            plan.seen_again.append(ident)
        if not drifts and not back:
            plan.unchanged += 1
        if _from_source(doc, ownership.source):
            plan.in_scope.append(ident)
    seen_ids = set(matched) | {i for c in plan.conflicts for i in c.matches}
    scope = settings.source(ownership.source).scope
    match = Match.model_validate(scope) if scope else None
    for doc in inventory.documents:
        if doc.id is None or doc.id in seen_ids or not _from_source(doc, ownership.source):
            continue
        if match is not None and not matches(match, doc):
            continue
        since = _annotations(doc).get(MISSING_ANNOTATION)
        plan.missing.append(
            Missing(doc.id, str(since) if since else as_of.isoformat(), since is not None)
        )
        plan.in_scope.append(doc.id)
    return plan


def _annotations(doc: Document) -> dict[str, Any]:
    value = doc.metadata.get("annotations")
    return value if isinstance(value, dict) else {}


def _from_source(doc: Document, source: str) -> bool:
    value = _annotations(doc).get(SOURCE_ANNOTATION)
    return isinstance(value, str) and source in (s.strip() for s in value.split(","))


def _new_ids(items: list[Observed], inventory: Inventory, plan: Plan) -> dict[Observed, str]:
    """An id for each new item: its hint as a slug, made unique against the inventory and
    the other new items. Two new items with one identity are one conflict, not two ids."""
    taken = {d.id for d in inventory.documents if d.id}
    out: dict[Observed, str] = {}
    by_hint: dict[tuple[str, str], list[Observed]] = defaultdict(list)
    for item in items:
        by_hint[(item.kind, slug(item.id_hint))].append(item)
    for (_kind, hint), group in sorted(by_hint.items()):
        if len(group) > 1:
            plan.conflicts.append(Conflict(sorted(i.origin for i in group), []))
            continue
        ident, n = hint, 2
        while ident in taken:
            ident, n = f"{hint}-{n}", n + 1
        taken.add(ident)
        out[group[0]] = ident
    return out


def _resolve_links(
    items: list[Observed],
    index: Index,
    resolved: dict[str, Observed],
    new_ids: dict[Observed, str],
    plan: Plan,
) -> None:
    """Turn each link (a server's hardware box, by serial) and relation into the id of the
    document it names: a declared one, or one this import creates. A relation that names
    nothing is a located problem and is left out."""
    by_identity: dict[tuple[str, str, str], str] = {}
    for item, ident in [*((i, d) for d, i in resolved.items()), *new_ids.items()]:
        for path, value in item.fields.items():
            by_identity[(item.kind, path, str(value).upper())] = ident

    def find(kind: str, ident_path: str, value: Any) -> str | None:
        found = by_identity.get((kind, ident_path, str(value).upper()))
        if found is None:
            ids = index.find(kind, {ident_path: value})
            found = ids[0] if len(ids) == 1 else None
        return found

    for item in items:
        for path, (kind, ident_path, value) in item.links.items():
            found = find(kind, ident_path, value)
            if found is not None:
                item.fields[path] = found
            else:
                plan.problems.append(
                    InputProblem(
                        item.origin,
                        f"{path}: {kind} {value!r} is neither in the input nor declared; "
                        "left unset",
                    )
                )
        for rel_type, (kind, ident_path, value) in item.relations:
            found = find(kind, ident_path, value)
            if found is None:
                plan.problems.append(
                    InputProblem(
                        item.origin,
                        f"{rel_type} {kind} {value!r}: neither in the input nor declared; "
                        "the relation is left out",
                    )
                )
            elif (rel_type, found) not in item.related:
                item.related.append((rel_type, found))


def _drifts(doc: Document, item: Observed, ownership: Ownership) -> list[Drift]:
    out = []
    for path, observed in sorted(item.fields.items()):
        if path.startswith("metadata."):
            continue  # names and owners of documents that exist are people's to keep
        declared = get_path(doc.data, parse_dotted(path), None)
        if observed is None or _equal(declared, observed):
            continue
        owner = ownership.owner_of(path)
        out.append(Drift(doc.id or "", path, declared, observed, owner, owner == ownership.source))
    declared_relations = {
        (r.get("type"), r.get("target"))
        for r in doc.data.get("relations") or []
        if isinstance(r, dict)
    }
    for rel_type, target in item.related:
        if (rel_type, target) not in declared_relations:
            # Relations are people's: the one the source sees is reported, never added.
            relation = {"type": rel_type, "target": target}
            out.append(Drift(doc.id or "", "relations", None, relation, "people", False))
    return out


def _equal(declared: Any, observed: Any) -> bool:
    """Equal as the document means it: text without surrounding blanks, and an amount
    written as a number (``1200.0``) equal to the same amount as exact text (``"1200.00"``)."""
    if isinstance(declared, str) and isinstance(observed, str):
        return declared.strip() == observed.strip()
    numbers = _decimal(declared), _decimal(observed)
    if None not in numbers and (isinstance(declared, str) or isinstance(observed, str)):
        return numbers[0] == numbers[1]
    return same(declared, observed)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def default_folder(kind: str, inventory: str = "inventory") -> str:
    """Where a new document of ``kind`` goes: ``inventory/<kind in kebab case>``."""
    return f"{inventory.rstrip('/')}/{kebab(kind)}"
