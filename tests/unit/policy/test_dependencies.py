"""The dependency graph: direction from the registry's impact, one-pass searches."""

from __future__ import annotations

import time
from typing import Any

from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.relations import RelationRegistry, RelationType
from cmdbgit.policy.dependencies import DependencyGraph

REGISTRY = RelationRegistry(
    [
        RelationType.model_validate(
            {
                "name": "depends_on",
                "inverse": "used_by",
                "from": [],
                "to": [],
                "impact": "to-source",
            }
        ),
        RelationType.model_validate(
            {"name": "part_of", "inverse": "has_part", "from": [], "to": [], "impact": "to-target"}
        ),
        RelationType.model_validate(
            {"name": "located_in", "inverse": "location_of", "from": [], "to": [], "impact": "none"}
        ),
    ]
)


def _inventory(edges: dict[str, list[tuple[str, str]]]) -> Inventory:
    names = set(edges) | {t for rels in edges.values() for _, t in rels}
    docs = []
    for name in sorted(names):
        data: dict[str, Any] = {"kind": "X", "metadata": {"id": name}}
        data["relations"] = [{"type": t, "target": x} for t, x in edges.get(name, [])]
        docs.append(Document("f.yaml", len(docs), 1, data))
    return Inventory(docs)


def test_direction_follows_impact() -> None:
    inv = _inventory(
        {
            "app": [("depends_on", "db"), ("part_of", "svc"), ("located_in", "room")],
        }
    )
    graph = DependencyGraph(inv, REGISTRY, None)
    assert {s.target for s in graph.needs["app"]} == {"db"}  # to-source: the user needs the target
    assert {s.target for s in graph.needs["svc"]} == {
        "app"
    }  # to-target: the service needs its part
    assert "room" not in graph.needed_by  # impact none: no dependency


def test_via_limits_relation_types() -> None:
    inv = _inventory({"app": [("depends_on", "db"), ("part_of", "svc")]})
    graph = DependencyGraph(inv, REGISTRY, frozenset({"part_of"}))
    assert "app" not in graph.needs
    assert [s.target for s in graph.needs["svc"]] == ["app"]


def test_shortest_route_and_where_it_is_written() -> None:
    inv = _inventory(
        {
            "svc": [],
            "app": [("part_of", "svc"), ("depends_on", "long1"), ("depends_on", "db")],
            "long1": [("depends_on", "long2")],
            "long2": [("depends_on", "bad")],
            "db": [("depends_on", "bad")],
        }
    )
    routes = DependencyGraph(inv, REGISTRY, None).toward(["bad"])
    app = routes.route("app")
    assert app is not None and [s.target for s in app.steps] == ["db", "bad"]
    assert (app.length, app.goal) == (2, "bad")
    assert app.steps[0].written_on == "app" and app.steps[0].edge.index == 2
    svc = routes.route("svc")
    assert svc is not None and [s.target for s in svc.steps] == ["app", "db", "bad"]
    assert svc.steps[0].written_on == "app"  # the part_of edge lives on the application
    assert routes.route("bad") is None
    short = routes.route("svc", limit=1)
    assert short is not None and ([s.target for s in short.steps], short.length) == (["app"], 3)
    assert short.goal == "bad"


def test_goal_documents_route_only_through_other_goals() -> None:
    inv = _inventory({"a": [("depends_on", "b")], "b": []})
    routes = DependencyGraph(inv, REGISTRY, None).toward(["a", "b"])
    route = routes.route("a")
    assert route is not None and [s.target for s in route.steps] == ["b"]
    assert routes.route("b") is None


def test_cycles_are_harmless() -> None:
    inv = _inventory({"a": [("depends_on", "b")], "b": [("depends_on", "a"), ("depends_on", "c")]})
    graph = DependencyGraph(inv, REGISTRY, None)
    routes = graph.toward(["c"])
    route = routes.route("a")
    assert route is not None and [s.target for s in route.steps] == ["b", "c"]
    assert graph.closure(["a"]) == {"a": "a", "b": "a", "c": "a"}


def test_closure_names_the_first_source() -> None:
    inv = _inventory(
        {"s1": [("depends_on", "x")], "s2": [("depends_on", "y")], "x": [("depends_on", "z")]}
    )
    assert DependencyGraph(inv, REGISTRY, None).closure(["s2", "s1"]) == {
        "s1": "s1",
        "s2": "s2",
        "x": "s1",
        "y": "s2",
        "z": "s1",
    }


def test_one_pass_scales_linearly() -> None:
    # A chain of 20,000 documents all reaching the last: a per-document search would be
    # quadratic (2·10⁸ steps); one pass routes every document in well under a second.
    size = 20_000
    inv = _inventory({f"n{i:05d}": [("depends_on", f"n{i + 1:05d}")] for i in range(size)})
    graph = DependencyGraph(inv, REGISTRY, None)
    started = time.perf_counter()
    routes = graph.toward([f"n{size:05d}"])
    named = [routes.route(f"n{i:05d}") for i in range(size)]
    assert len(routes.distance) == size + 1
    assert all(r is not None and r.goal == f"n{size:05d}" for r in named)
    assert named[0] is not None and (named[0].length, len(named[0].steps)) == (size, 8)
    assert time.perf_counter() - started < 2.0
