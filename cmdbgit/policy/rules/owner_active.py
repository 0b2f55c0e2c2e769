"""The owning team of each matched document has at least one active member.

The owner is ``metadata.owner`` (a Team); its members are the Team's ``spec.members``
(Person ids); a member is active when the Person's ``spec.status`` is one of ``statuses``.
A team with no active member is an orphaned owner: nobody answers for the document.

An owner that names no document, or a document that is not a Team, is already reported by the
``dangling-reference`` and ``owner`` layers and is not judged here.

Example::

    rule: owner-active
    params: {statuses: [active]}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, StrictStr

from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.reads import SpecReads
from cmdbgit.policy.context import BuiltinRule, RuleContext, RuleParams, Violation


class Params(RuleParams):
    statuses: list[StrictStr] = Field(
        default=["active"], min_length=1, description="Person statuses that count as active"
    )


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    verdicts: dict[str, str | None] = {}  # team id -> why it has no active member (or None)
    for doc in ctx.documents:
        owner = doc.owner
        team = ctx.inventory.get(owner) if owner else None
        if owner is None or team is None or team.kind != "Team":
            continue
        if owner not in verdicts:
            verdicts[owner] = _inactive(team, ctx.inventory, params.statuses)
        reason = verdicts[owner]
        if reason is not None:
            yield Violation(
                doc,
                ("metadata", "owner"),
                f"owning team {owner!r} has no active member ({reason})",
                related=((team, ("spec", "members")),),
            )


def _inactive(team: Document, inventory: Inventory, statuses: list[str]) -> str | None:
    members = team.spec.get("members")
    if not isinstance(members, list) or not members:
        return "it lists no members"
    seen: list[str] = []
    for member in members:
        person = inventory.get(member) if isinstance(member, str) else None
        if person is None or person.kind != "Person":
            continue  # a dangling member is the references layer's finding
        status = person.spec.get("status")
        if status in statuses:
            return None
        seen.append(f"{member}: {status}")
    return "; ".join(seen) if seen else "none of its members is a known Person"


def _reads(params: Params, matched: frozenset[str] | None, kinds: KindRegistry) -> SpecReads:
    """A matched document's owner (metadata), its team's members and their status."""
    return SpecReads().add(["Team"], ["members"]).add(["Person"], ["status"])


RULE = BuiltinRule(Params, check, __doc__ or "", spec_reads=_reads)
