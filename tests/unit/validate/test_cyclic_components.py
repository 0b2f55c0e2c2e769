"""The linear-time component search of the ``cycle`` layer finds exactly the cyclic strongly
connected components networkx finds (it replaced networkx there for speed)."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from cmdbgit.validate.cycles import cyclic_components

NODES = st.sampled_from([f"n{i}" for i in range(12)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NODES, NODES), max_size=40))
def test_same_components_as_networkx(edges: list[tuple[str, str]]) -> None:
    successors: dict[str, list[str]] = {}
    for source, target in edges:
        successors.setdefault(source, []).append(target)
    graph: nx.DiGraph[str] = nx.DiGraph(edges)
    expected = [
        c
        for c in nx.strongly_connected_components(graph)
        if len(c) > 1 or graph.has_edge(next(iter(c)), next(iter(c)))
    ]
    found = cyclic_components(successors)
    assert sorted(map(sorted, found)) == sorted(map(sorted, expected))


def test_a_long_chain_does_not_recurse() -> None:
    chain = {f"n{i}": [f"n{i + 1}"] for i in range(200_000)}
    chain["n200000"] = ["n0"]
    [component] = cyclic_components(chain)
    assert len(component) == 200_001
