"""A revision to judge: documents from one source, the rules that judge them from another.

The rule set is assembled here, above the parts it is made of: config, kinds and relations
(``workspace``) and the policies read with those kinds (``policy.loader``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cmdbgit.errors import RepositoryError
from cmdbgit.model.config import Paths
from cmdbgit.model.result import Suppressed
from cmdbgit.policy.engine import checker as policy_checker
from cmdbgit.policy.loader import PolicySet, load_policies
from cmdbgit.source import GitRefSource, RepoHandle, Source, WorktreeSource, open_repo
from cmdbgit.validate import Checker
from cmdbgit.workspace import CONFIG_FILE, LoadedInventory, RuleSet, load_documents, load_ruleset

#: ``--policies-from head``: judge the documents by their own rules.
HEAD_KEYWORD = "head"
DEFAULT_INVENTORY = Paths().inventory


@dataclass(slots=True)
class Revision:
    handle: RepoHandle
    source: Source
    rules: RuleSet
    loaded: LoadedInventory
    #: The policies of the rules' source: a pull request is judged by the base's policies.
    policies: PolicySet
    suppressed: list[Suppressed] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.source.label

    def extra_checkers(self) -> list[Checker]:
        """Checkers beyond the core layers: the policy layer, which puts the problems its
        exceptions waive into ``suppressed``."""
        return [policy_checker(self.policies, self.suppressed)]

    def take_suppressed(self) -> list[Suppressed]:
        return sorted(self.suppressed, key=lambda s: s.problem)


def source_for(handle: RepoHandle, ref: str | None) -> Source:
    return WorktreeSource(handle) if ref is None else GitRefSource(handle, ref)


def load_rules(source: Source) -> tuple[RuleSet, PolicySet]:
    """The whole rule set of ``source``: config, kinds, relations and policies."""
    rules = load_ruleset(source)
    return rules, load_policies(source, rules.config.paths.policies, rules.kinds)


def open_revision(
    repo: Path | str,
    ref: str | None = None,
    policies_from: str | None = None,
    *,
    handle: RepoHandle | None = None,
    use_cache: bool = True,
    require_inventory: bool = True,
) -> Revision:
    """Load the documents at ``ref`` (None: the working tree) judged by the rules at
    ``policies_from`` (None or ``head``: the documents' own). A revision without its
    inventory folder is an error (exit 2) unless ``require_inventory`` is False: "0
    documents, ok" from the wrong folder would be a false green."""
    handle = handle or open_repo(repo)
    source = source_for(handle, ref)
    if policies_from is None or policies_from == HEAD_KEYWORD:
        rules, policies = load_rules(source)
    else:
        rules, policies = load_rules(GitRefSource(handle, policies_from))
    loaded = load_documents(source, rules.config, use_cache=use_cache)
    if require_inventory and not loaded.files:
        _require_inventory(handle, source, rules)
    return Revision(handle, source, rules, loaded, policies)


def _require_inventory(handle: RepoHandle, source: Source, rules: RuleSet) -> None:
    folder = rules.config.paths.inventory.strip("/") or "."
    if isinstance(source, WorktreeSource):
        if (handle.root / folder).is_dir():
            return  # there, only empty: a new project
        where = f"{handle.root}/{folder}"
    else:
        where = f"{folder}/ at {source.label[:12]}"
    if folder != DEFAULT_INVENTORY:
        raise RepositoryError(
            f"the inventory folder {where} does not exist "
            f"(paths.inventory in {CONFIG_FILE} names {folder!r})"
        )
    located = "" if handle.repo is not None else " and is not inside a Git repository"
    raise RepositoryError(
        f"no inventory: {where} does not exist{located} "
        "(run cmdbgit inside a project, or name one with --repo)"
    )
