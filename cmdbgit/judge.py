"""``validate``: load a revision, judge it, return a ``ValidationResult``.

The composition of the layers below: a revision (sources and rules), the validation layers
and policies, and what the store remembers of earlier judgements.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cmdbgit.errors import UsageError
from cmdbgit.gcpause import no_gc
from cmdbgit.incremental import judge_edits
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import Suppressed, ValidationResult
from cmdbgit.parse.locator import Locator
from cmdbgit.policy.loader import Policy
from cmdbgit.revision import Listed, Revision, list_revision
from cmdbgit.store.last import LAST_FILE, Last, LastStore, encode_kinds
from cmdbgit.store.memo import Judgement as MemoJudgement
from cmdbgit.store.memo import Memo, memo_for, rules_only_key, worth_keeping
from cmdbgit.store.neighbours import NeighbourVerdicts, neighbours_key
from cmdbgit.store.verdicts import LAYERS, Verdicts, rules_key
from cmdbgit.validate import LayerRun, begin_layers
from cmdbgit.validate.context import CheckContext
from cmdbgit.validate.references import files_naming
from cmdbgit.workspace import rules_fingerprint


@dataclass(frozen=True, slots=True)
class ValidateOptions:
    repo: Path
    as_of: date
    ref: str | None = None
    policies_from: str | None = None
    paths: tuple[str, ...] = ()
    strict: bool = False
    use_cache: bool = True
    #: Whether the result must name every document judged (``subjects``, for junit): a
    #: remembered judgement does not, so the documents are then loaded.
    subjects: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def judge(
    revision: Revision,
    as_of: date,
    *,
    strict: bool = False,
    memo: Memo | None = None,
    last: LastStore | None = None,
) -> ValidationResult:
    """Every problem of a loaded revision under its rule set (kept in ``last`` for the next
    judgement to start from, when given; ``memo``: its memo, when the caller opened it)."""
    return Judgement(revision, as_of, strict=strict, memo=memo, last=last).result()


class Judgement:
    """A loaded revision's judgement, begun: every problem but the policies' violations is
    known once it is made (``known``); the violations, found meanwhile in a forked process
    (``policy.layer``), are waited for by ``result``, which records the verdicts and
    remembers the judgement. A caller that needs only what can leave a document out (a
    violation never does: ``reports.context``) goes on with its work in between."""

    def __init__(
        self,
        revision: Revision,
        as_of: date,
        *,
        strict: bool = False,
        memo: Memo | None = None,
        last: LastStore | None = None,
    ) -> None:
        self._revision = revision
        self._last = last
        self._pid = os.getpid()
        self._listed = revision.listed
        self._strict = strict
        # Opening a memo hashes every file's path and blob id: not twice when the caller has.
        self._memo = memo if memo is not None else _memo(self._listed, as_of)
        self._result: ValidationResult | None = None
        self._run: LayerRun | None = None
        remembered = self._memo.get()
        if remembered is not None:  # judged before: same documents, rules, date and code
            self._result = self._finished(*remembered.problems_etc())
            return
        self._verdicts = verdicts_for(revision)
        self._neighbours = neighbours_for(revision)
        ctx = CheckContext(revision.loaded, revision.rules, as_of, self._verdicts.settled())

        def settle_neighbours() -> None:
            # After the policies' process is forked (it reads no neighbour verdict): which ids
            # changed kind since the last judgement is ~0.2 s of the critical path at 10^5.
            inventory = revision.loaded.inventory
            changed = self._neighbours.changed(inventory.kind_by_id)
            naming = files_naming(inventory, revision.rules.kinds, changed)
            ctx.settled_neighbours = self._neighbours.settled(naming)

        with no_gc():  # the checkers build 10^5s of objects and no cycles worth a collection
            self._run = begin_layers(ctx, revision.extra_checkers(), meanwhile=settle_neighbours)

    @property
    def known(self) -> list[Problem]:
        """The problems known so far, unsorted and not placed yet (at their documents' first
        lines): every one but the policies' violations until ``result`` has been asked for."""
        if self._result is not None:
            return self._result.problems
        assert self._run is not None
        return self._run.problems

    def result(self) -> ValidationResult:
        """The whole judgement (waiting for the policies' violations the first time)."""
        if self._result is None:
            if os.getpid() != self._pid:
                # A forked worker holds a copy: it must neither settle the violations (its
                # parent collects them) nor write the memo. Its item is done again at home.
                raise RuntimeError("a judgement is finished by the process that began it")
            assert self._run is not None
            loaded = self._revision.loaded
            with no_gc():
                problems, suppressed = self._run.finish(self._revision.suppressed)
            loaded.locator.save()
            waived = [s.problem for s in suppressed]
            self._verdicts.record(problems, waived)
            self._neighbours.record(problems, waived, loaded.inventory.kind_by_id)
            truncated = len(loaded.locator.truncated)
            self._memo.put(len(loaded.documents), problems, suppressed, truncated)
            self._keep_last(problems, suppressed, truncated)
            self._result = self._finished(problems, suppressed, truncated)
            self._run = None
        return self._result

    def _keep_last(
        self, problems: list[Problem], suppressed: list[Suppressed], truncated: int
    ) -> None:
        """The whole judgement, for the next one to judge only what changes
        (``cmdbgit.incremental``)."""
        loaded = self._revision.loaded
        documents = len(loaded.documents)
        if self._last is None or not worth_keeping(documents, problems, suppressed):
            return
        locator = loaded.locator
        self._last.put(
            Last(
                dict(loaded.blobs),
                MemoJudgement.of(documents, problems, suppressed, truncated),
                locator.located,
                locator.charged,
                _cutoff(locator) if truncated else None,
                encode_kinds(loaded.inventory.kind_by_id),
            )
        )

    def _finished(
        self, problems: list[Problem], suppressed: list[Suppressed], truncated: int
    ) -> ValidationResult:
        loaded = self._revision.loaded
        documents = len(loaded.documents)
        result = _result(self._listed, documents, problems, suppressed, truncated, self._strict)
        result.subjects = [(doc.file, doc.id) for doc in loaded.inventory.documents]
        return result


