"""``cmdbgit check``: the pull-request gate (docs/pull-requests.md).

The change is judged as it would land: HEAD plus the working tree's changes, merged into the
base's tip (``check/tree.py``). It is judged by the config, schemas, relations and policies
of the base, never by its own (a pull request cannot relax its own gate); the adopting pull
request, whose base has no cmdbgit configuration yet, is judged by its own and says so. The
base documents (at the base's tip, so the base's own later problems stay "existing") are
judged by the very same rule set on the same date: a problem is *new* unless the base has
one with the same (rule, id, path). Only new errors fail, so yesterday's data or the
calendar never blocks an unrelated pull request.
"""

from __future__ import annotations

from dataclasses import replace

from cmdbgit.check.model import CheckOptions, CheckResult
from cmdbgit.check.owners import owners
from cmdbgit.check.rule_changes import rule_changes
from cmdbgit.check.sensitive import sensitive_changes
from cmdbgit.check.tree import judged_tree
from cmdbgit.diff.run import merge_base, unparsed_notes
from cmdbgit.diff.semantic import diff_inventories
from cmdbgit.errors import ConfigError
from cmdbgit.graph.run import change_impact
from cmdbgit.judge import Judgement, judge
from cmdbgit.model.config import Config
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import ValidationResult
from cmdbgit.reports import delta
from cmdbgit.revision import Revision, load_rules, open_revision
from cmdbgit.source import GitRefSource, RepoHandle, WorktreeSource, open_repo
from cmdbgit.source.base import WORKTREE, Source
from cmdbgit.source.gitref import list_soon
from cmdbgit.workspace import CONFIG_FILE, load_config, load_documents, load_ruleset


def problem_key(problem: Problem) -> tuple[str | None, ...]:
    """(rule, id, path). A problem outside any document (a file that does not
    parse) has no id, so its file and message stand in for it."""
    if problem.id is None:
        return (problem.rule, problem.file, problem.path, problem.message)
    return problem.key


def head_rule_problems(source: Source) -> list[Problem]:
    """The head's own rule files must still load once merged. The head is judged by the base's
    rules, so a pull request that breaks a policy, schema or ``cmdbgit.yaml`` would otherwise
    pass and break main; its broken rule files are reported as problems of the head."""
    try:
        _rules, policies = load_rules(source)
    except ConfigError as exc:
        return [
            Problem(
                exc.file,
                line,
                column,
                "config",
                "error",
                f"after this change the rules no longer load: {text}",
            )
            for line, column, text in exc.located
        ]
    return list(policies.problems)


def _configs(head: Revision) -> list[Config]:
    """The configs whose paths name the rule folders: the judging one and the head's own
    (unless the head broke it, which ``head_rule_problems`` reports)."""
    try:
        return [head.rules.config, load_config(head.source)[0]]
    except ConfigError:
        return [head.rules.config]


def split(
    head: list[Problem], base: list[Problem], renamed: dict[str, str] | None = None
) -> tuple[list[Problem], list[Problem]]:
    """New and existing head problems. ``renamed`` (old id -> new id) reads a base problem
    of a renamed document as the head's, so a rename alone makes nothing new."""
    renamed = renamed or {}
    known = {problem_key(replace(p, id=renamed[p.id]) if p.id in renamed else p) for p in base}
    new = [p for p in head if problem_key(p) not in known]
    existing = [p for p in head if problem_key(p) in known]
    return new, existing


