"""The policy layer as a validation checker, started early and run beside the other layers.

Policies are the costliest layer on a large inventory (cold at 10^5 documents, the starter
policies take more than twice as long as every other layer together), and finding their
violations only reads the inventory. So ``start`` has a forked process
(``workers.background``) find them, item by item (a policy, or the policies that read one
dependency graph: ``_by_graph``), while the validation layers run here
(and whatever the caller does before it asks for them: ``report`` builds its reports
meanwhile). The layer's turn gives the problems of the policies themselves; when the
violations are asked for (``finish``), this process finds those of the items not begun
yet, then *settles* them all: makes each a problem and applies the exceptions. A violation
travels back as indices into the inventory's documents.

Placing the problems at the end of the judgement (``validate.placing``) re-reads each
flagged document whose positions are not remembered (milliseconds each: ~1 s for a few
hundred warnings). What it finds depends on the file's text alone, so the forked process
also re-reads the documents it flagged (``Locator.ahead``), in file order as far as the
located-documents budget would reach, and sends their positions back; placing takes them in
place of re-reading (``Locator.offer``), charging the same budget, so which documents get
positions is still decided by placing alone.
"""

from __future__ import annotations

import os
import time

from cmdbgit.model.document import Document
from cmdbgit.model.paths import FieldPath
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import Suppressed
from cmdbgit.parse.locator import LOCATE_BUDGET
from cmdbgit.parse.parsed import Positions
from cmdbgit.policy.context import Facts, Violation
from cmdbgit.policy.engine import dangling_exceptions, facts_for, find, policy_owners, settle
from cmdbgit.policy.loader import Policy, PolicySet
from cmdbgit.store.costs import costliest_first, read_costs, write_costs
from cmdbgit.validate.context import CheckContext
from cmdbgit.workers import worker_count
from cmdbgit.workers.background import Background

#: Below this many documents the policies take milliseconds: no process is forked (nor
#: with ``CMDBGIT_WORKERS=1``: then they are found in their turn, as everywhere else).
BACKGROUND_MIN_DOCUMENTS = 5_000

#: A violation with its documents as indices into ``inventory.documents``.
Portable = tuple[int, FieldPath, str, bool, tuple[tuple[int, FieldPath], ...]]
#: A document's slice located ahead: its index, the characters re-read, its positions.
Ahead = tuple[int, int, Positions | None]
#: What a process finds of one policy: its violations (None: found again here), the slices
#: it located ahead and the seconds it took.
Found = tuple[list[Portable] | None, list[Ahead], float]


class PolicyLayer:
    """Problems of the policies; the problems their exceptions waive go to ``sink``."""

    def __init__(self, policies: PolicySet, sink: list[Suppressed]) -> None:
        self._policies = policies
        self._sink = sink
        self._pending: Background[tuple[int, ...], list[Found]] | None = None
        #: The work items the two processes take, as positions in the policies.
        self._items: list[tuple[int, ...]] = []

    def start(self, ctx: CheckContext) -> None:
        """Begin finding violations beside the layers that run before this one, the policies
        that took longest last time first (``store.costs``)."""
        large = len(ctx.inventory.documents) >= BACKGROUND_MIN_DOCUMENTS
        policies = self._policies.policies
        if policies and large and worker_count() >= 2:
            costs = read_costs(ctx.loaded.cache_root)
            self._items = _by_graph(policies, costliest_first([p.id for p in policies], costs))
            finder = _Finder(ctx, policies)
            self._pending = Background(finder.item, self._items)

    def __call__(self, ctx: CheckContext) -> list[Problem]:
        """In the layer's turn: the problems of the policies themselves (malformed ones,
        exceptions naming nothing, owners), none of which waits for the violations."""
        return [
            *self._policies.problems,
            *dangling_exceptions(ctx, self._policies),
            *policy_owners(ctx, self._policies),
        ]

    def finish(self, ctx: CheckContext) -> list[Problem]:
        """The violations, settled (the caller may have done other work since the layer's
        turn); what each policy took is remembered for the next run's order."""
        policies = self._policies.policies
        if self._pending is not None:
            results = self._pending.results()
            self._pending = None
            placed = {
                at: found
                for item, item_found in zip(self._items, results, strict=True)
                for at, found in zip(item, item_found, strict=True)
            }
            by_policy = [placed[at] for at in range(len(policies))]
            write_costs(
                ctx.loaded.cache_root,
                {p.id: f[2] for p, f in zip(policies, by_policy, strict=True)},
            )
            found = _restored(ctx, policies, by_policy)
        else:
            found = find(ctx, policies)
        outcome = settle(ctx, policies, found)
        self._sink[:] = outcome.suppressed
        return outcome.problems


