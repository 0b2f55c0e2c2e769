"""``validate``: load a revision, judge it, return a ``ValidationResult``.

The composition of the layers below: a revision (sources and rules), the validation layers
and policies, and what the store remembers of earlier judgements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cmdbgit.errors import UsageError
from cmdbgit.model.result import ValidationResult
from cmdbgit.revision import Revision, open_revision
from cmdbgit.store.memo import Memo, memo_for
from cmdbgit.store.verdicts import Verdicts, rules_key
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
    extra: dict[str, str] = field(default_factory=dict)


def judge(revision: Revision, as_of: date, *, strict: bool = False) -> ValidationResult:
    """Every problem of a loaded revision under its rule set."""
    memo = _memo(revision, as_of)
    remembered = memo.get()
    if remembered is not None:  # judged before: same documents, rules, date and code
        problems, suppressed, truncated = remembered
    else:
        loaded, rules = revision.loaded, revision.rules
        key = rules_key(rules.config.limits, rules.kinds)
        verdicts = Verdicts(loaded.cache_root, key, loaded.blobs)
        ctx = CheckContext(revision.loaded, revision.rules, as_of, verdicts.settled())
        problems = run_layers(ctx, revision.extra_checkers())
        verdicts.record(problems)
        suppressed = revision.take_suppressed()
        truncated = len(revision.loaded.locator.truncated)
        memo.put(problems, suppressed, truncated)
    notes = []
    if truncated:
        limit = revision.rules.config.limits.max_located_documents
        notes.append(
            f"more than {limit} documents have problems: {truncated} are located at "
            "their first line only"
        )
    subjects = [(doc.file, doc.id) for doc in revision.loaded.inventory.documents]
    return ValidationResult(
        len(revision.loaded.documents),
        problems,
        suppressed,
        strict,
        truncated,
        notes,
        subjects,
        prefix=revision.handle.prefix,
    )


def _memo(revision: Revision, as_of: date) -> Memo:
    """The remembered judgement of this revision, keyed on everything it depends on."""
    loaded, rules = revision.loaded, revision.rules
    if loaded.cache_root is None:
        return memo_for(None, as_of, prefix="", limits=rules.config.limits, rules_key="", blobs={})
    fingerprint = rules_fingerprint(revision.handle, rules.origin, rules.config)
    listing = "\n".join(repr(p) for p in loaded.listing)
    return memo_for(
        loaded.cache_root,
        as_of,
        prefix=revision.handle.prefix,
        limits=rules.config.limits,
        rules_key=f"{fingerprint}\n{listing}",
        blobs=loaded.blobs,
    )


def validate(options: ValidateOptions) -> ValidationResult:
    revision = open_revision(
        options.repo, options.ref, options.policies_from, use_cache=options.use_cache
    )
    result = judge(revision, options.as_of, strict=options.strict)
    if options.paths:
        known = [*revision.loaded.blobs, *(p.file for p in result.problems)]
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
