"""Everything the pages show, gathered once: at 100,000 documents a per-page scan of the
inventory (as ``show`` does for one card) would be quadratic."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from cmdbgit.errors import RepositoryError
from cmdbgit.graph.build import FailureGraph, failure_graph
from cmdbgit.history.gitlog import commits
from cmdbgit.judge import judge
from cmdbgit.model.document import Document
from cmdbgit.model.paths import format_path
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import Suppressed
from cmdbgit.query.card import references
from cmdbgit.reports.context import ReportContext, build_context
from cmdbgit.revision import Revision

#: Commits shown per file, and commits read in all (the newest): a page shows recent history.
HISTORY_PER_FILE = 5
HISTORY_SCAN = 5000


@dataclass(frozen=True, slots=True)
class Link:
    """A relation or reference from one document to another, as a page shows it."""

    label: str  # relation type, its inverse, or the field path
    id: str


@dataclass(frozen=True, slots=True)
class FileCommit:
    sha: str
    date: str
    author: str
    subject: str


@dataclass(slots=True)
class SiteData:
    revision: Revision
    as_of: date
    commit: str  # the commit the site is of ("working tree" when uncommitted)
    from_worktree: bool
    documents: list[Document]
    by_id: dict[str, Document]
    out_links: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    in_links: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    refs_out: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    refs_in: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    problems: dict[str, list[Problem]] = field(default_factory=lambda: defaultdict(list))
    waived: dict[str, list[Suppressed]] = field(default_factory=lambda: defaultdict(list))
    history: dict[str, list[FileCommit]] = field(default_factory=dict)
    history_cut: bool = False
    graph: FailureGraph | None = None
    report_context: ReportContext | None = None

    def kinds(self) -> list[str]:
        return sorted({d.kind for d in self.documents if d.kind})


def gather(revision: Revision, as_of: date, rev: str | None) -> SiteData:
    inventory = revision.loaded.inventory
    documents = sorted(
        (d for d in inventory.by_id.values() if d.id is not None), key=lambda d: d.id or ""
    )
    commit = _commit(revision, rev)
    data = SiteData(
        revision, as_of, commit, rev is None, documents, {d.id or "": d for d in documents}
    )
    registry = revision.rules.relations
    for edge in inventory.edges:
        relation = registry.get(edge.type)
        inverse = relation.inverse if relation is not None else f"inverse of {edge.type}"
        data.out_links[edge.source].append(Link(edge.type, edge.target))
        data.in_links[edge.target].append(Link(inverse, edge.source))
    kinds = revision.rules.kinds
    for doc in documents:
        for path, target in references(doc, kinds):
            data.refs_out[doc.id or ""].append(Link(format_path(path) or "", target))
            data.refs_in[target].append(Link(format_path(path) or "", doc.id or ""))
    result = judge(revision, as_of)
    for problem in result.problems:
        if problem.id is not None:
            data.problems[problem.id].append(problem)
    for waived in result.suppressed:
        if waived.problem.id is not None:
            data.waived[waived.problem.id].append(waived)
    data.graph = failure_graph(inventory, registry, kinds)
    data.report_context = build_context(revision, as_of, revision.rules.config.reports)
    if commit != "working tree":
        data.history, data.history_cut = _history(revision, commit)
    return data


def _commit(revision: Revision, rev: str | None) -> str:
    handle = revision.handle
    if handle.repo is None:
        return "working tree"
    try:
        return handle.resolve(rev or "HEAD").hexsha
    except RepositoryError:
        return "working tree"


def _history(revision: Revision, commit: str) -> tuple[dict[str, list[FileCommit]], bool]:
    """The newest commits of each inventory file, from one ``git log`` pass."""
    out: dict[str, list[FileCommit]] = {}
    folder = revision.rules.config.paths.inventory
    for seen, entry in enumerate(commits(revision.handle, commit, folder), start=1):
        if seen > HISTORY_SCAN:
            return out, True
        item = FileCommit(entry.sha, entry.date[:10], entry.author, entry.subject)
        for change in entry.changes:
            kept = out.setdefault(change.path, [])
            if len(kept) < HISTORY_PER_FILE:
                kept.append(item)
    return out, False
