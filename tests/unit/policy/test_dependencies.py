"""The dependency graph: direction from the registry's impact, one-pass searches."""

from __future__ import annotations

import time
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

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
    assert {s.target for s in graph.steps("app")} == {"db"}  # to-source: the user needs the target
    assert {s.target for s in graph.steps("svc")} == {"app"}  # to-target: the service its part
    assert graph.toward(["room"]).distance == {"room": 0}  # impact none: no dependency


def test_via_limits_relation_types() -> None:
    inv = _inventory({"app": [("depends_on", "db"), ("part_of", "svc")]})
    graph = DependencyGraph(inv, REGISTRY, frozenset({"part_of"}))
    assert graph.steps("app") == []
    assert [s.target for s in graph.steps("svc")] == ["app"]


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


NODES = [f"n{i}" for i in range(7)]
TYPES = ["depends_on", "part_of", "located_in"]
_edges_strategy = st.lists(
    st.tuples(st.sampled_from(NODES), st.sampled_from(TYPES), st.sampled_from(NODES)),
    max_size=16,
)


def _graph(written: list[tuple[str, str, str]]) -> DependencyGraph:
    by_source: dict[str, list[tuple[str, str]]] = {n: [] for n in NODES}
    for source, rtype, target in written:
        by_source[source].append((rtype, target))
    return DependencyGraph(_inventory(by_source), REGISTRY, None)


def _uses(written: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    """Who depends on what, by definition: a ``to-source`` type from source to target, a
    ``to-target`` type from target to source, ``none`` not at all; no loops."""
    uses: dict[str, set[str]] = {n: set() for n in NODES}
    for source, rtype, target in written:
        if source == target or rtype == "located_in":
            continue
        user, used = (source, target) if rtype == "depends_on" else (target, source)
        uses[user].add(used)
    return uses


def _reach(uses: dict[str, set[str]], start: str) -> dict[str, int]:
    """Every document ``start`` depends on, by its distance (a plain search from one start)."""
    distance = {start: 0}
    level = [start]
    while level:
        following = []
        for node in level:
            for used in uses[node]:
                if used not in distance:
                    distance[used] = distance[node] + 1
                    following.append(used)
        level = following
    return distance


@given(_edges_strategy, st.sets(st.sampled_from(NODES), min_size=1))
def test_routes_are_shortest_dependency_paths(
    written: list[tuple[str, str, str]], goals: set[str]
) -> None:
    uses = _uses(written)
    routes = _graph(written).toward(goals)
    for start in NODES:
        route = routes.route(start, limit=len(NODES))
        if start in goals:
            # a goal routes on through a dependency that reaches a goal (itself, round a
            # cycle, included), if it has one
            onward = any(not goals.isdisjoint(_reach(uses, used)) for used in uses[start])
            assert (route is not None) == onward
            continue
        reach = _reach(uses, start)
        nearest = min((d for n, d in reach.items() if n in goals), default=None)
        assert (route is None) == (nearest is None)
        if route is None:
            continue
        assert route.length == nearest == routes.distance[start]
        at = start
        for step in route.steps:  # each step is a dependency the document really has
            assert step.target in uses[at]
            assert step.edge.source in (at, step.target)
            at = step.target
        assert at == route.goal and route.goal in goals


@given(_edges_strategy, st.sets(st.sampled_from(NODES), min_size=1))
def test_closure_is_everything_the_sources_depend_on(
    written: list[tuple[str, str, str]], sources: set[str]
) -> None:
    uses = _uses(written)
    closure = _graph(written).closure(sources)
    expected = {n for s in sources for n in _reach(uses, s)}
    assert set(closure) == expected
    for node, origin in closure.items():
        assert origin in sources and node in _reach(uses, origin)
