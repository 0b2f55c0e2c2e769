"""Redundancy: whether what a failure reaches is *down* or only *degraded*.

A kind whose schema marks an integer field ``"x-at-most-incoming": "<relation>"`` (a
``Cluster``'s ``min_healthy`` over ``member_of``) is a redundancy group: it works while at
least that many of its members (the sources of that relation) still work. Read from the
schemas, so a user kind can be a group too.

States, over the documents an impact search reached (the roots are *down*):

* a group is *down* when fewer than its quorum of members remain (a member that is *down* is
  lost; a *degraded* one still works), else *degraded*;
* a member's failure reaches the group in full, but everything else it reaches (a
  ``part_of`` service, say) only as badly as the group is hit: the other members carry the
  load. Between members of the same group a failure travels in full: a standby that
  ``depends_on`` its primary fails with it, as the inventory says;
* any other document is as bad as the worst failure that reaches it.

``remaining`` names, for a degraded group, the members still working, and for a degraded
document the members of the degraded groups that keep it up.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cmdbgit.model.kinds import KindRegistry

if TYPE_CHECKING:
    from cmdbgit.graph.build import FailureGraph

DOWN, DEGRADED = "down", "degraded"
_RANK = {None: 0, DEGRADED: 1, DOWN: 2}


def groups(
    documents: Iterable[tuple[str, str | None, object]], kinds: KindRegistry
) -> dict[str, tuple[int, str]]:
    """Every redundancy group among ``(id, kind, data)``: id -> (quorum, relation type)."""
    marked = {kind: s.at_most_incoming for kind, s in kinds.items() if s.at_most_incoming}
    found: dict[str, tuple[int, str]] = {}
    for ident, kind, data in documents if marked else ():
        for path, relation in marked.get(kind or "", ()) if ident else ():
            value: object = data
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, int) and not isinstance(value, bool):
                found[ident] = (value, relation)
    return found


@dataclass(frozen=True, slots=True)
class Health:
    state: str
    remaining: tuple[str, ...] = ()


def _worse(a: str | None, b: str | None) -> str | None:
    return a if _RANK[a] >= _RANK[b] else b


def _milder(a: str | None, b: str | None) -> str | None:
    return a if _RANK[a] <= _RANK[b] else b


class _States:
    def __init__(self, graph: FailureGraph, reached: Iterable[str], roots: Iterable[str]) -> None:
        self.graph = graph
        self.reached = set(reached)
        groups = graph.groups
        self.quorum = {g: q for g, (q, _) in groups.items() if g in self.reached}
        graph.index_causes(self.quorum)
        self.members: dict[str, set[str]] = {
            g: {p for p, link in graph.causes(g).items() if link.type == rel}
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
                for effect in sorted(self.graph.effects(cause)):
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
        causes = self.graph.causes_among(self.reached)
        changed = True
        while changed:
            changed = False
            for node in self.reached:
                if self.state.get(node) != DEGRADED or node in self.members:
                    continue
                found = set(holding.get(node, ()))
                for pred in causes[node]:
                    if self.carried(pred, node) == DEGRADED:
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
