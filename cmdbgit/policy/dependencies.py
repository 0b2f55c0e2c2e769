"""What depends on what, derived from the relationship registry (never from type names).

A relation's ``impact`` says how failure propagates; dependency runs the other way:

- ``to-source`` (the target fails ⇒ the source is impacted): the source depends on the target;
- ``to-target`` (the source fails ⇒ the target is impacted): the target depends on the source
  (a service depends on the applications that are ``part_of`` it);
- ``none``: no dependency.

The searches here visit each edge once for *all* starting points together (multi-source BFS),
so a rule over 100k documents costs one pass over the graph, not one search per document.
Cycles are the ``cycle`` layer's business; a visited set makes them harmless here.
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
    is the id of the document whose ``relations`` list holds the edge. Never changed once
    built, but not ``frozen``: a graph of 10^5 documents builds ~2×10^5 steps, and a frozen
    dataclass's ``__init__`` costs three times as much."""

    target: str
    edge: Edge

    @property
    def written_on(self) -> str:
        return self.edge.source


class DependencyGraph:
    def __init__(
        self, inventory: Inventory, relations: RelationRegistry, via: frozenset[str] | None
    ) -> None:
        self.needs: dict[str, list[Step]] = {}
        self.needed_by: dict[str, list[str]] = {}
        known = inventory.by_id
        # The direction of each followed type, looked up once (2×10^5 edges at 10^5 documents).
        impact = {
            name: t.impact for name, t in relations.types.items() if via is None or name in via
        }
        needs, needed_by = self.needs, self.needed_by
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
            step = Step(used, edge)
            steps = needs.get(user)
            if steps is None:
                needs[user] = [step]
            else:
                steps.append(step)
            users = needed_by.get(used)
            if users is None:
                needed_by[used] = [user]
            else:
                users.append(user)
        # Most documents have one dependency and one user: only longer lists need sorting.
        for steps in needs.values():
            if len(steps) > 1:
                steps.sort(key=_step_order)
        for users in needed_by.values():
            if len(users) > 1:
                users.sort()

    def toward(self, targets: Iterable[str]) -> Routes:
        """Shortest routes from every document that (transitively) depends on one of
        ``targets`` to the nearest of them: one breadth-first pass over reversed edges."""
        goal = sorted(set(targets))
        distance = dict.fromkeys(goal, 0)
        nearest = {g: g for g in goal}
        first: dict[str, Step] = {}
        queue = deque(goal)
        while queue:
            node = queue.popleft()
            for user in self.needed_by.get(node, ()):
                if user in distance:
                    continue
                distance[user] = distance[node] + 1
                nearest[user] = nearest[node]
                first[user] = next(s for s in self.needs[user] if s.target == node)
                queue.append(user)
        return Routes(self, frozenset(goal), distance, nearest, first)

    def closure(self, sources: Iterable[str]) -> dict[str, str]:
        """Every document some source depends on (directly or not), each with the source that
        reaches it first; sources map to themselves. One breadth-first pass."""
        origin = {s: s for s in sorted(set(sources))}
        queue = deque(origin)
        while queue:
            node = queue.popleft()
            for step in self.needs.get(node, ()):
                if step.target not in origin:
                    origin[step.target] = origin[node]
                    queue.append(step.target)
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
    first: dict[str, Step]

    def route(self, start: str, limit: int = 8) -> Route | None:
        """A shortest dependency path of at least one edge from ``start`` to a goal, or None.

        Only its first ``limit`` steps are walked, so naming the paths of every document
        costs O(limit) each, even along very long chains."""
        if start in self.goals:
            # A goal itself: continue through whichever dependency is nearest a goal.
            options = [s for s in self.graph.needs.get(start, ()) if s.target in self.distance]
            if not options:
                return None
            step = min(options, key=lambda s: (self.distance[s.target], s.target))
        elif start in self.first:
            step = self.first[start]
        else:
            return None
        length = 1 + self.distance[step.target]
        steps = [step]
        while steps[-1].target not in self.goals and len(steps) < limit:
            steps.append(self.first[steps[-1].target])
        return Route(steps, length, self.nearest[step.target])
