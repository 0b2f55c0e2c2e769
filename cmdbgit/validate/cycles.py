"""``cycle``: no cycle through relation types marked ``acyclic`` (one problem per cycle).

Strongly connected components find every cyclic group in one linear pass; a concrete cycle
is then named inside each (small) component only.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from cmdbgit.model.problem import Problem
from cmdbgit.validate.context import CheckContext

RULE = "cycle"


def check(ctx: CheckContext) -> Iterator[Problem]:
    acyclic = ctx.rules.relations.acyclic
    inventory = ctx.inventory
    graph: nx.DiGraph[str] = nx.DiGraph()
    edge_index: dict[tuple[str, str], int] = {}
    for edge in inventory.edges:
        if edge.type in acyclic and edge.target in inventory.by_id:
            graph.add_edge(edge.source, edge.target)
            edge_index.setdefault((edge.source, edge.target), edge.index)
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1:
            (node,) = component
            if not graph.has_edge(node, node):
                continue
        cycle = _name_cycle(graph.subgraph(component))
        first = cycle[0]
        doc = inventory.by_id[first]
        named = " → ".join([*cycle, first])
        related = tuple(ctx.location(inventory.by_id[n], ("metadata", "id")) for n in cycle[1:])
        index = edge_index[(first, cycle[1] if len(cycle) > 1 else first)]
        yield ctx.problem(
            RULE,
            doc,
            ("relations", index, "target"),
            f"cycle through acyclic relations: {named}",
            related=related,
        )


def _name_cycle(component: nx.DiGraph[str]) -> list[str]:
    """One cycle of the component, starting at its smallest id (stable output)."""
    start = min(component.nodes)
    edges = nx.find_cycle(component, source=start)
    nodes = [u for u, _v in edges]
    pivot = nodes.index(min(nodes))
    return nodes[pivot:] + nodes[:pivot]
