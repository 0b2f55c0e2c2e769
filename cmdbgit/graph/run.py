"""``cmdbgit impact``: the blast radius of documents, or of a change (``--since BASE``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from cmdbgit.diff.model import DiffResult
from cmdbgit.diff.run import resolve_range
from cmdbgit.diff.semantic import diff_inventories
from cmdbgit.errors import UsageError
from cmdbgit.graph.build import failure_graph
from cmdbgit.graph.impact import ImpactResult, impact
from cmdbgit.model.inventory import Edge, Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.relations import RelationRegistry
from cmdbgit.model.suggest import did_you_mean
from cmdbgit.source import open_repo, source_for
from cmdbgit.workspace import load_documents, load_ruleset


@dataclass(frozen=True, slots=True)
class ImpactOptions:
    repo: Path
    ids: tuple[str, ...] = ()
    since: str | None = None
    head: str | None = None
    depth: int | None = None
    reverse: bool = False


def change_roots(diff: DiffResult) -> list[str]:
    """Changed and removed documents (a pure move changes nothing a failure follows)."""
    return [c.id for c in diff.changes if c.op != "added" and c.changed_content]


def change_impact(
    diff: DiffResult,
    base: Inventory,
    head: Inventory,
    relations: RelationRegistry,
    kinds: KindRegistry,
    *,
    depth: int | None = None,
    reverse: bool = False,
) -> ImpactResult:
    """The impact of a change, traced through the head's graph plus what the change took
    away: removed documents with their relations as they were, and relations removed from
    changed documents (what used to depend on them is affected too)."""
    removed = [c.id for c in diff.changes if c.op == "removed"]
    gone = set(removed)
    extra_edges = [e for e in base.edges if e.source in gone]
    extra_edges += [Edge(e.source, e.type, e.target, -1) for e in diff.relations_removed]
    graph = failure_graph(
        head,
        relations,
        kinds,
        extra_documents=[base.by_id[r] for r in removed],
        extra_edges=extra_edges,
    )
    result = impact(graph, change_roots(diff), depth=depth, reverse=reverse)
    result.removed = removed
    users: dict[str, set[str]] = defaultdict(set)
    for edge in head.edges:
        if edge.target in gone:
            users[edge.target].add(edge.source)
    result.still_used = {ident: sorted(by) for ident, by in users.items()}
    return result


def run_impact(options: ImpactOptions) -> ImpactResult:
    if options.ids and options.since:
        raise UsageError("give document IDs or --since BASE, not both")
    if not options.ids and not options.since:
        raise UsageError("give one or more document IDs, or --since BASE")
    if options.depth is not None and options.depth < 1:
        raise UsageError("--depth must be at least 1")
    handle = open_repo(options.repo)
    if options.since:
        rng = resolve_range(handle, options.since, options.head)
        base_source = source_for(handle, rng.base)
        head_source = source_for(handle, rng.head)
        base_rules, head_rules = load_ruleset(base_source), load_ruleset(head_source)
        base = load_documents(base_source, base_rules.config).inventory
        head = load_documents(head_source, head_rules.config).inventory
        diff = diff_inventories(base, head, rng.base, rng.head_label)
        return change_impact(
            diff,
            base,
            head,
            head_rules.relations,
            head_rules.kinds,
            depth=options.depth,
            reverse=options.reverse,
        )
    source = source_for(handle, options.head and handle.resolve(options.head).hexsha)
    rules = load_ruleset(source)
    inventory = load_documents(source, rules.config).inventory
    unknown = sorted(set(options.ids) - inventory.by_id.keys())
    if unknown:
        known = inventory.by_id.keys()
        raise UsageError(
            "; ".join(f"no document with id {i!r}{did_you_mean(i, known)}" for i in unknown)
        )
    graph = failure_graph(inventory, rules.relations, rules.kinds)
    return impact(graph, options.ids, depth=options.depth, reverse=options.reverse)
