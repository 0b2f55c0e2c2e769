"""``cmdbgit policy test``: run PolicyTests through the same engine ``validate`` uses.

Each test builds an in-memory inventory from its inline documents (parsed by the same YAML
loader into the same ``Document``/``Inventory`` model), judges it with the project's kinds,
relations and the one named policy — exceptions included — on the test's ``as_of``, and
compares, per expected id, "has an unsuppressed problem of that policy" with ``violates``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cmdbgit.errors import UsageError
from cmdbgit.model.config import Limits
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.problem import Problem
from cmdbgit.parse.locator import Locator
from cmdbgit.policy.engine import evaluate
from cmdbgit.policy.loader import Policy, load_policies
from cmdbgit.policy.testcase import RULE as TEST_RULE
from cmdbgit.policy.testcase import PolicyTest, load_tests
from cmdbgit.source import open_repo
from cmdbgit.source.base import SourceFile
from cmdbgit.source.worktree import WorktreeSource
from cmdbgit.validate.context import CheckContext
from cmdbgit.workspace import LoadedInventory, RuleSet, load_ruleset


@dataclass(frozen=True, slots=True)
class PolicyTestOptions:
    repo: Path
    as_of: date
    directory: Path | None = None


@dataclass(slots=True)
class Verdict:
    id: str
    expected: bool
    actual: bool
    problems: list[Problem]

    @property
    def passed(self) -> bool:
        return self.expected == self.actual


@dataclass(slots=True)
class TestResult:
    test: PolicyTest
    as_of: date
    verdicts: list[Verdict]

    @property
    def passed(self) -> bool:
        return all(v.passed for v in self.verdicts)


@dataclass(slots=True)
class TestReport:
    results: list[TestResult] = field(default_factory=list)
    #: Malformed test files, unknown policies, malformed policies: nothing honest can be said.
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if not r.passed)

    @property
    def exit_code(self) -> int:
        if any(p.severity == "error" for p in self.problems):
            return 2
        return 1 if self.failed else 0


class _NoFiles:
    """The source of an in-memory inventory: there is nothing to re-read."""

    label = "POLICYTEST"

    def files(self, folder: str, suffixes: tuple[str, ...] = ()) -> list[SourceFile]:
        return []

    def read(self, path: str) -> bytes | None:
        return None


def run_policy_tests(options: PolicyTestOptions) -> TestReport:
    handle = open_repo(options.repo)
    source = WorktreeSource(handle)
    rules = load_ruleset(source)
    policies = load_policies(source, rules.config.paths.policies, rules.kinds)
    folder = options.directory or handle.root / rules.config.paths.policies / "tests"
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such directory of policy tests")
    files = [
        (_shown(p, handle.root), p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in (".yaml", ".yml")
    ]
    loaded = load_tests(files)
    report = TestReport(problems=[*policies.problems, *loaded.problems])
    for test in loaded.tests:
        policy = policies.get(test.policy)
        if policy is None:
            report.problems.append(
                Problem(
                    test.file,
                    test.line,
                    1,
                    TEST_RULE,
                    "error",
                    f"test {test.id!r} names no valid policy {test.policy!r}",
                    id=test.id,
                    path="spec.policy",
                )
            )
            continue
        report.results.append(run_test(test, rules, policy, options.as_of))
    report.problems.sort()
    return report


def run_test(test: PolicyTest, rules: RuleSet, policy: Policy, default_as_of: date) -> TestResult:
    """Judge the test's inline documents by its one policy."""
    as_of = test.as_of or default_as_of
    locator = Locator(_NoFiles().read, Limits())
    locator.remember(test.file, test.positions)
    inventory = Inventory(test.documents)
    loaded = LoadedInventory(inventory, list(test.documents), [], locator, set(), _NoFiles(), 1)
    outcome = evaluate(CheckContext(loaded, rules, as_of), [policy])
    verdicts = []
    for expectation in test.expect:
        found = [p for p in outcome.problems if p.id == expectation.id]
        verdicts.append(Verdict(expectation.id, expectation.violates, bool(found), found))
    return TestResult(test, as_of, verdicts)


def _shown(path: Path, root: Path) -> str:
    """A path relative to the repository when inside it, as given otherwise."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
