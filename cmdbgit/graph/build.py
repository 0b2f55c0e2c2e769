"""The failure-propagation graph: an edge ``u -> v`` means "if u fails, v is impacted".

Built from the inventory's relation edges through the relationship registry's ``impact``
direction (docs/relations.md), so relation types stay data:

* ``to-source``: the target fails ⇒ the source is impacted (edge target -> source);
* ``to-target``: the source fails ⇒ the target is impacted (edge source -> target);
* ``none``: no propagation (no edge).

Relations of unknown types and relations to documents that do not exist add no edge.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

import networkx as nx

from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Edge, Inventory
from cmdbgit.model.relations import RelationRegistry

FailureGraph: TypeAlias = "nx.DiGraph[str]"


def node_attributes(doc: Document) -> dict[str, str]:
    criticality = doc.spec.get("criticality") if doc.kind == "Service" else None
    return {
        "kind": doc.kind or "",
        "name": doc.name,
        "file": doc.file,
        "criticality": criticality if isinstance(criticality, str) else "",
    }


def failure_graph(
    inventory: Inventory,
    relations: RelationRegistry,
    *,
    extra_documents: Iterable[Document] = (),
    extra_edges: Iterable[Edge] = (),
) -> FailureGraph:
    """The graph of ``inventory``. ``extra_documents``/``extra_edges`` add documents that are
    not in it (a pull request's removed documents, with their relations as they were) so the
    impact of removing them can be traced."""
    graph: FailureGraph = nx.DiGraph()
    for doc in [*inventory.by_id.values(), *extra_documents]:
        if doc.id is not None and doc.id not in graph:
            graph.add_node(doc.id, **node_attributes(doc))
    for edge in [*inventory.edges, *extra_edges]:
        rtype = relations.get(edge.type)
        if rtype is None or rtype.impact == "none":
            continue
        if edge.source not in graph or edge.target not in graph:
            continue
        cause, effect = (
            (edge.target, edge.source)
            if rtype.impact == "to-source"
            else (edge.source, edge.target)
        )
        if cause != effect and not graph.has_edge(cause, effect):
            # ``label`` reads along the arrow: "db-01 used_by app-01", "app-01 part_of svc".
            label = rtype.inverse if rtype.impact == "to-source" else rtype.name
            graph.add_edge(cause, effect, type=edge.type, label=label)
    return graph
