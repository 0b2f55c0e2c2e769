"""``validate``: load a revision, judge it, return a ``ValidationResult``.

The composition of the layers below: a revision (sources and rules), the validation layers
and policies, and what the store remembers of earlier judgements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cmdbgit.errors import UsageError
from cmdbgit.gcpause import no_gc
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import Suppressed, ValidationResult
from cmdbgit.policy.loader import Policy
from cmdbgit.revision import Listed, Revision, list_revision
from cmdbgit.store.memo import Memo, memo_for
from cmdbgit.store.verdicts import LAYERS, Verdicts, rules_key
from cmdbgit.validate import run_layers
from cmdbgit.validate.context import CheckContext
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


def judge(revision: Revision, as_of: date, *, strict: bool = False) -> ValidationResult:
    """Every problem of a loaded revision under its rule set."""
    listed = revision.listed
    memo = _memo(listed, as_of)
    remembered = memo.get()
    if remembered is not None:  # judged before: same documents, rules, date and code
        problems, suppressed, truncated = remembered.problems_etc()
    else:
        verdicts = verdicts_for(revision)
        ctx = CheckContext(revision.loaded, revision.rules, as_of, verdicts.settled())
        with no_gc():  # the checkers build 10^5s of objects and no cycles worth a collection
            problems = run_layers(ctx, revision.extra_checkers())
        revision.loaded.locator.save()
        suppressed = revision.take_suppressed()
        verdicts.record(problems, (s.problem for s in suppressed))
        truncated = len(revision.loaded.locator.truncated)
        memo.put(len(revision.loaded.documents), problems, suppressed, truncated)
    result = _result(
        listed, len(revision.loaded.documents), problems, suppressed, truncated, strict
    )
    result.subjects = [(doc.file, doc.id) for doc in revision.loaded.inventory.documents]
    return result


def verdicts_for(revision: Revision) -> Verdicts:
    """The cached verdicts of the document-local checks on this revision's files: the layers
    ``envelope`` and ``schema``, and the document-local policies."""
    loaded, rules = revision.loaded, revision.rules
    local = [p for p in revision.policies.policies if p.document_local]
    key = rules_key(rules.config.limits, rules.kinds, [_definition(p) for p in local])
    checks = LAYERS | {p.problem_rule for p in local}
    return Verdicts(loaded.cache_root, key, loaded.blobs, checks)


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


def _memo(listed: Listed, as_of: date) -> Memo:
    """The remembered judgement of this revision, keyed on everything it depends on: the date
    only when a policy may read it (nothing else does), so a base judged on another day —
    a CI cache — still answers when the project has no policies."""
    rules = listed.rules
    folder = listed.cache_root
    if folder is None:
        return Memo(None, "")
    fingerprint = rules_fingerprint(listed.source, rules.origin, rules.config)
    problems = "\n".join(repr(p) for p in listed.listing)
    dated = bool(listed.policies.policies) or bool(listed.policies.problems)
    return memo_for(
        folder,
        as_of if dated else None,
        prefix=listed.handle.prefix,
        limits=rules.config.limits,
        rules_key=f"{fingerprint}\n{problems}",
        blobs=listed.blobs,
    )


def validate(options: ValidateOptions) -> ValidationResult:
    listed = list_revision(
        options.repo, options.ref, options.policies_from, use_cache=options.use_cache
    )
    remembered = None if options.subjects else _memo(listed, options.as_of).get()
    if remembered is not None:  # answered from the listing: no document is decoded
        problems, suppressed, truncated = remembered.problems_etc()
        result = _result(
            listed, remembered.documents, problems, suppressed, truncated, options.strict
        )
    else:
        result = judge(listed.load(), options.as_of, strict=options.strict)
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
