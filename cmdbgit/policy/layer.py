"""The policy layer as a validation checker, started early and run beside the other layers.

Policies are the costliest layer on a large inventory (the starter policies take about as
long as every other layer together at 10^5 documents), and finding their violations only
reads the inventory. So ``start`` finds them in a forked process (``background``) while the
validation layers run here, and the layer's turn only *settles* them: locates each violation
and applies the exceptions, in the order they were found — the order a serial run locates
them in, so the located-documents budget is spent alike and the result is the same to the
byte. A violation travels back as indices into the inventory's documents.
"""

from __future__ import annotations

from cmdbgit.background import Background
from cmdbgit.model.document import Document
from cmdbgit.model.paths import FieldPath
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import Suppressed
from cmdbgit.policy.context import Violation
from cmdbgit.policy.engine import dangling_exceptions, find, policy_owners, settle
from cmdbgit.policy.loader import PolicySet
from cmdbgit.source.batch import worker_count
from cmdbgit.validate.context import CheckContext

#: Below this many documents the policies take milliseconds: no process is forked (nor
#: with ``CMDBGIT_WORKERS=1``: then they are found in their turn, as everywhere else).
BACKGROUND_MIN_DOCUMENTS = 5_000

#: A violation with its documents as indices into ``inventory.documents``.
Portable = tuple[int, FieldPath, str, bool, tuple[tuple[int, FieldPath], ...]]


class PolicyLayer:
    """Problems of the policies; the problems their exceptions waive go to ``sink``."""

    def __init__(self, policies: PolicySet, sink: list[Suppressed]) -> None:
        self._policies = policies
        self._sink = sink
        self._pending: Background[list[list[Portable]]] | None = None

    def start(self, ctx: CheckContext) -> None:
        """Begin finding violations beside the layers that run before this one."""
        large = len(ctx.inventory.documents) >= BACKGROUND_MIN_DOCUMENTS
        if self._policies.policies and large and worker_count() >= 2:
            policies = self._policies.policies
            self._pending = Background(lambda: _portable(ctx, find(ctx, policies)))

    def __call__(self, ctx: CheckContext) -> list[Problem]:
        policies = self._policies.policies
        if self._pending is not None:
            found = _restored(ctx, self._pending.result())
            self._pending = None
        else:
            found = find(ctx, policies)
        outcome = settle(ctx, policies, found)
        self._sink[:] = outcome.suppressed
        return [
            *self._policies.problems,
            *outcome.problems,
            *dangling_exceptions(ctx, self._policies),
            *policy_owners(ctx, self._policies),
        ]


def _portable(ctx: CheckContext, found: list[list[Violation]]) -> list[list[Portable]]:
    """``found`` without its documents (a document not in the inventory raises, and the
    caller finds the violations itself)."""
    if not any(found):
        return [[] for _ in found]
    index = {id(doc): i for i, doc in enumerate(ctx.inventory.documents)}
    return [
        [
            (
                index[id(v.doc)],
                v.path,
                v.message,
                v.at_key,
                tuple((index[id(doc)], path) for doc, path in v.related),
            )
            for v in violations
        ]
        for violations in found
    ]


def _restored(ctx: CheckContext, portable: list[list[Portable]]) -> list[list[Violation]]:
    documents: list[Document] = ctx.inventory.documents
    return [
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
        for violations in portable
    ]
