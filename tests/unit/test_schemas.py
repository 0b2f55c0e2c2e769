"""The shipped kind schemas and relationship registry follow the conventions the code relies on.

Conventions (SPEC §3): one 2020-12 JSON Schema per kind describing ``spec``, closed at every
object level, self-contained (local ``$defs`` only), references declared with ``x-ref``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
SUFFIX = ".schema.json"

STANDARD_KINDS = {
    "Service", "Application", "Database", "Server", "NetworkDevice", "CloudResource", "Endpoint",
    "SLA", "HardwareAsset", "SoftwareLicense", "CloudSubscription", "Contract", "Team", "Person",
    "Vendor", "Location", "SoftwareProduct", "HardwareModel", "Cluster", "API", "Domain",
    "PowerDevice",
}  # fmt: skip

CI_KINDS = {"Application", "Database", "Server", "NetworkDevice", "CloudResource", "Endpoint"}
#: Kinds that are orphans without relations: the CIs, a cluster without members and an API
#: that nothing provides or consumes.
EXPECTS_RELATIONS = CI_KINDS | {"Cluster", "API"}

# name: (inverse, impact, acyclic, from kinds, to kinds) — the shipped defaults of SPEC §3.
RELATIONS = {
    "depends_on": ("used_by", "to-source", True,
                   {"Service", "Application", "Database"},
                   {"Service", "Application", "Database", "CloudResource", "Cluster"}),
    "runs_on": ("runs", "to-source", True, {"Application", "Database"},
                {"Server", "CloudResource", "Cluster"}),
    "hosted_on": ("hosts", "to-source", True,
                  {"Server", "Database", "Application"}, {"Server", "CloudResource", "Cluster"}),
    "connected_to": ("connected_from", "to-source", False,
                     {"Server", "NetworkDevice", "Endpoint"}, {"NetworkDevice"}),
    "part_of": ("has_part", "to-target", True,
                {"Application", "Database", "CloudResource", "Service"}, {"Service", "Domain"}),
    "governed_by": ("governs", "none", False, {"Service"}, {"SLA"}),
    "uses_license": ("licensed_to", "none", False,
                     {"Person", "Endpoint", "Server"}, {"SoftwareLicense"}),
    "located_in": ("location_of", "to-source", True,
                   {"HardwareAsset", "Server", "NetworkDevice", "PowerDevice", "Location"},
                   {"Location"}),
    "member_of": ("has_member", "to-target", False,
                  {"Server", "NetworkDevice", "Database", "Application", "CloudResource",
                   "PowerDevice"}, {"Cluster"}),
    "powered_by": ("powers", "to-source", True,
                   {"HardwareAsset", "Server", "NetworkDevice", "PowerDevice"},
                   {"PowerDevice", "Cluster"}),
    "provides_api": ("provided_by", "to-target", False, {"Application"}, {"API"}),
    "consumes_api": ("consumed_by", "to-source", False, {"Application"}, {"API"}),
}  # fmt: skip


def _schema_files() -> list[Path]:
    return sorted(SCHEMAS.glob(f"*{SUFFIX}"))


def _load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _kind(path: Path) -> str:
    return path.name[: -len(SUFFIX)]


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/$defs/name``) once; other nodes are returned as they are."""
    ref = node.get("$ref")
    if ref is None:
        return node
    assert isinstance(ref, str) and ref.startswith("#/$defs/"), f"non-local $ref {ref!r}"
    target = root["$defs"][ref.removeprefix("#/$defs/")]
    assert isinstance(target, dict)
    return target