def run_check(options: CheckOptions) -> CheckResult:
    handle = open_repo(options.repo)
    base_ref, note = choose_base(handle, options.base)
    if base_ref is None:
        return _validate_only(options, handle, note)
    base_sha = handle.resolve(base_ref).hexsha
    list_soon(handle, base_sha)  # listed while the change is merged into it
    start = merge_base(handle, base_sha, "HEAD")
    judged = judged_tree(handle, base_sha, base_ref)
    base_source = GitRefSource(handle, base_sha)
    adopting = not load_ruleset(base_source).has_config
    head = open_revision(
        options.repo,
        judged.commit,
        policies_from=None if adopting else base_sha,
        handle=handle,
        require_inventory=False,
    )
    # The head's judgement begins: its layers run here while a forked process finds the
    # policies' violations; the base is loaded, compared and the impact traced meanwhile,
    # before the violations are waited for.
    judging = Judgement(head, options.as_of)
    # The base documents (at its tip: what the change lands on) judged by the same rule set
    # object: same config, kinds, relations and policies, whatever revision they came from.
    base_loaded = load_documents(base_source, head.rules.config)
    base = Revision(handle, base_source, head.rules, base_loaded, head.policies)
    diff = diff_inventories(base.loaded.inventory, head.loaded.inventory, base_sha, WORKTREE)
    impact = change_impact(
        diff, base.loaded.inventory, head.loaded.inventory, head.rules.relations, head.rules.kinds
    )
    head_result = judging.result()
    if not adopting:
        head_result.problems = sorted([*head_result.problems, *head_rule_problems(head.source)])
    base_result = judge(base, options.as_of)
    renamed = {c.old_id: c.id for c in diff.changes if c.old_id is not None}
    new, existing = split(head_result.problems, base_result.problems, renamed)
    head_keys = {problem_key(p) for p in head_result.problems}
    resolved = [
        p
        for p in base_result.problems
        if problem_key(replace(p, id=renamed[p.id]) if p.id in renamed else p) not in head_keys
    ]
    diff.notes = unparsed_notes("base", base.loaded) + unparsed_notes("head", head.loaded)
    errors = new if options.fail_on == "new" else head_result.problems
    failing = any(p.severity == "error" for p in errors)
    result = CheckResult(
        verdict="fail" if failing else "pass",
        head_result=head_result,
        new=new,
        existing=existing,
        head=WORKTREE,
        base=base_sha,
        base_ref=base_ref,
        merge_base=start,
        head_commit=judged.head,
        judged=judged,
        resolved=resolved,
        diff=diff,
        impact=impact,
        rule_changes=rule_changes(base_source, head.source, _configs(head)),
        rules_from="head" if adopting else "base",
        fail_on=options.fail_on,
        as_of=options.as_of.isoformat(),
        root=handle.prefix,
    )
    result.notes = ([note] if note else []) + _notes(result, head_result)
    result.sensitive = sensitive_changes(handle, start, result.rule_changes)
    result.owners = owners(diff, impact, base.loaded.inventory, head.loaded.inventory)
    result.delta = delta.compute(
        diff,
        delta.Side(base, base_result.problems),
        delta.Side(head, head_result.problems),
        options.as_of,
        head.rules.config.reports,
    )
    return result


def choose_base(handle: RepoHandle, given: str | None) -> tuple[str | None, str | None]:
    """The base to judge against and a note saying how it was chosen. Without ``--base``: the
    project's ``base_branch`` (or ``origin/<base_branch>`` in a CI clone), unless HEAD is that
    branch or there is no such branch; then None (validate only) and a note saying so."""
    if given is not None:
        return given, None
    if handle.repo is None:
        return None, "not in a Git repository: validated the working tree only (no base)"
    name = load_config(WorktreeSource(handle))[0].base_branch
    ref = handle.branch_ref(name)
    if ref is None:
        return None, (
            f"no branch {name!r} (base_branch) nor origin/{name}: validated the working tree "
            "only; give --base REF to judge a change"
        )
    on_base = handle.current_branch() == name or (
        handle.current_branch() is None and handle.resolve("HEAD") == handle.resolve(ref)
    )
    if on_base:
        return None, (
            f"on the base branch {name!r}: validated the working tree only; give --base REF "
            "to judge a change"
        )
    return ref, f"no --base given: judged against {ref} (base_branch in {CONFIG_FILE})"


def _notes(result: CheckResult, head_result: ValidationResult) -> list[str]:
    notes = []
    if result.adopting:
        notes.append(
            "The base has no cmdbgit configuration yet: this adopting pull request is judged "
            "by its own config, schemas, relations and policies."
        )
    return notes + list(head_result.notes)


def _validate_only(options: CheckOptions, handle: RepoHandle, note: str | None) -> CheckResult:
    """No base: validate the working tree and summarise, with validate's exit code."""
    revision = open_revision(options.repo, handle=handle)
    result = judge(revision, options.as_of)
    root = revision.handle.prefix
    return CheckResult(
        verdict="pass" if result.ok else "fail",
        head_result=result,
        new=list(result.problems),
        existing=[],
        head=WORKTREE,
        rules_from="worktree",
        as_of=options.as_of.isoformat(),
        root=root,
        notes=([note] if note else []) + list(result.notes),
    )