def _cutoff(locator: Locator) -> str | None:
    last = locator.last_located
    return None if last is None else last[0]


def verdicts_for(revision: Revision) -> Verdicts:
    """The cached verdicts of the document-local checks on this revision's files: the layers
    ``envelope``, ``schema`` and ``duplicate-relation``, and the document-local policies."""
    loaded, rules = revision.loaded, revision.rules
    local = [p for p in revision.policies.policies if p.document_local]
    key = rules_key(rules.config.limits, rules.kinds, [_definition(p) for p in local])
    checks = LAYERS | {p.problem_rule for p in local}
    return Verdicts(loaded.cache_root, key, loaded.blobs, checks)


def neighbours_for(revision: Revision) -> NeighbourVerdicts:
    """The last judgement's verdicts of ``references`` and ``relation-type``, with the kinds
    of the ids it saw (``store/neighbours.py``), for this revision's files."""
    loaded, rules = revision.loaded, revision.rules
    key = neighbours_key(rules_key(rules.config.limits, rules.kinds), rules.relations)
    return NeighbourVerdicts(loaded.cache_root, key, loaded.blobs)


def _definition(policy: Policy) -> str:
    """A policy as its verdicts depend on it: its id (the problems' rule) and its spec."""
    return f"{policy.id}\n{policy.spec.model_dump_json()}"


def _result(
    listed: Listed,
    documents: int,
    problems: list[Problem],
    suppressed: list[Suppressed],
    truncated: int,
    strict: bool,
) -> ValidationResult:
    notes = []
    if truncated:
        limit = listed.rules.config.limits.max_located_documents
        notes.append(
            f"more than {limit} documents have problems: {truncated} are located at "
            "their first line only"
        )
    return ValidationResult(
        documents,
        problems,
        suppressed,
        strict,
        truncated,
        notes,
        prefix=listed.handle.prefix,
    )


def _memo(listed: Listed, as_of: date, rules_key: str | None = None) -> Memo:
    """The remembered judgement of this revision, keyed on everything it depends on: the date
    only when a policy may read it (nothing else does), so a base judged on another day —
    a CI cache — still answers when the project has no policies."""
    folder = listed.cache_root
    if folder is None:
        return Memo(None, "")
    return memo_for(
        folder,
        _day(listed, as_of),
        prefix=listed.handle.prefix,
        limits=listed.rules.config.limits,
        rules_key=rules_key or _rules_key(listed),
        blobs=listed.blobs,
    )


def _last(listed: Listed, as_of: date, rules_key: str | None = None) -> LastStore:
    """The last judgement of a revision under these rules on this date (``store.last``)."""
    folder = listed.cache_root
    if folder is None:
        return LastStore(None, "")
    key = rules_only_key(
        _day(listed, as_of),
        prefix=listed.handle.prefix,
        limits=listed.rules.config.limits,
        rules_key=rules_key or _rules_key(listed),
    )
    return LastStore(folder / LAST_FILE, key)


def _rules_key(listed: Listed) -> str:
    """The rules a revision is judged by, and what its listing found."""
    rules = listed.rules
    fingerprint = rules_fingerprint(listed.source, rules.origin, rules.config)
    problems = "\n".join(repr(p) for p in listed.listing)
    return f"{fingerprint}\n{problems}"


def _day(listed: Listed, as_of: date) -> date | None:
    """The date, when a policy may read it (None: no judgement depends on it)."""
    dated = bool(listed.policies.policies) or bool(listed.policies.problems)
    return as_of if dated else None


def validate(options: ValidateOptions) -> ValidationResult:
    listed = list_revision(
        options.repo, options.ref, options.policies_from, use_cache=options.use_cache
    )
    rules_key = _rules_key(listed)
    memo = _memo(listed, options.as_of, rules_key)
    remembered = None if options.subjects else memo.get()
    # The last judgement (``store.last``) is read and written only when the memo misses.
    last = None if remembered is not None else _last(listed, options.as_of, rules_key)
    edits = None if options.subjects or last is None else judge_edits(listed, options.as_of, last)
    if remembered is not None:  # answered from the listing: no document is decoded
        problems, suppressed, truncated = remembered.problems_etc()
        result = _result(
            listed, remembered.documents, problems, suppressed, truncated, options.strict
        )
    elif edits is not None:  # the files edited since the last judgement, judged alone
        memo.put(edits.documents, edits.problems, edits.suppressed, edits.unlocated)
        result = _result(
            listed,
            edits.documents,
            edits.problems,
            edits.suppressed,
            edits.unlocated,
            options.strict,
        )
    else:
        result = judge(listed.load(), options.as_of, strict=options.strict, memo=memo, last=last)
    if options.paths:
        known = [*listed.blobs, *(p.file for p in result.problems)]
        for path in options.paths:
            if not any(_selected(file, (path,)) for file in known):
                raise UsageError(f"{path}: no such file or folder in the inventory")
        result.problems = [p for p in result.problems if _selected(p.file, options.paths)]
        result.suppressed = [
            s for s in result.suppressed if _selected(s.problem.file, options.paths)
        ]
        result.subjects = [s for s in result.subjects if _selected(s[0], options.paths)]
    return result


def _selected(file: str, paths: tuple[str, ...]) -> bool:
    return any(
        p.strip("/") in ("", ".") or file == p or file.startswith(p.rstrip("/") + "/")
        for p in paths
    )