def _walk(
    root: dict[str, Any], node: dict[str, Any], path: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema node reachable from ``node`` through properties, items, combinators, $ref."""
    yield path, node
    resolved = _resolve(root, node)
    if resolved is not node:
        yield from _walk(root, resolved, path)
        return
    for name, sub in (node.get("properties") or {}).items():
        yield from _walk(root, sub, f"{path}.{name}")
    if isinstance(node.get("items"), dict):
        yield from _walk(root, node["items"], f"{path}[*]")
    for combinator in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(node.get(combinator) or ()):
            yield from _walk(root, sub, f"{path}/{combinator}[{i}]")


def test_exactly_the_standard_kinds() -> None:
    assert {_kind(p) for p in _schema_files()} == STANDARD_KINDS


@pytest.mark.parametrize("path", _schema_files(), ids=_kind)
def test_schema_is_valid_2020_12(path: Path) -> None:
    schema = _load(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", _schema_files(), ids=_kind)
def test_top_level_shape(path: Path) -> None:
    schema = _load(path)
    assert schema["type"] == "object"
    assert schema["title"] == _kind(path)
    assert isinstance(schema.get("description"), str) and schema["description"]
    assert isinstance(schema["properties"], dict) and schema["properties"]
    assert isinstance(schema["required"], list)
    assert set(schema["required"]) <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    assert schema.get("x-expects-relations", False) is (_kind(path) in EXPECTS_RELATIONS)


@pytest.mark.parametrize("path", _schema_files(), ids=_kind)
def test_every_object_level_is_closed(path: Path) -> None:
    schema = _load(path)
    for where, node in _walk(schema, schema, "spec"):
        if node.get("type") == "object" or "properties" in node:
            assert node.get("additionalProperties") is False, f"{where} is not closed"


@pytest.mark.parametrize("path", _schema_files(), ids=_kind)
def test_every_field_is_described(path: Path) -> None:
    schema = _load(path)
    for where, node in _walk(schema, schema, "spec"):
        if "/" not in where and where != "spec":
            assert node.get("description"), f"{where} has no description"


@pytest.mark.parametrize("path", _schema_files(), ids=_kind)
def test_refs_are_local(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    schema = json.loads(text)

    def refs(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(schema):
        assert ref.startswith("#/$defs/"), ref
        assert ref.removeprefix("#/$defs/") in schema.get("$defs", {}), ref


@pytest.mark.parametrize("path", _schema_files(), ids=_kind)
def test_x_refs_name_existing_kinds(path: Path) -> None:
    kinds = {_kind(p) for p in _schema_files()}
    schema = _load(path)
    for where, node in _walk(schema, schema, "spec"):
        if "x-ref" in node:
            targets = node["x-ref"] if isinstance(node["x-ref"], list) else [node["x-ref"]]
            assert node.get("type") == "string", f"{where}: x-ref on a non-string"
            assert targets and set(targets) <= kinds, f"{where}: x-ref {targets}"


def test_standard_references() -> None:
    found: set[tuple[str, str, str]] = set()
    for path in _schema_files():
        schema = _load(path)
        for where, node in _walk(schema, schema, "spec"):
            if isinstance(node.get("x-ref"), str):
                found.add((_kind(path), where, node["x-ref"]))
    expected = {
        ("Server", "spec.asset", "HardwareAsset"),
        ("Server", "spec.os.product", "SoftwareProduct"),
        ("NetworkDevice", "spec.asset", "HardwareAsset"),
        ("NetworkDevice", "spec.os.product", "SoftwareProduct"),
        ("Endpoint", "spec.asset", "HardwareAsset"),
        ("Endpoint", "spec.assigned_to", "Person"),
        ("Endpoint", "spec.os.product", "SoftwareProduct"),
        ("Application", "spec.software[*].product", "SoftwareProduct"),
        ("Database", "spec.engine.product", "SoftwareProduct"),
        ("HardwareAsset", "spec.vendor", "Vendor"),
        ("HardwareAsset", "spec.assigned_to", "Person"),
        ("HardwareAsset", "spec.warranty.contract", "Contract"),
        ("SoftwareLicense", "spec.product", "SoftwareProduct"),
        ("SoftwareLicense", "spec.vendor", "Vendor"),
        ("Contract", "spec.vendor", "Vendor"),
        ("Contract", "spec.covers[*]", "HardwareAsset"),
        ("Team", "spec.members[*]", "Person"),
        ("SoftwareProduct", "spec.vendor", "Vendor"),
        ("HardwareModel", "spec.vendor", "Vendor"),
        ("HardwareAsset", "spec.hardware_model", "HardwareModel"),
        ("NetworkDevice", "spec.hardware_model", "HardwareModel"),
        ("Server", "spec.hardware_model", "HardwareModel"),
        ("PowerDevice", "spec.hardware_model", "HardwareModel"),
        ("PowerDevice", "spec.asset", "HardwareAsset"),
        ("Team", "spec.parent", "Team"),
    }
    # Exactly these: the standard references, no more, no fewer.
    assert found == expected


def test_reference_fields_that_carry_impact_or_acyclic() -> None:
    """``x-impact`` and ``x-acyclic`` sit only on reference fields, with known values."""
    found: set[tuple[str, str, str, object]] = set()
    for path in _schema_files():
        schema = _load(path)
        for where, node in _walk(schema, schema, "spec"):
            for key in ("x-impact", "x-acyclic"):
                if key in node:
                    assert "x-ref" in node, f"{where}: {key} without x-ref"
                    found.add((_kind(path), where, key, node[key]))
    assert found == {
        ("Server", "spec.asset", "x-impact", "to-source"),
        ("Team", "spec.parent", "x-acyclic", True),
    }


def test_x_ref_is_reachable_without_following_refs() -> None:
    """Reference annotations sit under properties/items, not behind a $ref into $defs."""
    for path in _schema_files():
        for name, node in _load(path).get("$defs", {}).items():
            assert "x-ref" not in json.dumps(node), f"{path.name}: $defs/{name} holds an x-ref"


def _relations() -> list[dict[str, Any]]:
    data = YAML(typ="safe", pure=True).load((SCHEMAS / "relations.yaml").read_text("utf-8"))
    assert set(data) == {"relations"}
    rows = data["relations"]
    assert isinstance(rows, list)
    return rows


def test_relations_registry_matches_spec() -> None:
    rows = _relations()
    assert [r["name"] for r in rows] == list(RELATIONS)
    kinds = {_kind(p) for p in _schema_files()}
    for row in rows:
        assert set(row) == {"name", "inverse", "from", "to", "impact", "acyclic", "description"}
        inverse, impact, acyclic, from_kinds, to_kinds = RELATIONS[row["name"]]
        assert row["inverse"] == inverse
        assert row["impact"] == impact
        assert row["acyclic"] is acyclic
        assert set(row["from"]) == from_kinds
        assert set(row["to"]) == to_kinds
        assert set(row["from"]) | set(row["to"]) <= kinds
        assert row["description"]


def test_relation_names_and_inverses_are_distinct() -> None:
    names = [r["name"] for r in _relations()] + [r["inverse"] for r in _relations()]
    assert len(names) == len(set(names))
