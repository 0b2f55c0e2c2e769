"""Evaluating policies over one inventory: rules yield violations, the engine does the rest.

For each policy the engine selects the documents its ``match`` names, runs the rule (or the
``assert`` schema), stamps every violation with the rule id ``policy/<id>`` and the policy's
severity, locates it, and applies the policy's exceptions (docs/policies.md):

- a waiver is valid through its ``expires`` day; a waived problem goes to ``suppressed`` with
  the exception's reason and expiry, and is counted there, not among the problems;
- after ``expires`` the problem is reported again and says when its exception expired;
- an exception naming no document of the inventory is a ``policy-exception`` warning at the
  exception, so stale waivers are cleaned up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cmdbgit.model.problem import Problem
from cmdbgit.model.result import Suppressed
from cmdbgit.policy.context import Facts, RuleContext, Violation
from cmdbgit.policy.loader import Policy, PolicySet
from cmdbgit.policy.model import PolicyException
from cmdbgit.validate.context import CheckContext
from cmdbgit.validate.placing import place

DANGLING_EXCEPTION = "policy-exception"
OWNER = "owner"


@dataclass(slots=True)
class Outcome:
    problems: list[Problem] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)


def facts_for(ctx: CheckContext) -> Facts:
    loaded = ctx.loaded
    inventory = ctx.inventory
    if not loaded.broken and not inventory.duplicates:
        # The common case: every document judged is its id's only definition, so the
        # inventory's kind index holds exactly them, in the same order.
        documents = [d for d in inventory.documents if d.kind is not None and d.id is not None]
        by_kind = inventory.by_kind
    else:
        documents = [
            d
            for d in inventory.documents
            # every definition of a duplicate id too: each is judged on its own
            if d.kind is not None and d.id is not None and not loaded.is_broken(d)
        ]
        by_kind = None
    return Facts(inventory, ctx.rules.kinds, ctx.rules.relations, ctx.as_of, documents, by_kind)


def evaluate(ctx: CheckContext, policies: Iterable[Policy], facts: Facts | None = None) -> Outcome:
    """Problems and suppressed problems of ``policies`` (malformed ones are not included),
    placed (``validate.placing``)."""
    policies = list(policies)
    outcome = settle(ctx, policies, find(ctx, policies, facts))
    problems, suppressed = place(ctx, outcome.problems, outcome.suppressed)
    return Outcome(problems, suppressed)


def find(
    ctx: CheckContext, policies: list[Policy], facts: Facts | None = None
) -> list[list[Violation]]:
    """Each policy's violations, as its rule finds them: reading the inventory only, so this
    part may run in another process (``policy.layer``)."""
    facts = facts or facts_for(ctx)
    settled = ctx.settled
    found = []
    for policy in policies:
        selected = facts.select(policy.spec.match)
        if settled and policy.document_local:  # files it found clean before (verdicts)
            selected = [doc for doc in selected if doc.file not in settled]
        found.append(list(policy.violations(RuleContext(selected, facts))))
    return found


def settle(ctx: CheckContext, policies: list[Policy], found: list[list[Violation]]) -> Outcome:
    """The violations ``find`` gave, as problems sorted by the policies' exceptions into
    problems and waived problems."""
    outcome = Outcome()
    for policy, violations in zip(policies, found, strict=True):
        waivers = _waivers(policy.spec.exceptions)
        for violation in violations:
            waiver = waivers.get(violation.doc.id or "")
            if waiver is None:
                outcome.problems.append(_problem(ctx, policy, violation))
            elif ctx.as_of <= waiver.expires:
                problem = _problem(ctx, policy, violation)
                outcome.suppressed.append(
                    Suppressed(problem, waiver.reason, waiver.expires.isoformat())
                )
            else:
                expired = f" (exception expired on {waiver.expires})"
                outcome.problems.append(_problem(ctx, policy, violation, expired))
    return outcome


def dangling_exceptions(ctx: CheckContext, policies: PolicySet) -> list[Problem]:
    out = []
    for policy in policies.policies:
        for index, exception in enumerate(policy.spec.exceptions):
            if exception.id in ctx.inventory.by_id:
                continue
            path = ("spec", "exceptions", index, "id")
            line, column = policies.location(policy.document, path)
            out.append(
                Problem(
                    policy.document.file,
                    line,
                    column,
                    DANGLING_EXCEPTION,
                    "warning",
                    f"exception of policy {policy.id!r} names no document: {exception.id!r}",
                    id=policy.id,
                    path=f"spec.exceptions[{index}].id",
                )
            )
    return out


def policy_owners(ctx: CheckContext, policies: PolicySet) -> list[Problem]:
    """A policy's owner is checked like a document's: it must name a Team of the inventory
    (rule ``owner``), so a policy nobody answers for is caught where it is written."""
    out = []
    for policy in policies.policies:
        owner = policy.document.metadata.get("owner")
        if not isinstance(owner, str):
            continue
        target = ctx.inventory.get(owner)
        if target is not None and target.kind == "Team":
            continue
        found = "names no document" if target is None else f"is a {target.kind}, not a Team"
        line, column = policies.location(policy.document, ("metadata", "owner"))
        out.append(
            Problem(
                policy.document.file,
                line,
                column,
                OWNER,
                "error",
                f"owner {owner!r} of policy {policy.id!r} {found}",
                id=policy.id,
                path="metadata.owner",
            )
        )
    return out


def _waivers(exceptions: list[PolicyException]) -> dict[str, PolicyException]:
    """One waiver per document: when several name it, the one that lasts longest."""
    out: dict[str, PolicyException] = {}
    for exception in exceptions:
        current = out.get(exception.id)
        if current is None or exception.expires > current.expires:
            out[exception.id] = exception
    return out


def _problem(ctx: CheckContext, policy: Policy, violation: Violation, note: str = "") -> Problem:
    message = violation.message
    if policy.spec.message:
        message = f"{policy.spec.message}: {message}"
    message += note
    related = tuple(ctx.location(doc, path) for doc, path in violation.related)
    return ctx.problem(
        policy.problem_rule,
        violation.doc,
        violation.path,
        message,
        severity=policy.spec.severity,
        at_key=violation.at_key,
        related=related,
    )
