"""What every report reads: the valid documents of one revision, the settings, the date.

Reports run on an inventory with problems too. Documents with an error problem
(unparseable, bad envelope, schema violation, duplicate id, dangling reference …) are left out
and counted in a note. Policy violations (``policy/…``) do not make a document unreadable —
they are what the compliance score measures, and an asset with an expired-warranty violation
must still appear in the warranty report — so they never exclude a document, and the reports
begin before they are known (``begin_context``): only the compliance score reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cmdbgit.judge import Judgement
from cmdbgit.model.config import ReportSettings
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.problem import Problem
from cmdbgit.reports.holders import managed_by_asset
from cmdbgit.revision import Revision

POLICY_PREFIX = "policy/"


@dataclass(slots=True)
class ReportContext:
    revision: Revision
    inventory: Inventory  # valid documents only
    as_of: date
    settings: ReportSettings
    #: Every problem of the revision (for the compliance score), asked for when first read:
    #: the policies' violations may still be being found when the reports begin.
    judged: Callable[[], list[Problem]]
    skipped: list[Document] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _managed: dict[str, list[Document]] | None = None

    def managed_by_asset(self) -> dict[str, list[Document]]:
        """``holders.managed_by_asset`` of the inventory, worked out once (a pass over every
        document: ``report all`` runs it before forking, so its workers need not)."""
        if self._managed is None:
            self._managed = managed_by_asset(self.inventory)
        return self._managed

    @property
    def problems(self) -> list[Problem]:
        return self.judged()

    @property
    def under_use_ratio(self) -> Decimal:
        return Decimal(repr(self.settings.under_use_ratio))

    def name_of(self, ident: str | None) -> str:
        """A document's display name, or the id itself when it is not in the inventory."""
        if ident is None:
            return ""
        doc = self.inventory.get(ident)
        return doc.name if doc is not None else ident


def is_blocking(problem: Problem) -> bool:
    return problem.severity == "error" and not problem.rule.startswith(POLICY_PREFIX)


def build_context(revision: Revision, as_of: date, settings: ReportSettings) -> ReportContext:
    """The context of a revision judged to the end."""
    ctx = begin_context(revision, as_of, settings)
    ctx.judged()
    return ctx


def begin_context(revision: Revision, as_of: date, settings: ReportSettings) -> ReportContext:
    """The context as soon as the problems that leave documents out are known: the policies'
    violations (which never do) may still be being found in another process, and are
    waited for when the context's ``problems`` are first read; ``judged()`` ends the
    judgement and remembers it (``judge.Judgement``), so call it at the end at the latest."""
    judgement = Judgement(revision, as_of)
    loaded = revision.loaded
    bad_ids = {(p.file, p.id) for p in judgement.known if is_blocking(p) and p.id is not None}
    valid: list[Document] = []
    skipped: list[Document] = []
    for doc in loaded.inventory.documents:
        ok = doc.id is not None and (doc.file, doc.id) not in bad_ids
        (valid if ok and not loaded.is_broken(doc) else skipped).append(doc)
    notes = []
    unreadable = len(loaded.documents) - len(loaded.inventory.documents)
    if skipped or unreadable:
        notes.append(
            f"{len(skipped) + unreadable} document(s) with errors were left out of the reports; "
            "run `cmdbgit validate` to see them"
        )
    # A clean revision (the usual case) reports on the inventory it loaded: the same
    # documents in the same order, so the same index, without building it twice.
    inventory = loaded.inventory if not skipped else Inventory(valid)
    return ReportContext(
        revision=revision,
        inventory=inventory,
        as_of=as_of,
        settings=settings,
        judged=lambda: judgement.result().problems,
        skipped=skipped,
        notes=notes,
    )
