"""The failure-propagation graph: an edge ``u -> v`` means "if u fails, v is impacted".

Built from the inventory's relation edges through the relationship registry's ``impact``
direction (docs/relations.md), so relation types stay data:

* ``to-source``: the target fails ⇒ the source is impacted (edge target -> source);
* ``to-target``: the source fails ⇒ the target is impacted (edge source -> target);
* ``none``: no propagation (no edge).

A reference field whose schema carries ``"x-impact"`` (``Server.spec.asset``: the hardware
fails, the server fails) adds edges the same way, the document being the source and the
referenced document the target; its label is the field's name (``asset``, read "hw-01 asset
of srv-01" along a ``to-source`` arrow).

Relations of unknown types and relations to documents that do not exist add no edge.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

import networkx as nx

from cmdbgit.graph import redundancy
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Edge, Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import expand_pattern, format_path
from cmdbgit.model.relations import Impact, RelationRegistry

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
    kinds: KindRegistry,
    *,
    extra_documents: Iterable[Document] = (),
    extra_edges: Iterable[Edge] = (),
) -> FailureGraph:
    """The graph of ``inventory``. ``extra_documents``/``extra_edges`` add documents that are
    not in it (a pull request's removed documents, with their relations as they were) so the
    impact of removing them can be traced."""
    graph: FailureGraph = nx.DiGraph()
    documents = [*inventory.by_id.values(), *extra_documents]
    for doc in documents:
        if doc.id is not None and doc.id not in graph:
            graph.add_node(doc.id, **node_attributes(doc))
    redundancy.record_groups(graph, documents, kinds)
    for edge in [*inventory.edges, *extra_edges]:
        rtype = relations.get(edge.type)
        if rtype is not None:
            # ``label`` reads along the arrow: "db-01 used_by app-01", "app-01 part_of svc".
            label = rtype.inverse if rtype.impact == "to-source" else rtype.name
            _link(graph, edge.source, edge.target, rtype.impact, edge.type, label)
    directed = {k: [r for r in s.refs if r.impact != "none"] for k, s in kinds.items()}
    for doc in documents:
        for ref in directed.get(doc.kind or "", ()) if doc.id is not None else ():
            name = next(p for p in reversed(ref.pattern) if p != "*")  # "covers", not "*"
            label = f"{name} of" if ref.impact == "to-source" else name
            for path, value in expand_pattern(doc.data, ref.pattern):
                if isinstance(value, str):
                    field = format_path(path) or name
                    _link(graph, doc.id or "", value, ref.impact, field, label)
    return graph


def _link(
    graph: FailureGraph, source: str, target: str, impact: Impact, kind: str, label: str
) -> None:
    if impact == "none" or source not in graph or target not in graph:
        return
    cause, effect = (target, source) if impact == "to-source" else (source, target)
    if cause != effect and not graph.has_edge(cause, effect):
        graph.add_edge(cause, effect, type=kind, label=label)
