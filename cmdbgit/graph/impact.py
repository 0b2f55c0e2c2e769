"""Blast radius and recovery order over the failure-propagation graph.

``impact`` runs one multi-source breadth-first search from every root at once, so each
impacted document gets its distance to the nearest root and one shortest path from it.
With ``reverse`` the search follows edges backwards: what the roots need to work. The
recovery order restores dependencies first: the needed subgraph is condensed (the members of
a cycle become one group, restored together) and sorted topologically into stages; groups in
the same stage can be restored in parallel.

Only what the search reaches is read: the cost follows the blast radius, not the inventory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cmdbgit.graph import redundancy
from cmdbgit.graph.build import FailureGraph

#: Services sort by criticality (tier-1 first); unknown criticality last.
_TIER_RANK = {"tier-1": 1, "tier-2": 2, "tier-3": 3, "tier-4": 4}


def tier_rank(criticality: str) -> int:
    return _TIER_RANK.get(criticality, 9)


@dataclass(frozen=True, slots=True)
class Impacted:
    id: str
    kind: str
    name: str
    distance: int
    path: tuple[str, ...]
    #: "down" or "degraded" (docs/impact.md, redundancy); None when tracing what is needed.
    state: str | None = None
    remaining: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "distance": self.distance,
            "path": list(self.path),
            **health_json(self.state, self.remaining),
        }


@dataclass(frozen=True, slots=True)
class ServiceHit:
    """A business Service reached (a root that is a Service is reached at distance 0)."""

    id: str
    name: str
    criticality: str
    distance: int
    path: tuple[str, ...]
    state: str | None = None
    remaining: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "criticality": self.criticality or None,
            "distance": self.distance,
            "path": list(self.path),
            **health_json(self.state, self.remaining),
        }


def health_json(state: str | None, remaining: tuple[str, ...]) -> dict[str, Any]:
    return {} if state is None else {"state": state, "remaining": list(remaining)}


@dataclass(frozen=True, slots=True)
class RecoveryStep:
    stage: int
    ids: tuple[str, ...]

    @property
    def cycle(self) -> bool:
        return len(self.ids) > 1

    def to_json(self) -> dict[str, Any]:
        return {"stage": self.stage, "ids": list(self.ids), "cycle": self.cycle}


@dataclass(slots=True)
class ImpactResult:
    roots: list[str]
    impacted: list[Impacted]
    services: list[ServiceHit]
    reverse: bool = False
    depth: int | None = None
    recovery: list[RecoveryStep] = field(default_factory=list)
    #: A removed root -> the documents that still have a relation to it.
    still_used: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    #: The affected subgraph, for drawings: (cause, effect, label read along the arrow).
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    #: Kind, name and criticality of every root and impacted document.
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)

    def tier(self, criticality: str) -> list[ServiceHit]:
        return [s for s in self.services if s.criticality == criticality]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "roots": self.roots,
            "reverse": self.reverse,
            "depth": self.depth,
            "impacted": [i.to_json() for i in self.impacted],
            "services": [s.to_json() for s in self.services],
        }
        if self.reverse:
            out["recovery_order"] = [step.to_json() for step in self.recovery]
        if self.removed:
            out["removed"] = self.removed
            out["still_used"] = [
                {"id": ident, "by": users} for ident, users in sorted(self.still_used.items())
            ]
        return out


def impact(
    graph: FailureGraph,
    roots: Iterable[str],
    *,
    depth: int | None = None,
    reverse: bool = False,
) -> ImpactResult:
    """Everything the roots impact (or, with ``reverse``, need), within ``depth`` hops."""
    start = sorted({r for r in roots if r in graph})
    parents = _bfs(graph, start, depth, reverse)
    health = {} if reverse else redundancy.states(graph, parents, start)
    impacted: list[Impacted] = []
    services: list[ServiceHit] = []
    nodes = {n: graph.attributes(n) for n in parents}
    for node, (distance, _parent) in parents.items():
        attrs = nodes[node]
        path = _path(parents, node)
        hit = health.get(node)
        state, remaining = (hit.state, hit.remaining) if hit else (None, ())
        if distance > 0:
            impacted.append(
                Impacted(node, attrs["kind"], attrs["name"], distance, path, state, remaining)
            )
        if attrs["kind"] == "Service":
            services.append(
                ServiceHit(
                    node, attrs["name"], attrs["criticality"], distance, path, state, remaining
                )
            )
    impacted.sort(key=lambda i: (i.distance, i.id))
    services.sort(key=lambda s: (tier_rank(s.criticality), s.distance, s.id))
    edges = sorted(
        (u, v, link.label) for u in parents for v, link in graph.effects(u).items() if v in parents
    )
    result = ImpactResult(
        roots=start,
        impacted=impacted,
        services=services,
        reverse=reverse,
        depth=depth,
        edges=edges,
        nodes=nodes,
    )
    if reverse:
        result.recovery = recovery_order(parents, [(u, v) for u, v, _ in edges])
    return result


def _bfs(
    graph: FailureGraph, start: list[str], depth: int | None, reverse: bool
) -> dict[str, tuple[int, str | None]]:
    """node -> (distance, parent) for every node reached; roots have distance 0."""
    step = graph.causes if reverse else graph.effects
    parents: dict[str, tuple[int, str | None]] = dict.fromkeys(start, (0, None))
    queue = deque(start)
    while queue:
        node = queue.popleft()
        distance = parents[node][0]
        if depth is not None and distance >= depth:
            continue
        for neighbour in sorted(step(node)):
            if neighbour not in parents:
                parents[neighbour] = (distance + 1, node)
                queue.append(neighbour)
    return parents


def _path(parents: dict[str, tuple[int, str | None]], node: str) -> tuple[str, ...]:
    out = [node]
    parent = parents[node][1]
    while parent is not None:
        out.append(parent)
        parent = parents[parent][1]
    return tuple(reversed(out))


def recovery_order(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[RecoveryStep]:
    """Restore order for a subgraph: causes before effects, a cycle as one group."""
    import networkx as nx  # only for --reverse: it takes a third of a second to import

    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    condensed = nx.condensation(graph)
    members: dict[int, list[str]] = {
        node: sorted(data["members"]) for node, data in condensed.nodes(data=True)
    }
    steps: list[RecoveryStep] = []
    for stage, generation in enumerate(nx.topological_generations(condensed), start=1):
        for group in sorted(generation, key=lambda g: members[g][0]):
            steps.append(RecoveryStep(stage, tuple(members[group])))
    return steps
