"""Backstage entity references (``[kind:][namespace/]name``) and the ids they become."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cmdbgit.imports.naming import slug

#: Backstage kind -> cmdbgit kind (a Resource is a Database or a CloudResource by its type).
ENTITY_KINDS: dict[str, str] = {
    "Group": "Team",
    "User": "Person",
    "Domain": "Domain",
    "System": "Service",
    "Component": "Application",
    "API": "API",
    "Resource": "Database",
}
_BY_LOWER = {kind.lower(): target for kind, target in ENTITY_KINDS.items()}
#: The id prefix of each kind, so a Component and an API of one name do not collide.
_PREFIX = {
    "Team": "team",
    "Person": "person",
    "Domain": "domain",
    "Service": "svc",
    "Application": "app",
    "API": "api",
    "Database": "db",
    "CloudResource": "res",
}


@dataclass(frozen=True, slots=True)
class EntityKey:
    kind: str  # lower case, as Backstage compares
    namespace: str
    name: str

    def ref(self) -> str:
        return f"{self.kind}:{self.namespace}/{self.name}"


@dataclass(frozen=True, slots=True)
class Ref:
    key: EntityKey
    text: str

    def kind_hint(self) -> str:
        """The cmdbgit kind of an entity the input does not define (a guess by its ref)."""
        return kind_of(self.key.kind)


def kind_of(backstage_kind: str) -> str:
    return _BY_LOWER.get(backstage_kind.lower(), "Application")


def parse_ref(value: Any, default_kind: str, namespace: str) -> Ref | None:
    """``group:team-a``, ``team-a``, ``user:default/jdoe``: kind and namespace are optional
    (the field's kind, the referring entity's namespace)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    kind, _, rest = text.partition(":") if ":" in text else (default_kind, "", text)
    ns, _, name = rest.rpartition("/")
    if not name or not kind or "/" in ns or ":" in name:
        return None
    return Ref(EntityKey(kind.lower(), (ns or namespace).lower(), name.lower()), text)


def entity_id(kind: str, key: EntityKey) -> str:
    """``team-a`` of Group team-a stays ``team-a``; Component ``search`` becomes
    ``app-search``; a namespace other than ``default`` is part of the id."""
    prefix = _PREFIX.get(kind, "bs")
    name = slug(key.name if key.namespace == "default" else f"{key.namespace}-{key.name}")
    return name if name.startswith(prefix + "-") else f"{prefix}-{name}"
