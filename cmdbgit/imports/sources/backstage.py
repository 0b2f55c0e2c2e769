"""``backstage``: a Backstage software catalog from its ``catalog-info.yaml`` files.

Entities (several per file) map to kinds: Group → Team, User → Person, Domain → Domain,
System → Service, Component → Application, API → API, Resource → Database (``type:
database``) or CloudResource. References (``spec.owner``, ``system``, ``dependsOn``,
``providesApis``, ``memberOf``, ``parent``…) are entity refs ``[kind:][namespace/]name``
resolved against the whole input first, then against the inventory. A catalog's mistakes
(an owner naming no group, an entity without a name) are located problems; the rest is
imported. Files are read with the hardened loader, never a general YAML loader.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cmdbgit.imports.backstage_refs import (
    ENTITY_KINDS,
    EntityKey,
    Ref,
    entity_id,
    kind_of,
    parse_ref,
)
from cmdbgit.imports.observed import InputProblem, Observed, Reading
from cmdbgit.imports.sources import ReadContext, files_in
from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import LoadedFile, load_file

NAME = "backstage"
SUMMARY = "entities of a Backstage catalog (catalog-info.yaml files)"
OWNS: tuple[str, ...] = (
    "spec.description",
    "spec.type",
    "spec.lifecycle",
    "spec.definition_url",
    "spec.parent",
    "spec.members",
    "spec.email",
    "spec.resource_type",
)
_API_TYPES = {"openapi", "asyncapi", "graphql", "grpc"}
_APP_TYPES = {"service", "website", "library"}
_LIFECYCLES = {"experimental", "production", "deprecated"}


@dataclass(slots=True)
class _Entity:
    key: EntityKey
    data: dict[str, Any]
    origin: str
    loaded: LoadedFile
    index: int

    def where(self, *path: str | int) -> str:
        """``file:line`` of a field of the entity (of the entity where unknown)."""
        positions = (self.loaded.positions or {}).get(self.index)
        found = positions.locate(tuple(path)) if positions is not None else None
        if found is None:
            return self.origin
        return f"{self.loaded.path}:{found[0]}"

    @property
    def spec(self) -> dict[str, Any]:
        spec = self.data.get("spec")
        return spec if isinstance(spec, dict) else {}


def read(inputs: list[Path], context: ReadContext) -> Reading:
    reading = Reading()
    entities = list(_entities(files_in(inputs, (".yaml", ".yml")), reading))
    known = {e.key: _target(e) for e in entities}
    items: dict[EntityKey, Observed] = {}
    for entity in entities:
        item = _item(entity, known, reading)
        if item is not None:
            items[entity.key] = item
    _members(entities, items, known)
    _subcomponents(entities, items, known, reading)
    reading.items.extend(items.values())
    return reading


def _entities(paths: list[Path], reading: Reading) -> Iterator[_Entity]:
    seen: dict[EntityKey, str] = {}
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            reading.problems.append(InputProblem(str(path), exc.strerror or "cannot be read"))
            continue
        loaded = load_file(str(path), raw, Limits(), force_located=True)
        for problem in loaded.problems:
            if problem.severity == "error":
                where = f"{problem.file}:{problem.line}:{problem.column}"
                reading.problems.append(InputProblem(where, problem.message))
        for doc in loaded.documents:
            if doc.index in loaded.broken:
                continue  # its problem is listed above; half a document is not imported
            origin = f"{path}:{doc.line}"
            key = _key(doc.data, origin, reading)
            if key is None:
                continue
            if key in seen:
                reading.problems.append(
                    InputProblem(origin, f"{key.ref()} is defined again ({seen[key]})")
                )
                continue
            seen[key] = origin
            yield _Entity(key, doc.data, origin, loaded, doc.index)


def _key(data: Any, origin: str, reading: Reading) -> EntityKey | None:
    """The entity's kind, namespace and name; None (and a problem) for what is not one."""
    if data is None:
        return None
    if not isinstance(data, dict) or not str(data.get("apiVersion", "")).startswith(
        "backstage.io/"
    ):
        reading.problems.append(InputProblem(origin, "not a Backstage entity (apiVersion)"))
        return None
    kind = data.get("kind")
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if not isinstance(kind, str) or not isinstance(name, str) or not name.strip():
        reading.problems.append(InputProblem(origin, "an entity needs a kind and metadata.name"))
        return None
    namespace = metadata.get("namespace") if isinstance(metadata, dict) else None
    if kind not in ENTITY_KINDS:
        if kind != "Location":  # Location entities only point at more catalog files
            reading.notes.append(f"{origin}: {kind} entities have no kind in cmdbgit; skipped")
        return None
    ns = namespace if isinstance(namespace, str) and namespace else "default"
    return EntityKey(kind.lower(), ns.lower(), name.strip().lower())


