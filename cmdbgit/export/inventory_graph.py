"""The relation graph of one revision as a networkx ``MultiDiGraph``, and neighbourhoods.

Built straight from ``Inventory.edges`` as written (source --type--> target); a multigraph,
because two documents may be related by more than one type (an application that both
``runs_on`` and ``depends_on`` the same cloud resource). A relation target that names no
document still becomes a node (``missing``), so a drawing shows the dangling reference
instead of hiding it. Names, and targets that name nothing, that look like secrets are
``<redacted>`` (every format prints them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import networkx as nx

from cmdbgit.errors import UsageError
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.redact import REDACTED, is_secret
from cmdbgit.query.lookup import require
from cmdbgit.revision import open_revision

if TYPE_CHECKING:  # the stubs are generic in the node type, the runtime class is not
    Graph: TypeAlias = nx.MultiDiGraph[str]
else:
    Graph = nx.MultiDiGraph


@dataclass(frozen=True, slots=True)
class GraphOptions:
    repo: Path
    id: str | None = None
    depth: int | None = None
    ref: str | None = None


def inventory_graph(inventory: Inventory) -> Graph:
    graph: Graph = nx.MultiDiGraph()
    for ident, doc in inventory.by_id.items():
        name = REDACTED if is_secret(doc.name, "name") else doc.name
        graph.add_node(ident, kind=doc.kind or "", name=name, missing=False)
    for edge in inventory.edges:
        target = edge.target
        if target not in graph and is_secret(target):
            target = REDACTED
        for end in (edge.source, target):
            if end not in graph:
                graph.add_node(end, kind="", name="", missing=True)
        kind = REDACTED if is_secret(edge.type) else edge.type
        graph.add_edge(edge.source, target, key=kind, type=kind)
    return graph


def neighbourhood(graph: Graph, root: str, depth: int) -> Graph:
    """Every node within ``depth`` relations of ``root``, following relations both ways,
    and the relations among them."""
    reach = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), root, depth)
    sub: Graph = graph.subgraph(reach).copy()
    return sub


def export_graph(options: GraphOptions) -> tuple[Graph, str | None]:
    """The whole graph, or the neighbourhood of ``options.id`` (default depth 1)."""
    if options.depth is not None and options.depth < 0:
        raise UsageError("--depth must be 0 or more")
    if options.id is None and options.depth is not None:
        raise UsageError("--depth needs an ID to measure the distance from")
    inventory = open_revision(options.repo, options.ref).loaded.inventory
    graph = inventory_graph(inventory)
    if options.id is None:
        return graph, None
    require(inventory, options.id)
    return neighbourhood(
        graph, options.id, 1 if options.depth is None else options.depth
    ), options.id
