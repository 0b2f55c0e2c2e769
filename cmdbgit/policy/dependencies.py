"""What depends on what, derived from the relationship registry (never from type names).

A relation's ``impact`` says how failure propagates; dependency runs the other way:

- ``to-source`` (the target fails ⇒ the source is impacted): the source depends on the target;
- ``to-target`` (the source fails ⇒ the target is impacted): the target depends on the source
  (a service depends on the applications that are ``part_of`` it);
- ``none``: no dependency.

The searches here visit each edge once for *all* starting points together (multi-source BFS),
so a rule over 100k documents costs one pass over the graph, not one search per document.
Cycles are the ``cycle`` layer's business; a visited set makes them harmless here.

Built for every policy run that asks (the starter ``forbid-dependency`` policy does), over
~2×10^5 edges at 10^5 documents, so the build keeps only what the searches read — who needs
what, as plain pairs — and a document's ``Step`` list (sorted, for a fixed route) is made when
a route or a closure first reads it: a search touches a fraction of the documents, and a
route is named only for a violation.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from cmdbgit.model.inventory import Edge, Inventory
from cmdbgit.model.relations import RelationRegistry


@dataclass(slots=True, unsafe_hash=True)
class Step:
    """One dependency: the document depends on ``target`` because of ``edge``. ``written_on``
    is the id of the document whose ``relations`` list holds the edge."""

    target: str
    edge: Edge

    @property
    def written_on(self) -> str:
        return self.edge.source


class DependencyGraph:
    def __init__(
        self, inventory: Inventory, relations: RelationRegistry, via: frozenset[str] | None
    ) -> None:
        #: What each document depends on, as written: (the document used, the edge).
        self._needs: dict[str, list[tuple[str, Edge]]] = {}
        #: The documents that depend on each document directly (unsorted; sorted when read).
        self._needed_by: dict[str, list[str]] = {}
        self._steps: dict[str, list[Step]] = {}
        known = inventory.by_id
        # The direction of each followed type, looked up once (2×10^5 edges at 10^5 documents).
        impact = {
            name: t.impact for name, t in relations.types.items() if via is None or name in via
        }
        needs, needed_by = self._needs, self._needed_by
        for edge in inventory.edges:
            direction = impact.get(edge.type)
            if direction is None:
                continue
            source, target = edge.source, edge.target
            if source == target or target not in known:
                continue
            if direction == "to-source":
                user, used = source, target
            elif direction == "to-target":
                user, used = target, source
            else:
                continue
            pairs = needs.get(user)
            if pairs is None:
                needs[user] = [(used, edge)]
            else:
                pairs.append((used, edge))
            users = needed_by.get(used)
            if users is None:
                needed_by[used] = [user]
            else:
                users.append(user)

    def steps(self, user: str) -> list[Step]:
        """What ``user`` depends on, in a fixed order: by target, then by the document the
        edge is written on and its place there."""
        found = self._steps.get(user)
        if found is None:
            pairs = self._needs.get(user, ())
            found = self._steps[user] = sorted(
                (Step(used, edge) for used, edge in pairs), key=_step_order
            )
        return found

    def toward(self, targets: Iterable[str]) -> Routes:
        """Shortest routes from every document that (transitively) depends on one of
        ``targets`` to the nearest of them: one breadth-first pass over reversed edges."""
        goal = sorted(set(targets))
        distance = dict.fromkeys(goal, 0)
        nearest = {g: g for g in goal}
        #: The document each one was reached from: its first step's target.
        parent: dict[str, str] = {}
        needed_by = self._needed_by
        queue = deque(goal)
        while queue:
            node = queue.popleft()
            users = needed_by.get(node)
            if users is None:
                continue
            if len(users) > 1:
                users = sorted(users)
            for user in users:
                if user in distance:
                    continue
                distance[user] = distance[node] + 1
                nearest[user] = nearest[node]
                parent[user] = node
                queue.append(user)
        return Routes(self, frozenset(goal), distance, nearest, parent)

    def closure(self, sources: Iterable[str]) -> dict[str, str]:
        """Every document some source depends on (directly or not), each with the source that
        reaches it first; sources map to themselves. One breadth-first pass."""
        origin = {s: s for s in sorted(set(sources))}
        needs = self._needs
        queue = deque(origin)
        while queue:
            node = queue.popleft()
            pairs = needs.get(node)
            if pairs is None:
                continue
            # the steps' order: by target first (several edges to one target reach it once)
            for used in sorted({used for used, _edge in pairs}):
                if used not in origin:
                    origin[used] = origin[node]
                    queue.append(used)
        return origin


def _step_order(step: Step) -> tuple[str, str, int]:
    return (step.target, step.edge.source, step.edge.index)


@dataclass(frozen=True, slots=True)
class Route:
    """The first ``steps`` of a shortest path (at most the limit asked for), its full
    ``length`` and the goal document it ends at."""

    steps: list[Step]
    length: int
    goal: str


@dataclass(frozen=True, slots=True)
class Routes:
    graph: DependencyGraph
    goals: frozenset[str]
    distance: dict[str, int]
    nearest: dict[str, str]
    #: The document each reached document was reached from (goals have none).
    parent: dict[str, str]

    def first(self, start: str) -> Step:
        """The first step of ``start``'s route: the first of its steps toward its parent."""
        toward = self.parent[start]
        return next(s for s in self.graph.steps(start) if s.target == toward)

    def route(self, start: str, limit: int = 8) -> Route | None:
        """A shortest dependency path of at least one edge from ``start`` to a goal, or None.

        Only its first ``limit`` steps are walked, so naming the paths of every document
        costs O(limit) each, even along very long chains."""
        if start in self.goals:
            # A goal itself: continue through whichever dependency is nearest a goal.
            options = [s for s in self.graph.steps(start) if s.target in self.distance]
            if not options:
                return None
            step = min(options, key=lambda s: (self.distance[s.target], s.target))
        elif start in self.parent:
            step = self.first(start)
        else:
            return None
        length = 1 + self.distance[step.target]
        steps = [step]
        while steps[-1].target not in self.goals and len(steps) < limit:
            steps.append(self.first(steps[-1].target))
        return Route(steps, length, self.nearest[step.target])