def _target(entity: _Entity) -> tuple[str, str]:
    """The cmdbgit kind and id an entity becomes."""
    kind = kind_of(entity.key.kind)
    if entity.key.kind == "resource":
        kind = "Database" if entity.spec.get("type") == "database" else "CloudResource"
    return kind, entity_id(kind, entity.key)


def _item(
    entity: _Entity, known: dict[EntityKey, tuple[str, str]], reading: Reading
) -> Observed | None:
    kind, ident = known[entity.key]
    spec, metadata = entity.spec, entity.data.get("metadata") or {}
    found = spec.get("profile")
    profile: dict[str, Any] = found if isinstance(found, dict) else {}
    title = metadata.get("title") or profile.get("displayName")
    name = title.strip() if isinstance(title, str) and title.strip() else entity.key.name
    fields: dict[str, Any] = {"metadata.id": ident, "metadata.name": name}
    item = Observed(kind, ident, entity.origin, fields)
    description = metadata.get("description")
    if isinstance(description, str) and kind in ("Application", "API", "Domain", "Service"):
        fields["spec.description"] = description.strip()

    def link(rel_type: str, ref: Ref | None) -> None:
        if ref is not None:
            target = known.get(ref.key) or (ref.kind_hint(), entity_id(ref.kind_hint(), ref.key))
            item.relations.append((rel_type, (target[0], "metadata.id", target[1])))

    def ref(field: str, default_kind: str) -> Ref | None:
        return _ref(entity, field, default_kind, reading)

    if kind == "Person":
        email = profile.get("email")
        if not isinstance(email, str) or "@" not in email:
            reading.problems.append(
                InputProblem(entity.where("spec"), "a User needs spec.profile.email; skipped")
            )
            return None
        fields["spec.email"] = email.strip()
        item.initial["spec.status"] = "active"
        return item
    if kind == "Team":
        parent = ref("parent", "group")
        if parent is not None:
            target = known.get(parent.key, ("Team", entity_id("Team", parent.key)))
            item.links["spec.parent"] = (target[0], "metadata.id", target[1])
        return item
    _owner(entity, item, known, reading)
    if kind == "Service":
        item.initial["spec.criticality"] = "tier-4"
        link("part_of", ref("domain", "domain"))
    elif kind == "Application":
        kind_of = spec.get("type")
        fields["spec.type"] = kind_of if kind_of in _APP_TYPES else "other"
        if spec.get("lifecycle") in _LIFECYCLES:
            fields["spec.lifecycle"] = spec["lifecycle"]
        link("part_of", ref("system", "system"))
        for one in _refs(entity, "dependsOn", "component", reading):
            link("depends_on", one)
        for one in _refs(entity, "providesApis", "api", reading):
            link("provides_api", one)
        for one in _refs(entity, "consumesApis", "api", reading):
            link("consumes_api", one)
    elif kind == "API":
        api_type = spec.get("type")
        fields["spec.type"] = api_type if api_type in _API_TYPES else "other"
        if spec.get("lifecycle") in _LIFECYCLES:
            fields["spec.lifecycle"] = spec["lifecycle"]
        definition = spec.get("definition")
        url = definition.get("$text") if isinstance(definition, dict) else None
        if isinstance(url, str) and url.startswith(("https://", "http://")):
            fields["spec.definition_url"] = url
    elif kind in ("Database", "CloudResource"):
        if kind == "CloudResource":
            fields["spec.provider"] = "other"
            fields["spec.resource_type"] = str(spec.get("type") or "resource")
        link("part_of", ref("system", "system"))
        if kind == "Database":
            for one in _refs(entity, "dependsOn", "component", reading):
                link("depends_on", one)
    return item


