"""A revision to judge: documents from one source, the rules that judge them from another.

The rule set is assembled here, above the parts it is made of: config, kinds and relations
(``workspace``) and the policies read with those kinds (``policy.loader``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cmdbgit.errors import RepositoryError
from cmdbgit.model.config import Paths
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import Suppressed
from cmdbgit.policy.layer import PolicyLayer
from cmdbgit.policy.loader import PolicySet, load_policies
from cmdbgit.source import GitRefSource, RepoHandle, Source, WorktreeSource, open_repo, source_for
from cmdbgit.source.base import SourceFile
from cmdbgit.source.batch import cache_folder
from cmdbgit.validate import Checker
from cmdbgit.workspace import (
    CONFIG_FILE,
    LoadedInventory,
    RuleSet,
    listing_problems,
    load_documents,
    load_ruleset,
)

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
    #: The problems the policies' exceptions waive: the policy layer puts them here.
    suppressed: list[Suppressed] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.source.label

    def extra_checkers(self) -> list[Checker]:
        """Checkers beyond the core layers: the policy layer, which puts the problems its
        exceptions waive into ``suppressed``."""
        return [PolicyLayer(self.policies, self.suppressed)]

    @property
    def listed(self) -> Listed:
        """What names this revision (its listing), as ``list_revision`` gives it."""
        loaded = self.loaded
        files = [SourceFile(path, blob) for path, blob in loaded.blobs.items()]
        return Listed(
            self.handle,
            self.source,
            self.rules,
            self.policies,
            files,
            loaded.listing,
            loaded.cache_root,
        )


def load_rules(source: Source) -> tuple[RuleSet, PolicySet]:
    """The whole rule set of ``source``: config, kinds, relations and policies."""
    rules = load_ruleset(source)
    return rules, load_policies(source, rules.config.paths.policies, rules.kinds)


@dataclass(slots=True)
class Listed:
    """A revision listed but not read: its rules, its inventory files with their blob ids and
    what the listing found. Enough to name the revision, so a remembered judgement is answered
    without decoding a single document."""

    handle: RepoHandle
    source: Source
    rules: RuleSet
    policies: PolicySet
    files: list[SourceFile]
    listing: tuple[Problem, ...]
    #: The repository's cache folder; None with ``--no-cache`` or without a usable one
    cache_root: Path | None

    @property
    def blobs(self) -> dict[str, str]:
        return {f.path: f.blob_id for f in self.files}

    def load(self) -> Revision:
        loaded = load_documents(
            self.source,
            self.rules.config,
            use_cache=self.cache_root is not None,
            files=self.files,
            listing=self.listing,
        )
        return Revision(self.handle, self.source, self.rules, loaded, self.policies)


def list_revision(
    repo: Path | str,
    ref: str | None = None,
    policies_from: str | None = None,
    *,
    handle: RepoHandle | None = None,
    use_cache: bool = True,
    require_inventory: bool = True,
) -> Listed:
    """The revision at ``ref`` (None: the working tree) judged by the rules at
    ``policies_from`` (None or ``head``: the documents' own), listed but not read. A revision
    without its inventory folder is an error (exit 2) unless ``require_inventory`` is False:
    "0 documents, ok" from the wrong folder would be a false green."""
    handle = handle or open_repo(repo)
    source = source_for(handle, ref)
    if policies_from is None or policies_from == HEAD_KEYWORD:
        rules, policies = load_rules(source)
    else:
        rules, policies = load_rules(GitRefSource(handle, policies_from))
    files = source.files(rules.config.paths.inventory)
    if require_inventory and not files:
        _require_inventory(handle, source, rules)
    listing = tuple(listing_problems(source, rules.config))
    cache_root = cache_folder(source, use_cache)
    return Listed(handle, source, rules, policies, files, listing, cache_root)


def open_revision(
    repo: Path | str,
    ref: str | None = None,
    policies_from: str | None = None,
    *,
    handle: RepoHandle | None = None,
    use_cache: bool = True,
    require_inventory: bool = True,
) -> Revision:
    """The revision ``list_revision`` names, with every document loaded."""
    return list_revision(
        repo,
        ref,
        policies_from,
        handle=handle,
        use_cache=use_cache,
        require_inventory=require_inventory,
    ).load()


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
