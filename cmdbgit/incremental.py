"""Judging only the files edited since the last judgement (``store.last``).

``validate`` after an edit: the last judgement of these rules on this date holds every
problem, and each file's blob then. The edited files are judged again by the layers and
policies that judge a document alone, or with the kinds of the ids it names; the findings of
the inventory-wide ones (``validate.INVENTORY_WIDE``, the policies whose rule is not
``per_document``) are kept, because no edited document changed what they read: its view
(``model.reads``) is the same before and after. The result is exactly the one a judgement
from scratch gives — the same problems, placed and sorted the same — or there is none, and
the caller judges the whole revision. That happens when:

- files were added or removed, more than ``MAX_EDITED`` edited, or an edited file's old
  parse is no longer cached (its old view is unknown);
- a view changed: an id, a kind, metadata, a relation, a spec field an inventory-wide check
  reads;
- a kept finding is in an edited file or refers to a place in one (its line may have moved);
- the last judgement left documents unlocated, or placing the edited files' problems could
  pass the located-documents limit or the re-reading budget (which documents get positions
  would then depend on every problem);
- judging an edited file needed a document outside it (a reference to a document of the
  wrong kind names that document as a related place).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from cmdbgit.model.inventory import NotLoaded
from cmdbgit.model.problem import Problem
from cmdbgit.model.reads import SpecReads
from cmdbgit.model.result import Suppressed
from cmdbgit.parse.loader import LoadedFile
from cmdbgit.parse.locator import LOCATE_BUDGET
from cmdbgit.policy.engine import find, settle
from cmdbgit.revision import Listed
from cmdbgit.source.batch import cache_for
from cmdbgit.store.last import Last, LastStore, decode_kinds
from cmdbgit.store.memo import Judgement
from cmdbgit.validate import INVENTORY_WIDE, LAYERS
from cmdbgit.validate.context import CheckContext
from cmdbgit.validate.placing import place
from cmdbgit.workspace import load_documents

#: More edited files than this are judged whole: each costs its old parse decoded, and
#: a branch switch is rarely within the conditions anyway.
MAX_EDITED = 64


#: The rules of the problems the loader and the listing find where they are (``yaml``,
#: ``config``): placing never locates their documents.
FOUND_IN_PLACE = frozenset({"yaml", "config"})


@dataclass(slots=True)
class IncrementalStats:
    """Judgements this process made from the last one, and why the others were made whole
    (tests read them)."""

    judged: int = 0
    whole: Counter[str] = field(default_factory=Counter)


STATS = IncrementalStats()


@dataclass(slots=True)
class Judged:
    documents: int
    problems: list[Problem]
    suppressed: list[Suppressed]
    #: Documents left at their first lines (``parse.locator``).
    unlocated: int


def judge_edits(listed: Listed, as_of: date, store: LastStore) -> Judged | None:
    """The judgement of ``listed`` made from the last one in ``store``, or None when it
    cannot be (the module's list: ``STATS.whole`` counts why); the store then holds this
    judgement."""
    try:
        judged = _judge_edits(listed, as_of, store)
    except _Whole as why:
        STATS.whole[str(why)] += 1
        return None
    STATS.judged += 1
    return judged


class _Whole(Exception):
    """Why the revision is judged whole."""


def _judge_edits(listed: Listed, as_of: date, store: LastStore) -> Judged:
    last = store.get()
    if last is None:
        raise _Whole("no last judgement")
    blobs = listed.blobs
    if last.blobs.keys() != blobs.keys():
        raise _Whole("files added or removed")
    edited = {path for path, blob in blobs.items() if last.blobs[path] != blob}
    if not edited:
        judgement = last.judgement
        problems, suppressed, _ = judgement.problems_etc()
        return Judged(judgement.documents, problems, suppressed, judgement.unlocated)
    if len(edited) > MAX_EDITED:
        raise _Whole("too many files edited")
    # Placing located the first documents in file order up to its limit, and the rest stay
    # at their first lines: edited files past the last one it located change nothing before.
    unlocated = last.judgement.unlocated
    if unlocated and (last.cutoff is None or min(edited) <= last.cutoff):
        raise _Whole("an edited file is among those placing located")
    policies = listed.policies.policies
    wide = set(INVENTORY_WIDE) | {p.problem_rule for p in policies if not p.per_document}
    kept, kept_waived, named = _kept(last.judgement, edited, wide)
    kinds = decode_kinds(last.kinds)
    if kinds is None:
        raise _Whole("no kinds")
    rules = listed.rules
    cache = cache_for(listed.source, rules.config.limits)
    before: dict[str, LoadedFile] = {}
    for path in edited:
        old = cache.get(last.blobs[path], path)
        if old is None:
            raise _Whole("an old parse not cached")
        before[path] = old
    part = load_documents(
        listed.source,
        rules.config,
        files=[f for f in listed.files if f.path in edited],
        listing=tuple(p for p in listed.listing if p.file in edited),
        known_kinds=kinds,
    )
    locator = part.locator
    if unlocated:
        locator.stop()
    reads = _reads(listed)
    for path, old in before.items():
        now = [doc for doc in part.documents if doc.file == path]
        then_views = [
            (doc.index, doc.index in old.broken, reads.view(doc.data)) for doc in old.documents
        ]
        now_views = [
            (doc.index, (path, doc.index) in part.broken, reads.view(doc.data)) for doc in now
        ]
        if then_views != now_views:
            raise _Whole("an inventory-wide check reads the edit")
    ctx = CheckContext(part, rules, as_of)
    local = [p for p in policies if p.per_document]
    try:
        found = list(part.problems)
        for name, checker in LAYERS.items():
            if name not in INVENTORY_WIDE:
                found.extend(checker(ctx))
        outcome = settle(ctx, local, find(ctx, local))
    except NotLoaded as outside:
        raise _Whole("a document outside the edited files is needed") from outside
    placed, waived = place(ctx, [*found, *outcome.problems], outcome.suppressed)
    located, charged = last.located + locator.located, last.charged + locator.charged
    if unlocated:
        unlocated += len(locator.truncated) - named
    elif located > rules.config.limits.max_located_documents or charged > LOCATE_BUDGET:
        raise _Whole("placing could reach its limits")
    locator.save()
    problems = sorted([*kept, *placed])
    suppressed = sorted([*kept_waived, *waived], key=lambda s: s.problem)
    documents = last.judgement.documents + len(part.documents)
    documents -= sum(len(old.documents) for old in before.values())
    judgement = Judgement.of(documents, problems, suppressed, unlocated)
    store.put(Last(blobs, judgement, located, charged, last.cutoff, last.kinds))
    return Judged(documents, problems, suppressed, unlocated)


def _kept(
    judgement: Judgement, edited: set[str], wide: set[str]
) -> tuple[list[Problem], list[Suppressed], int]:
    """The last judgement's problems and waived problems outside the edited files, and how
    many documents of the edited files they named; none when an inventory-wide one is in an
    edited file or a place is named across the edge of the edited files."""
    problems, suppressed, _ = judgement.problems_etc()
    kept: list[Problem] = []
    kept_waived: list[Suppressed] = []
    named: set[tuple[str, int]] = set()
    for problem, waived in [*((p, None) for p in problems), *((s.problem, s) for s in suppressed)]:
        inside = problem.file in edited
        if inside and problem.rule in wide:
            raise _Whole("an inventory-wide finding in an edited file")
        if any((place.file in edited) != inside for place in problem.related):
            raise _Whole("a finding names a place across the edited files' edge")
        if inside:  # judged again; when unlocated, each document is at its first line
            if problem.rule not in FOUND_IN_PLACE:
                named.add((problem.file, problem.line))
                named.update((place.file, place.line) for place in problem.related)
        elif waived is None:
            kept.append(problem)
        else:
            kept_waived.append(waived)
    return kept, kept_waived, len(named)


def _reads(listed: Listed) -> SpecReads:
    """What the inventory-wide layers and policies read of the documents' ``spec``."""
    kinds = listed.rules.kinds
    reads = SpecReads()
    for layer_reads in INVENTORY_WIDE.values():
        reads.update(layer_reads(kinds))
    for policy in listed.policies.policies:
        if not policy.per_document:
            reads.update(policy.spec_reads(kinds))
    return reads