def _owner(
    entity: _Entity, item: Observed, known: dict[EntityKey, tuple[str, str]], reading: Reading
) -> None:
    """``spec.owner``: a group becomes the document's owner; a user cannot own in cmdbgit
    (owners are teams), and an owner naming nothing in the catalog is the catalog's mistake.
    Either way the document gets the default owner, marked unconfirmed."""
    owner = _ref(entity, "owner", "group", reading)
    if owner is None:
        return
    where = entity.where("spec", "owner")
    if owner.key.kind == "user":
        if owner.key in known:
            message = f"owner {owner.text!r} is a User; cmdbgit owners are teams"
        else:
            message = f"owner {owner.text!r} names no User in the catalog"
        reading.problems.append(InputProblem(where, message + ": the default owner is used"))
        return
    if owner.key.kind != "group":
        reading.problems.append(InputProblem(where, f"owner {owner.text!r} is not a group"))
        return
    target = known.get(owner.key, ("Team", entity_id("Team", owner.key)))
    item.links["metadata.owner"] = (target[0], "metadata.id", target[1])


def _ref(entity: _Entity, field: str, default_kind: str, reading: Reading) -> Ref | None:
    value = entity.spec.get(field)
    if value is None:
        return None
    ref = parse_ref(value, default_kind, entity.key.namespace)
    if ref is None:
        reading.problems.append(
            InputProblem(entity.where("spec", field), f"spec.{field}: not an entity reference")
        )
    return ref


def _refs(entity: _Entity, field: str, default_kind: str, reading: Reading) -> list[Ref]:
    value = entity.spec.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        reading.problems.append(
            InputProblem(entity.where("spec", field), f"spec.{field}: expected a list")
        )
        return []
    out = []
    for index, one in enumerate(value):
        ref = parse_ref(one, default_kind, entity.key.namespace)
        if ref is None:
            where = entity.where("spec", field, index)
            reading.problems.append(InputProblem(where, f"spec.{field}: not an entity reference"))
        else:
            out.append(ref)
    return out


def _members(
    entities: list[_Entity],
    items: dict[EntityKey, Observed],
    known: dict[EntityKey, tuple[str, str]],
) -> None:
    """``User.spec.memberOf`` becomes the group's ``spec.members`` (cmdbgit keeps members
    on the team), sorted so a plan is stable."""
    members: dict[EntityKey, set[str]] = {}
    for entity in entities:
        if entity.key.kind != "user" or entity.key not in items:
            continue
        groups = entity.spec.get("memberOf")
        for one in groups if isinstance(groups, list) else []:
            ref = parse_ref(one, "group", entity.key.namespace)
            if ref is not None and ref.key in items:
                members.setdefault(ref.key, set()).add(known[entity.key][1])
    for key, ids in members.items():
        items[key].fields["spec.members"] = sorted(ids)


def _subcomponents(
    entities: list[_Entity],
    items: dict[EntityKey, Observed],
    known: dict[EntityKey, tuple[str, str]],
    reading: Reading,
) -> None:
    """``subcomponentOf``: the whole needs its part, so the parent ``depends_on`` the
    subcomponent (an application cannot be ``part_of`` another in cmdbgit)."""
    for entity in entities:
        parent = None
        if entity.key.kind == "component" and entity.key in items:
            parent = _ref(entity, "subcomponentOf", "component", reading)
        if parent is None:
            continue
        if parent.key not in items:
            reading.problems.append(
                InputProblem(
                    entity.where("spec", "subcomponentOf"),
                    f"subcomponentOf {parent.text!r} names no Component in the catalog",
                )
            )
            continue
        kind, ident = known[entity.key]
        items[parent.key].relations.append(("depends_on", (kind, "metadata.id", ident)))
