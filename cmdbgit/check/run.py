"""``cmdbgit check``: the pull-request gate (docs/pull-requests.md).

The head (the working tree: in CI the checked-out pull request) is judged by the config,
schemas, relations and policies of the base ref, never by its own (a change cannot weaken its judge); the
adopting pull request, whose base has no cmdbgit configuration yet, is judged by its own
and says so. The base documents (at the merge base, where the change starts) are judged by
the very same rule set on the same date: a head problem is *new* unless the base has one
with the same (rule, id, path). Only new errors fail, so yesterday's data or the calendar
never blocks an unrelated pull request.
"""

from __future__ import annotations

from cmdbgit.check.model import CheckOptions, CheckResult
from cmdbgit.check.owners import owners
from cmdbgit.check.rule_changes import rule_changes
from cmdbgit.check.sensitive import sensitive_changes
from cmdbgit.diff.run import merge_base, unparsed_notes
from cmdbgit.diff.semantic import diff_inventories
from cmdbgit.errors import ConfigError
from cmdbgit.graph.run import change_impact
from cmdbgit.model.config import Config
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import ValidationResult
from cmdbgit.reports import delta
from cmdbgit.revision import Revision, open_revision
from cmdbgit.source import GitRefSource, open_repo
from cmdbgit.source.base import WORKTREE, Source
from cmdbgit.validate.run import judge
from cmdbgit.workspace import load_config, load_documents, load_ruleset


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
        rules = load_ruleset(source)
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
    return list(rules.policies.problems)


def _configs(head: Revision) -> list[Config]:
    """The configs whose paths name the rule folders: the judging one and the head's own
    (unless the head broke it, which ``head_rule_problems`` reports)."""
    try:
        return [head.rules.config, load_config(head.source)[0]]
    except ConfigError:
        return [head.rules.config]


def split(head: list[Problem], base: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    known = {problem_key(p) for p in base}
    new = [p for p in head if problem_key(p) not in known]
    existing = [p for p in head if problem_key(p) in known]
    return new, existing


def run_check(options: CheckOptions) -> CheckResult:
    if options.base is None:
        return _validate_only(options)
    handle = open_repo(options.repo)
    base_sha = handle.resolve(options.base).hexsha
    head_commit = handle.resolve("HEAD").hexsha
    start = merge_base(handle, options.base, "HEAD")
    adopting = not load_ruleset(GitRefSource(handle, base_sha)).has_config
    head = open_revision(
        options.repo, None, policies_from=None if adopting else base_sha, handle=handle
    )
    # The base documents judged by the same rule set object: same config, kinds, relations
    # and policies, whatever revision they came from.
    base_source = GitRefSource(handle, start)
    base = Revision(handle, base_source, head.rules, load_documents(base_source, head.rules.config))
    head_result = judge(head, options.as_of)
    if not adopting:
        head_result.problems = sorted([*head_result.problems, *head_rule_problems(head.source)])
    base_result = judge(base, options.as_of)
    new, existing = split(head_result.problems, base_result.problems)
    head_keys = {problem_key(p) for p in head_result.problems}
    resolved = [p for p in base_result.problems if problem_key(p) not in head_keys]
    diff = diff_inventories(base.loaded.inventory, head.loaded.inventory, start, WORKTREE)
    diff.notes = unparsed_notes("base", base.loaded) + unparsed_notes("head", head.loaded)
    impact = change_impact(
        diff, base.loaded.inventory, head.loaded.inventory, head.rules.relations, head.rules.kinds
    )
    errors = new if options.fail_on == "new" else head_result.problems
    failing = any(p.severity == "error" for p in errors)
    result = CheckResult(
        verdict="fail" if failing else "pass",
        head_result=head_result,
        new=new,
        existing=existing,
        head=WORKTREE,
        base=base_sha,
        base_ref=options.base,
        merge_base=start,
        head_commit=head_commit,
        resolved=resolved,
        diff=diff,
        impact=impact,
        rule_changes=rule_changes(base_source, head.source, _configs(head)),
        rules_from="head" if adopting else "base",
        fail_on=options.fail_on,
        as_of=options.as_of.isoformat(),
        root=handle.prefix,
    )
    result.notes = _notes(result, head_result)
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


def _notes(result: CheckResult, head_result: ValidationResult) -> list[str]:
    notes = []
    if result.adopting:
        notes.append(
            "The base has no cmdbgit configuration yet: this adopting pull request is judged "
            "by its own config, schemas, relations and policies."
        )
    return notes + list(head_result.notes)


def _validate_only(options: CheckOptions) -> CheckResult:
    """No base: validate the working tree and summarise, with validate's exit code."""
    revision = open_revision(options.repo)
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
        notes=list(result.notes),
    )
