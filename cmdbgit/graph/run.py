"""``cmdbgit impact``: the blast radius of documents, or of a change (``--since BASE``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from cmdbgit.diff.compared import Side, load_compared
from cmdbgit.diff.model import DiffResult
from cmdbgit.diff.run import resolve_range
from cmdbgit.diff.semantic import diff_inventories
from cmdbgit.errors import ConfigError, UsageError
from cmdbgit.gcpause import keep_out_of_gc, no_gc
from cmdbgit.graph.build import failure_graph
from cmdbgit.graph.impact import ImpactResult, impact
from cmdbgit.graph.outlined import HeadFile, OutlinedInventory
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Edge, Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.relations import RelationRegistry
from cmdbgit.model.suggest import did_you_mean
from cmdbgit.source import open_repo, source_for
from cmdbgit.source.gitref import list_soon
from cmdbgit.workspace import RuleSet, load_documents, load_ruleset


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
    head: Inventory | OutlinedInventory,
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
        list_soon(handle, rng.base)  # while the head is listed
        if rng.head is not None:
            list_soon(handle, rng.head)
        head_source = source_for(handle, rng.head)
        try:
            head_rules: RuleSet | ConfigError = load_ruleset(head_source)
        except ConfigError as exc:
            head_rules = exc
        sources = source_for(handle, rng.base), head_source
        load_ruleset(sources[0])  # the base's rules must load (their error first, as always)
        if isinstance(head_rules, ConfigError):
            raise head_rules
        # Read where the two differ; the rest of the head in outline (``graph.outlined``).
        base_side, head_side = load_compared(
            handle, rng.base, rng.head, sources=sources, with_documents=True, screened=False
        )
        base = base_side.loaded.inventory
        diff = diff_inventories(base, head_side.loaded.inventory, rng.base, rng.head_label)
        return change_impact(
            diff,
            base,
            _head(head_side),
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


def _head(side: Side) -> OutlinedInventory:
    """The whole head for its failure graph: the files read in full as they are, the others
    from their outlines."""
    by_file: dict[str, list[Document]] = {}
    for doc in side.loaded.documents:
        by_file.setdefault(doc.file, []).append(doc)
    files: list[HeadFile] = []
    for entry in side.files:
        found = side.outlines.get(entry.path)
        if entry.path in by_file:
            files.append(by_file[entry.path])
        elif found is not None and found.documents is not None:
            files.append((entry.path, found.documents))
    with no_gc():
        head = OutlinedInventory(files)
        keep_out_of_gc(len(head.by_id))
    return head
