"""Who to ask about a change: the teams owning the impacted services and the changed documents.

A pull request must not choose whom the bot pings, so a team's GitHub handle comes from the
**base** revision's Team documents only (a team the pull request adds, or a handle it edits,
shows without one) and must match ``HANDLE``. The report writes handles as code (no
notification); only the privileged comment job turns them into mentions, and only when asked
to (``cmdbgit comment --mention``), and only for handles of its own checkout's teams.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmdbgit.diff.model import DiffResult
from cmdbgit.errors import CmdbgitError
from cmdbgit.graph.impact import ImpactResult, tier_rank
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.revision import open_revision

HANDLE = re.compile(r"@[\w-]+/[\w.-]+", re.ASCII)


def valid_handle(value: object) -> str | None:
    return value if isinstance(value, str) and HANDLE.fullmatch(value) else None


@dataclass(slots=True)
class Owner:
    team: str
    name: str
    handle: str | None
    services: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    #: The best (lowest) tier of the impacted services the team owns: "tier-1" first.
    tier: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "name": self.name,
            "handle": self.handle,
            "services": self.services,
            "documents": self.documents,
        }


def team_handles(inventory: Inventory) -> dict[str, tuple[str, str | None]]:
    """Team id -> (name, handle or None) of the Team documents of one revision."""
    return {
        doc.id: (doc.name, valid_handle(doc.spec.get("github")))
        for doc in inventory.of_kind("Team")
        if doc.id is not None
    }


def base_handles(repo: Path) -> frozenset[str]:
    """The valid handles of the Team documents in the working tree at ``repo`` (for the
    comment job: its checkout of the default branch, never the pull request); none when
    that checkout holds no inventory, and then nobody is mentioned."""
    try:
        inventory = open_revision(repo).loaded.inventory
    except CmdbgitError:
        return frozenset()
    return frozenset(h for _, h in team_handles(inventory).values() if h is not None)


def _owner_of(doc: Document | None) -> str | None:
    owner = doc.metadata.get("owner") if doc is not None else None
    return owner if isinstance(owner, str) and owner else None


def owners(diff: DiffResult, impact: ImpactResult, base: Inventory, head: Inventory) -> list[Owner]:
    """Teams to ask, those owning the most critical impacted services first."""
    teams = team_handles(base)
    found: dict[str, Owner] = {}

    def is_team(ident: str | None) -> bool:
        """Only owners that name a Team are asked: a dangling owner (a typo, or a secret
        pasted into the wrong line) is a dangling-reference problem, never a name to print."""
        if ident is None:
            return False
        doc = head.get(ident) or base.get(ident)
        return ident in teams or (doc is not None and doc.kind == "Team")

    def entry(team: str) -> Owner:
        if team not in found:
            name, handle = teams.get(team, (team, None))
            found[team] = Owner(team, name, handle)
        return found[team]

    for hit in impact.services:
        for doc in (head.get(hit.id), base.get(hit.id)):
            team = _owner_of(doc)
            if is_team(team) and team is not None and hit.id not in entry(team).services:
                owner = entry(team)
                owner.services.append(hit.id)
                if not owner.tier or tier_rank(hit.criticality) < tier_rank(owner.tier):
                    owner.tier = hit.criticality
    changed: dict[str, set[str]] = defaultdict(set)
    for change in diff.changes:
        for doc in (head.get(change.id), base.get(change.id)):
            team = _owner_of(doc)
            if is_team(team) and team is not None:
                changed[team].add(change.id)
    for team, ids in changed.items():
        entry(team).documents = sorted(ids)
    return sorted(
        found.values(),
        key=lambda o: (tier_rank(o.tier) if o.tier else 99, -len(o.documents), o.team),
    )
