"""``show ID``: the service-desk card of one document, as plain data.

Everything a person at the service desk asks about a record in one place: what it is, who
owns it (the team and its people, with how to reach them), the asset behind it (purchase,
warranty, depreciation, who holds it), what it relates to in both directions (incoming
relations named by the registry's inverse, e.g. ``used_by``), which documents refer to it,
and the last commit that changed it. References are found through the schemas' ``x-ref``
annotations, never through field names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cmdbgit.diff.redact import redact
from cmdbgit.errors import RepositoryError
from cmdbgit.history.render import commit_json
from cmdbgit.history.run import last_change
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import FieldPath, expand_pattern, format_path
from cmdbgit.model.redact import REDACTED, is_secret
from cmdbgit.model.relations import RelationRegistry
from cmdbgit.query.asset import asset_section
from cmdbgit.query.lookup import require
from cmdbgit.revision import Revision, open_revision

ASSET_KIND = "HardwareAsset"


@dataclass(frozen=True, slots=True)
class ShowOptions:
    repo: Path
    id: str
    as_of: date
    ref: str | None = None


def show(options: ShowOptions) -> dict[str, Any]:
    revision = open_revision(options.repo, options.ref)
    doc = require(revision.loaded.inventory, options.id)
    card = build_card(revision, doc, options.as_of)
    card["last_change"], card["history_truncated"] = _last_change(revision, doc, options.ref)
    # Every value on the card (name, asset fields, commit subject) judged as the secrets rule
    # judges it, by key name and shape; ids of documents are never secrets.
    return dict(redact(card, ()))


def build_card(revision: Revision, doc: Document, as_of: date) -> dict[str, Any]:
    inventory = revision.loaded.inventory
    kinds = revision.rules.kinds
    registry = revision.rules.relations
    refs_out = [
        {"path": format_path(path), **_brief(inventory, target)}
        for path, target in references(doc, kinds)
    ]
    refs_in = [
        {"path": format_path(path), **_brief(inventory, other.id or "")}
        for other in inventory.by_id.values()
        for path, target in references(other, kinds)
        if target == doc.id
    ]
    assets = [doc] if doc.kind == ASSET_KIND else []
    assets += [
        asset
        for ref in refs_out
        if ref["kind"] == ASSET_KIND and (asset := inventory.get(ref["id"])) is not None
    ]
    card: dict[str, Any] = {
        "id": doc.id,
        "kind": doc.kind,
        "name": doc.name,
        "file": doc.file,
        "line": doc.line,
        "labels": redact(doc.labels, ("metadata", "labels")),
        "last_verified": doc.metadata.get("last_verified"),
        "owner": _team(inventory, doc.owner) if doc.owner else None,
        "members": _team(inventory, doc.id or "")["members"] if doc.kind == "Team" else [],
        "spec": redact(doc.spec, ("spec",)),
        "assets": [
            asset_section(a, as_of, _person(inventory, a.spec.get("assigned_to"))) for a in assets
        ],
        "references": refs_out,
        "referenced_by": refs_in,
        "relations": {
            "out": [
                {"type": e.type, **_brief(inventory, e.target)}
                for e in inventory.edges
                if e.source == doc.id
            ],
            "in": [
                {
                    "type": e.type,
                    "inverse": _inverse(registry, e.type),
                    **_brief(inventory, e.source),
                }
                for e in inventory.edges
                if e.target == doc.id
            ],
        },
    }
    return card


def references(doc: Document, kinds: KindRegistry) -> Iterator[tuple[FieldPath, str]]:
    """Every (path, id) an ``x-ref`` field of ``doc`` names, ``metadata.owner`` included."""
    if doc.owner:
        yield ("metadata", "owner"), doc.owner
    schema = kinds.get(doc.kind or "")
    if schema is None:
        return
    for ref in schema.refs:
        for path, value in expand_pattern(doc.data, ref.pattern):
            if isinstance(value, str):
                yield path, value
            elif isinstance(value, list):  # a list of ids (``members``, ``covers``)
                yield from (((*path, i), v) for i, v in enumerate(value) if isinstance(v, str))


def _brief(inventory: Inventory, ident: str) -> dict[str, Any]:
    """id, kind and name of a document, and a person's contact; kind None when it is missing."""
    doc = inventory.get(ident)
    # A reference that names nothing may be a pasted secret (a PEM key, a URL with password).
    shown = REDACTED if doc is None and is_secret(ident) else ident
    out: dict[str, Any] = {
        "id": shown,
        "kind": doc.kind if doc else None,
        "name": doc.name if doc else None,
    }
    if doc is not None and doc.kind == "Person":
        out["email"] = doc.spec.get("email")
        out["status"] = doc.spec.get("status")
    return out


def _person(inventory: Inventory, ident: object) -> dict[str, Any] | None:
    return _brief(inventory, ident) if isinstance(ident, str) else None


def _team(inventory: Inventory, ident: str) -> dict[str, Any]:
    team = inventory.get(ident)
    members = team.spec.get("members") if team is not None else None
    return {
        **_brief(inventory, ident),
        "github": team.spec.get("github") if team is not None else None,
        "members": [
            _brief(inventory, m)
            for m in (members if isinstance(members, list) else [])
            if isinstance(m, str)
        ],
    }


def _inverse(registry: RelationRegistry, name: str) -> str:
    relation = registry.get(name)
    return relation.inverse if relation is not None else f"inverse of {name}"


def _last_change(
    revision: Revision, doc: Document, ref: str | None
) -> tuple[dict[str, str] | None, bool]:
    handle = revision.handle
    if handle.repo is None:
        return None, False
    try:
        rev = handle.resolve(ref or "HEAD").hexsha
    except RepositoryError:  # no commit yet: nothing has changed it
        return None, False
    found = last_change(handle, doc.id or "", rev, revision.rules.config.paths.inventory)
    if not found.entries or found.entries[0].op == "present":
        return None, found.truncated  # the cut commit holds it; what changed it is unknown
    return commit_json(found.entries[0].commit), False
