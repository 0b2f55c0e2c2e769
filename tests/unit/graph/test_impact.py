"""The failure-propagation graph, impact, recovery order and the Mermaid drawing."""

from __future__ import annotations

import json
import re
from typing import Any

from cmdbgit.graph.build import Link, failure_graph
from cmdbgit.graph.impact import impact
from cmdbgit.graph.mermaid import label, mermaid
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.relations import RelationRegistry, RelationType

NO_KINDS = KindRegistry({})


def _registry() -> RelationRegistry:
    def rel(name: str, inverse: str, impact: str) -> RelationType:
        return RelationType.model_validate(
            {"name": name, "inverse": inverse, "from": [], "to": [], "impact": impact}
        )

    return RelationRegistry(
        [
            rel("depends_on", "used_by", "to-source"),
            rel("part_of", "has_part", "to-target"),
            rel("governed_by", "governs", "none"),
        ]
    )


def _doc(ident: str, kind: str, *relations: tuple[str, str], **spec: Any) -> Document:
    data = {
        "kind": kind,
        "metadata": {"id": ident, "name": ident.upper()},
        "spec": spec,
        "relations": [{"type": t, "target": target} for t, target in relations],
    }
    return Document(f"inventory/{ident}.yaml", 0, 1, data)


def _inventory(*docs: Document) -> Inventory:
    return Inventory(list(docs))


def test_directions_follow_the_registry() -> None:
    inv = _inventory(
        _doc("svc", "Service", ("governed_by", "sla"), criticality="tier-1"),
        _doc("sla", "SLA"),
        _doc("app", "Application", ("part_of", "svc"), ("depends_on", "db")),
        _doc("db", "Database"),
    )
    graph = failure_graph(inv, _registry(), NO_KINDS)
    # depends_on is to-source: db fails => app impacted; part_of is to-target: app => svc.
    assert sorted((u, v) for u, v, _ in graph.edges()) == [("app", "svc"), ("db", "app")]
    assert graph.effects("db")["app"].label == "used_by"
    assert graph.effects("app")["svc"].label == "part_of"
    assert list(graph.causes("svc")) == ["app"]


def test_a_reference_field_with_x_impact_is_an_edge() -> None:
    schema = {
        "type": "object",
        "properties": {
            "asset": {"type": "string", "x-ref": "HardwareAsset", "x-impact": "to-source"},
            "owner_team": {"type": "string", "x-ref": "Team"},
        },
    }
    kinds = KindRegistry.from_files({"schemas/Server.schema.json": json.dumps(schema).encode()})
    inv = _inventory(
        _doc("srv", "Server", asset="hw", owner_team="team"),
        _doc("hw", "HardwareAsset"),
        _doc("team", "Team"),
    )
    graph = failure_graph(inv, _registry(), kinds)
    # The hardware fails => the server fails; a plain x-ref carries no failure.
    assert graph.edges() == [("hw", "srv", Link("spec.asset", "asset of"))]
    assert failure_graph(inv, _registry(), NO_KINDS).edges() == []


def test_unknown_types_and_missing_targets_add_no_edge() -> None:
    inv = _inventory(
        _doc("app", "Application", ("frobnicates", "db"), ("depends_on", "gone")),
        _doc("db", "Database"),
    )
    assert failure_graph(inv, _registry(), NO_KINDS).edges() == []


def test_multi_source_bfs_distance_and_shortest_path() -> None:
    inv = _inventory(
        _doc("svc", "Service", criticality="tier-1"),
        _doc("svc2", "Service", criticality="tier-3"),
        _doc("app", "Application", ("part_of", "svc"), ("depends_on", "db")),
        _doc("app2", "Application", ("part_of", "svc2"), ("depends_on", "app")),
        _doc("db", "Database"),
        _doc("cache", "Database"),
    )
    result = impact(failure_graph(inv, _registry(), NO_KINDS), ["db", "app2"])
    got = {i.id: (i.distance, i.path) for i in result.impacted}
    assert got == {
        "app": (1, ("db", "app")),
        "svc": (2, ("db", "app", "svc")),
        "svc2": (1, ("app2", "svc2")),
    }
    assert [(s.id, s.criticality, s.distance) for s in result.services] == [
        ("svc", "tier-1", 2),
        ("svc2", "tier-3", 1),
    ]
    assert (
        impact(failure_graph(inv, _registry(), NO_KINDS), ["db"], depth=1).impacted[0].id == "app"
    )
    assert len(impact(failure_graph(inv, _registry(), NO_KINDS), ["db"], depth=1).impacted) == 1


def test_reverse_with_recovery_order_and_a_cycle_as_one_group() -> None:
    inv = _inventory(
        _doc("web", "Application", ("depends_on", "a")),
        _doc("a", "Application", ("depends_on", "b")),
        _doc("b", "Application", ("depends_on", "a"), ("depends_on", "db")),
        _doc("db", "Database"),
    )
    result = impact(failure_graph(inv, _registry(), NO_KINDS), ["web"], reverse=True)
    assert {i.id: i.distance for i in result.impacted} == {"a": 1, "b": 2, "db": 3}
    assert result.impacted[-1].path == ("web", "a", "b", "db")
    assert [(s.stage, s.ids, s.cycle) for s in result.recovery] == [
        (1, ("db",), False),
        (2, ("a", "b"), True),
        (3, ("web",), False),
    ]
    assert result.to_json()["recovery_order"][1] == {"stage": 2, "ids": ["a", "b"], "cycle": True}


def test_mermaid_collapses_beyond_the_limit() -> None:
    apps = [_doc(f"app-{i:03}", "Application", ("depends_on", "db")) for i in range(120)]
    hosts = [_doc(f"h-{i:03}", "Server") for i in range(3)]
    inv = _inventory(_doc("db", "Database"), *apps, *hosts)
    result = impact(failure_graph(inv, _registry(), NO_KINDS), ["db"])
    drawing = mermaid(result, limit=50)
    nodes = re.findall(r"^  (n\d+)\[", drawing, flags=re.MULTILINE)
    assert len(nodes) == 50
    assert '  g0(["+71 more Application"])' in drawing
    assert "n0 --> g0" in drawing
    assert drawing.startswith("```mermaid\n") and drawing.endswith("```\n")


def test_mermaid_labels_cannot_break_out() -> None:
    hostile = 'x"] --> evil[" `` ``` <b> #1'
    escaped = label(hostile)
    assert '"' not in escaped and "`" not in escaped and "<" not in escaped
    inv = _inventory(
        Document("f.yaml", 0, 1, {"kind": 'K"`', "metadata": {"id": "a", "name": hostile}}),
    )
    drawing = mermaid(impact(failure_graph(inv, _registry(), NO_KINDS), ["a"]))
    body = drawing.splitlines()[1:-1]
    assert not any("```" in line for line in body)
    assert all(line.count('"') in (0, 2) for line in body)