class _Finder:
    """One policy's violations at a time, portable; what they share (the facts, the index of
    the documents) is built once in each process that finds any."""

    def __init__(self, ctx: CheckContext, policies: list[Policy]) -> None:
        self._ctx = ctx
        self._policies = policies
        self._facts: Facts | None = None
        self._index: dict[int, int] | None = None
        self._home = os.getpid()
        #: What locating ahead may still cost: more than one run locates is never used.
        self._documents_left = ctx.rules.config.limits.max_located_documents
        self._characters_left = LOCATE_BUDGET

    def item(self, which: tuple[int, ...]) -> list[Found]:
        """``portable`` of each policy of one work item, in turn."""
        return [self.portable(at) for at in which]

    def portable(self, which: int) -> Found:
        """The violations of policy ``which`` — None when one names a document that is not in
        the inventory (then the layer's own process finds them again in its turn) — and, in
        the forked process, their documents' slices located ahead."""
        started = time.perf_counter()
        if self._facts is None:
            self._facts = facts_for(self._ctx)
        (violations,) = find(self._ctx, [self._policies[which]], self._facts)
        if not violations:
            return [], [], time.perf_counter() - started
        if self._index is None:
            self._index = {id(doc): i for i, doc in enumerate(self._ctx.inventory.documents)}
        index = self._index
        if any(id(doc) not in index for v in violations for doc in _documents(v)):
            return None, [], time.perf_counter() - started
        portable = [
            (
                index[id(v.doc)],
                v.path,
                v.message,
                v.at_key,
                tuple((index[id(doc)], path) for doc, path in v.related),
            )
            for v in violations
        ]
        # Here, in the layer's own process, placing locates them anyway: nothing to gain.
        ahead = self._ahead(violations) if os.getpid() != self._home else []
        return portable, ahead, time.perf_counter() - started

    def _ahead(self, violations: list[Violation]) -> list[Ahead]:
        """The slices of the documents ``violations`` name that placing may re-read, as far
        as what is left of the budget and count reaches (estimated here: the layers spend
        some of them meanwhile in the other process)."""
        assert self._index is not None
        locator = self._ctx.loaded.locator
        flagged = {(doc.file, doc.index): doc for v in violations for doc in _documents(v)}
        docs, self._characters_left, self._documents_left = locator.to_read(
            [flagged[key] for key in sorted(flagged)],  # placing's order
            budget=self._characters_left,
            left=self._documents_left,
        )
        out: list[Ahead] = []
        for doc in docs:
            found = locator.ahead(doc)
            if found is not None:
                locator.offer(doc.file, doc.index, *found)  # not re-read if named again
                out.append((self._index[id(doc)], *found))
        return out


def _by_graph(policies: list[Policy], order: list[int]) -> list[tuple[int, ...]]:
    """The policies in ``order`` as work items: those that read the same dependency graph
    in one item, where the first of them stands, so one process builds that graph and runs
    them all with it (two processes each building their own copy cost a fifth of a second
    at 10^5 documents); every other policy alone."""
    items: list[list[int]] = []
    sharing: dict[frozenset[str] | None, list[int]] = {}
    for at in order:
        graphs = policies[at].graphs()
        if not graphs:
            items.append([at])
            continue
        item = sharing.get(graphs[0])
        if item is None:
            item = sharing[graphs[0]] = [at]
            items.append(item)
        else:
            item.append(at)
    return [tuple(item) for item in items]


def _documents(violation: Violation) -> list[Document]:
    return [violation.doc, *(doc for doc, _ in violation.related)]


def _restored(
    ctx: CheckContext, policies: list[Policy], found: list[Found]
) -> list[list[Violation]]:
    documents: list[Document] = ctx.inventory.documents
    locator = ctx.loaded.locator
    out = []
    for policy, (violations, ahead, _seconds) in zip(policies, found, strict=True):
        for number, cost, positions in ahead:
            doc = documents[number]
            locator.offer(doc.file, doc.index, cost, positions)
        if violations is None:
            out.append(find(ctx, [policy])[0])
            continue
        out.append(
            [
                Violation(
                    documents[doc],
                    path,
                    message,
                    at_key,
                    tuple((documents[other], where) for other, where in related),
                )
                for doc, path, message, at_key, related in violations
            ]
        )
    return out
