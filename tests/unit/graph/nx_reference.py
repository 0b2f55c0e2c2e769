"""The impact computation as it was on a networkx graph of the whole inventory: the oracle
the plain-adjacency graph (``cmdbgit.graph.build``) must agree with, kept verbatim but for
imports. Test code only: nothing in ``cmdbgit`` may import it."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from typing import TypeAlias

import networkx as nx

from cmdbgit.graph.build import node_attributes
from cmdbgit.graph.impact import Impacted, ImpactResult, RecoveryStep, ServiceHit, tier_rank
from cmdbgit.graph.redundancy import DEGRADED, DOWN, Health, _milder, _worse
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Edge, Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import expand_pattern, format_path
from cmdbgit.model.relations import Impact, RelationRegistry

FailureGraph: TypeAlias = "nx.DiGraph[str]"
GROUPS = "redundancy_groups"


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
    record_groups(graph, documents, kinds)
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


def record_groups(graph: FailureGraph, documents: Iterable[Document], kinds: KindRegistry) -> None:
    """Remember every redundancy group of ``documents`` on the graph (for ``states``)."""
    marked = {kind: s.at_most_incoming for kind, s in kinds.items() if s.at_most_incoming}
    groups: dict[str, tuple[int, str]] = {}
    for doc in documents:
        for path, relation in marked.get(doc.kind or "", ()) if doc.id else ():
            value: object = doc.data
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, int) and not isinstance(value, bool) and doc.id:
                groups[doc.id] = (value, relation)
    graph.graph[GROUPS] = groups


class _States:
    def __init__(self, graph: FailureGraph, reached: Iterable[str], roots: Iterable[str]) -> None:
        self.graph = graph
        self.reached = set(reached)
        groups: dict[str, tuple[int, str]] = graph.graph.get(GROUPS, {})
        self.quorum = {g: q for g, (q, _) in groups.items() if g in self.reached}
        self.members: dict[str, set[str]] = {
            g: {p for p in graph.predecessors(g) if graph[p][g].get("type") == rel}
            for g, (_, rel) in groups.items()
            if g in self.reached
        }
        self.groups_of: dict[str, list[str]] = defaultdict(list)
        for group, members in sorted(self.members.items()):
            for member in members:
                self.groups_of[member].append(group)
        self.lost: dict[str, int] = dict.fromkeys(self.members, 0)
        self.roots = set(roots)
        self.state: dict[str, str | None] = {}
        for root in self.roots:
            self.set(root, DOWN)

    def set(self, node: str, state: str | None) -> None:
        if state == DOWN and self.state.get(node) != DOWN:
            for group in self.groups_of.get(node, ()):
                self.lost[group] += 1
        self.state[node] = state

    def carried(self, cause: str, effect: str) -> str | None:
        """How badly ``cause`` failing hits ``effect`` along their edge."""
        state = self.state.get(cause)
        groups = self.groups_of.get(cause)
        if state is None or not groups:
            return state
        if any(effect == g or effect in self.members[g] for g in groups):
            return state
        worst: str | None = None
        for group in groups:
            worst = _worse(worst, _milder(state, self.state.get(group)))
        return worst

    def remaining(self, group: str) -> list[str]:
        return sorted(m for m in self.members[group] if self.state.get(m) != DOWN)

    def _hit(self, cause: str, effect: str) -> str | None:
        """The state ``cause`` gives ``effect`` now (a group counts its members left)."""
        if cause in self.members.get(effect, ()):
            left = len(self.members[effect]) - self.lost[effect]
            return DOWN if left < self.quorum[effect] else DEGRADED
        return self.carried(cause, effect)

    def solve(self) -> None:
        """Push every change along the edges to the least fixed point: a state only ever gets
        worse, so each document changes at most twice and each edge is followed as often."""
        queue = deque(sorted(self.roots))
        while queue:
            node = queue.popleft()
            causes = [
                node,
                *sorted(self.members.get(node, ())),
            ]  # a group's state moves its members'
            for cause in causes:
                for effect in sorted(self.graph.successors(cause)):
                    if effect in self.roots or effect not in self.reached:
                        continue
                    old = self.state.get(effect)
                    new = _worse(old, self._hit(cause, effect))
                    if new != old:
                        self.set(effect, new)
                        queue.append(effect)

    def health(self) -> dict[str, Health]:
        holding: dict[str, set[str]] = {
            g: set(self.remaining(g)) for g in self.members if self.state.get(g) == DEGRADED
        }
        # What keeps a degraded document up: the members left in the groups it hangs on.
        changed = True
        while changed:
            changed = False
            for node in self.reached:
                if self.state.get(node) != DEGRADED or node in self.members:
                    continue
                found = set(holding.get(node, ()))
                for pred in self.graph.predecessors(node):
                    if pred in self.reached and self.carried(pred, node) == DEGRADED:
                        found |= holding.get(pred, set())
                        for group in self.groups_of.get(pred, ()):
                            found |= holding.get(group, set())
                if found != holding.get(node, set()):
                    holding[node] = found
                    changed = True
        return {
            node: Health(state, tuple(sorted(holding.get(node, ()))) if state == DEGRADED else ())
            for node in self.reached
            if (state := self.state.get(node) or DOWN)
        }


def states(graph: FailureGraph, reached: Iterable[str], roots: Iterable[str]) -> dict[str, Health]:
    """The state of every reached document (the roots failed)."""
    solver = _States(graph, reached, roots)
    solver.solve()
    return solver.health()


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
    health = {} if reverse else states(graph, parents, start)
    impacted: list[Impacted] = []
    services: list[ServiceHit] = []
    for node, (distance, _parent) in parents.items():
        attrs = graph.nodes[node]
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
    sub = graph.subgraph(parents)
    result = ImpactResult(
        roots=start,
        impacted=impacted,
        services=services,
        reverse=reverse,
        depth=depth,
        edges=sorted((u, v, str(data.get("label", ""))) for u, v, data in sub.edges(data=True)),
        nodes={n: dict(graph.nodes[n]) for n in parents},
    )
    if reverse:
        result.recovery = recovery_order(sub)
    return result


def _bfs(
    graph: FailureGraph, start: list[str], depth: int | None, reverse: bool
) -> dict[str, tuple[int, str | None]]:
    """node -> (distance, parent) for every node reached; roots have distance 0."""
    step = graph.predecessors if reverse else graph.successors
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


def recovery_order(graph: FailureGraph) -> list[RecoveryStep]:
    """Restore order for a subgraph: causes before effects, a cycle as one group."""
    condensed = nx.condensation(graph)
    members: dict[int, list[str]] = {
        node: sorted(data["members"]) for node, data in condensed.nodes(data=True)
    }
    steps: list[RecoveryStep] = []
    for stage, generation in enumerate(nx.topological_generations(condensed), start=1):
        for group in sorted(generation, key=lambda g: members[g][0]):
            steps.append(RecoveryStep(stage, tuple(members[group])))
    return steps
