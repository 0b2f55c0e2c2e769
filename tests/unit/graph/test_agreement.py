"""The plain-adjacency failure graph and the impact search over it give exactly what the
networkx graph of the whole inventory gave (``nx_reference``), on random inventories: both
directions of relations and of ``x-impact`` reference fields, unknown types, missing targets,
duplicated ids, redundancy groups (down/degraded, ``remaining``), a change's removed documents
and relations, depth limits and ``--reverse`` with its recovery order."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmdbgit.graph.build import Link, failure_graph
from cmdbgit.graph.impact import impact
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Edge, Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.relations import RelationRegistry, RelationType
from tests.unit.graph import nx_reference

IDS = [f"n{i}" for i in range(7)]
#: member_of thrice and Cluster twice: redundancy groups with members in most examples.
TYPES = [*["member_of"] * 3, "depends_on", "runs_on", "part_of", "governed_by", "frobnicates"]
KINDS = ["Cluster", "Server", "Gadget", "Service", "Application"]
#: The usual kind of each id (a duplicated id may still be of another kind); groups n0, n1.
KIND_OF = dict(
    zip(IDS, ["Cluster", "Cluster", "Server", "Gadget", "Service", *KINDS[-1:] * 2], strict=True)
)


def _relations() -> RelationRegistry:
    def rel(name: str, inverse: str, impact: str) -> RelationType:
        return RelationType.model_validate(
            {"name": name, "inverse": inverse, "from": [], "to": [], "impact": impact}
        )

    return RelationRegistry(
        [
            rel("depends_on", "used_by", "to-source"),
            rel("runs_on", "hosts", "to-source"),
            rel("part_of", "has_part", "to-target"),
            rel("member_of", "has_member", "to-target"),
            rel("governed_by", "governs", "none"),
        ]
    )


def _kinds() -> KindRegistry:
    def schema(properties: dict[str, Any]) -> bytes:
        return json.dumps({"type": "object", "properties": properties}).encode()

    ref = {"type": "string", "x-ref": KINDS}
    return KindRegistry.from_files(
        {
            "schemas/Cluster.schema.json": schema(
                {"min_healthy": {"type": "integer", "x-at-most-incoming": "member_of"}}
            ),
            "schemas/Server.schema.json": schema(
                {"asset": {**ref, "x-impact": "to-source"}, "owner": ref}
            ),
            "schemas/Gadget.schema.json": schema(
                {
                    "feeds": {"type": "array", "items": {**ref, "x-impact": "to-target"}},
                    "needs": {**ref, "x-impact": "to-source"},
                }
            ),
        }
    )


RELATIONS, KIND_REGISTRY = _relations(), _kinds()
idents = st.sampled_from([*IDS, "n0", "n1", "ghost"])


@st.composite
def documents(draw: st.DrawFn, file: str, ident: str) -> Document:
    kind = draw(st.sampled_from([KIND_OF.get(ident, "Server")] * 4 + KINDS))
    spec: dict[str, Any] = {}
    if kind == "Cluster":
        spec["min_healthy"] = draw(st.sampled_from([1, 1, 2, 2, 3, 0, True, "2"]))
    elif kind == "Server":
        spec.update(asset=draw(idents), owner=draw(idents))
    elif kind == "Gadget":
        spec.update(feeds=draw(st.lists(idents, max_size=3)), needs=draw(idents))
    elif kind == "Service":
        spec["criticality"] = draw(st.sampled_from(["tier-1", "tier-2", "tier-3", 7]))
    relations = draw(st.lists(st.tuples(st.sampled_from(TYPES), idents), max_size=3))
    data = {
        "kind": kind,
        "metadata": {"id": ident, "name": draw(st.sampled_from("ab"))},
        "spec": spec,
        "relations": [{"type": t, "target": target} for t, target in relations],
    }
    return Document(file, 0, 1, data)


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    # Mostly distinct ids (a duplicate's relations are not the document's), sometimes not.
    order = [*draw(st.permutations(IDS)), *draw(st.lists(st.sampled_from(IDS), max_size=3))]
    docs = [draw(documents("inventory/a.yaml", i)) for i in order[: draw(st.integers(3, 10))]]
    removed = [
        draw(documents("inventory/gone.yaml", i))
        for i in draw(st.lists(st.sampled_from([*IDS, "gone"]), max_size=3))
    ]
    extra_edges = [
        Edge(source, kind, target, -1)
        for source, kind, target in draw(
            st.lists(st.tuples(idents, st.sampled_from(TYPES), idents), max_size=4)
        )
    ]
    return {
        "inventory": Inventory(docs),
        "removed": removed,
        "extra_edges": extra_edges,
        "roots": draw(st.lists(idents, min_size=1, max_size=3)),
        "depth": draw(st.none() | st.integers(1, 3)),
        "reverse": draw(st.sampled_from([False, False, True])),
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_impact_agrees_with_the_networkx_graph(case: dict[str, Any]) -> None:
    extra = {"extra_documents": case["removed"], "extra_edges": case["extra_edges"]}
    old = nx_reference.failure_graph(case["inventory"], RELATIONS, KIND_REGISTRY, **extra)
    options = {"depth": case["depth"], "reverse": case["reverse"]}
    expected = nx_reference.impact(old, case["roots"], **options)
    # Searched first, as a command does: only what the search asks for is indexed (the
    # causes of the groups it reaches, the effects of what it reaches).
    lazy = failure_graph(case["inventory"], RELATIONS, KIND_REGISTRY, **extra)
    assert impact(lazy, case["roots"], **options) == expected
    new = failure_graph(case["inventory"], RELATIONS, KIND_REGISTRY, **extra)
    assert set(new.documents) == set(old.nodes)
    assert sorted(new.edges()) == sorted(
        (u, v, Link(data["type"], data["label"])) for u, v, data in old.edges(data=True)
    )
    assert new.groups == old.graph[nx_reference.GROUPS]
    for node in new.documents:
        assert new.attributes(node) == old.nodes[node]
        assert dict(new.causes(node)) == {
            u: Link(d["type"], d["label"]) for u, _, d in old.in_edges(node, data=True)
        }
    assert impact(new, case["roots"], **options) == expected  # every cause indexed first
    # The causes of some documents worked out alone, and those among some documents, are
    # what the whole index gives.
    some = sorted(new.documents)[::2]
    partial = failure_graph(case["inventory"], RELATIONS, KIND_REGISTRY, **extra)
    partial.index_causes(some)
    assert {n: dict(partial.causes(n)) for n in some} == {n: dict(new.causes(n)) for n in some}
    among = failure_graph(case["inventory"], RELATIONS, KIND_REGISTRY, **extra)
    assert among.causes_among(some) == {
        n: {u: link for u, link in new.causes(n).items() if u in some} for n in some
    }


def test_random_inventories_reach_every_redundancy_state() -> None:
    """The agreement above is only worth something if its inventories are degraded, down and
    have members ``remaining``; this one is drawn the same way, by hand."""
    docs = [
        Document("a.yaml", 0, 1, data)
        for data in (
            {"kind": "Cluster", "metadata": {"id": "cl"}, "spec": {"min_healthy": 1}},
            {"kind": "Server", "metadata": {"id": "a"}, "spec": {"asset": "hw"}},
            {"kind": "Gadget", "metadata": {"id": "b"}, "spec": {"feeds": ["svc"]}},
            {"kind": "Service", "metadata": {"id": "svc"}, "spec": {"criticality": "tier-1"}},
            {"kind": "Application", "metadata": {"id": "hw"}},
        )
    ]
    for doc, target in ((docs[1], "cl"), (docs[2], "cl")):
        doc.data["relations"] = [{"type": "member_of", "target": target}]
    docs[0].data["relations"] = [{"type": "part_of", "target": "svc"}]
    inventory = Inventory(docs)
    new = impact(failure_graph(inventory, RELATIONS, KIND_REGISTRY), ["hw"])
    old = nx_reference.impact(
        nx_reference.failure_graph(inventory, RELATIONS, KIND_REGISTRY), ["hw"]
    )
    assert new == old
    assert {i.id: (i.state, i.remaining) for i in new.impacted} == {
        "a": ("down", ()),
        "cl": ("degraded", ("b",)),
        "svc": ("degraded", ("b",)),
    }


def test_a_document_degraded_through_two_groups_names_the_members_left_in_both() -> None:
    docs = [
        Document("a.yaml", 0, 1, {"kind": kind, "metadata": {"id": ident}, **extra})
        for kind, ident, extra in (
            ("Cluster", "web", {"spec": {"min_healthy": 1}}),
            ("Cluster", "db", {"spec": {"min_healthy": 1}}),
            *(
                ("Server", server, {"relations": [{"type": "member_of", "target": group}]})
                for server, group in (("w1", "web"), ("w2", "web"), ("d1", "db"), ("d2", "db"))
            ),
            (
                "Application",
                "app",
                {
                    "relations": [
                        {"type": "runs_on", "target": "web"},
                        {"type": "depends_on", "target": "db"},
                    ]
                },
            ),
        )
    ]
    graph = failure_graph(Inventory(docs), RELATIONS, KIND_REGISTRY)
    found = {hit.id: hit for hit in impact(graph, ["w1", "d1"]).impacted}
    assert (found["app"].state, found["app"].remaining) == ("degraded", ("d2", "w2"))
    old = nx_reference.failure_graph(Inventory(docs), RELATIONS, KIND_REGISTRY)
    assert impact(graph, ["w1", "d1"]) == nx_reference.impact(old, ["w1", "d1"])
