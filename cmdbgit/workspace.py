"""Loading a revision: the rules that judge (config, kinds, relations) and the documents.

The two may come from different sources: a pull-request check reads the rules from the base
and the documents from the head. Policies are assembled on top of this (``revision``).
What a source did not read (links, special files…) and a committed ``.cmdbgit/`` are
problems of the documents' revision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cmdbgit.errors import ConfigError
from cmdbgit.gcpause import keep_out_of_gc, no_gc
from cmdbgit.model import invalid
from cmdbgit.model.config import Config, Limits
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.kinds import SCHEMA_SUFFIX, KindRegistry
from cmdbgit.model.paths import format_path
from cmdbgit.model.problem import Problem
from cmdbgit.model.relations import RelationFile, RelationRegistry
from cmdbgit.parse.loader import load_file
from cmdbgit.parse.locator import Locator
from cmdbgit.source.base import WORKTREE, Screened, Source, SourceFile, blob_id
from cmdbgit.source.batch import cache_for, load_files
from cmdbgit.source.gitref import GitRefSource
from cmdbgit.source.worktree import WorktreeSource
from cmdbgit.store.positions import PositionStore

CONFIG_FILE = "cmdbgit.yaml"
RELATIONS_FILE = "relations.yaml"
#: cmdbgit's local state folder of old: never read, and never to be committed.
STATE_DIR = ".cmdbgit"


@dataclass(slots=True)
class RuleSet:
    """What judges the documents: config, kind schemas, relation registry (+ policies)."""

    config: Config
    kinds: KindRegistry
    relations: RelationRegistry
    origin: str
    has_config: bool


@dataclass(slots=True)
class LoadedInventory:
    """The documents of one revision with their ``yaml`` problems and a locator."""

    inventory: Inventory
    documents: list[Document]  # every non-empty document, mappings or not
    problems: list[Problem]
    locator: Locator
    broken: set[tuple[str, int]]
    source: Source
    files: int
    #: Git blob id of each file read (the key of everything cached about it)
    blobs: dict[str, str] = field(default_factory=dict)
    #: Where this revision's caches live; None with ``--no-cache`` (nothing is read or written)
    cache_root: Path | None = None
    #: The problems of the listing rather than of a file's bytes (links, special files, a
    #: committed ``.cmdbgit/``): part of ``problems``, and of what a remembered judgement keys on
    listing: tuple[Problem, ...] = ()

    def is_broken(self, doc: Document) -> bool:
        return (doc.file, doc.index) in self.broken


def _read_yaml(source: Source, path: str, limits: Limits) -> Any:
    raw = source.read(path)
    if raw is None:
        return None
    loaded = load_file(path, raw, limits)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors:
        first = errors[0]
        raise ConfigError(
            f"{first.file}:{first.line}:{first.column}: {first.message}",
            file=first.file,
            line=first.line,
            column=first.column,
        )
    if len(loaded.documents) > 1:
        raise ConfigError(
            f"{path}: expected one YAML document, found {len(loaded.documents)}", file=path
        )
    return loaded.documents[0].data if loaded.documents else {}


def load_config(source: Source) -> tuple[Config, bool]:
    data = _read_yaml(source, CONFIG_FILE, Limits())
    if data is None:
        return Config(), False
    try:
        return Config.model_validate(data), True
    except ValidationError as exc:
        raise _invalid(source, CONFIG_FILE, data, exc, Config) from None


def _invalid(
    source: Source, path: str, data: Any, exc: ValidationError, model: type[BaseModel]
) -> ConfigError:
    """Every mistake of a rule file at once, each at its line, in the user's words."""
    raw = source.read(path) or b""
    located = load_file(path, raw, Limits(), force_located=True)
    locator = Locator(source.read, Limits())
    if located.positions is not None:
        locator.remember(path, located.positions)
    doc = located.documents[0] if located.documents else Document(path, 0, 1, data)
    mistakes = []
    for where, message in invalid.errors(exc, data, model=model):
        unknown = message.startswith("unknown field")  # it names its key: show the parent
        line, column = locator.position(doc, where, key=unknown)
        shown = format_path(where[:-1] if unknown else where)
        mistakes.append((line, column, f"{shown}: {message}" if shown else message))
    return ConfigError.at(path, mistakes)


def load_ruleset(source: Source) -> RuleSet:
    config, has_config = load_config(source)
    folder = config.paths.schemas
    schema_files = {
        f.path: source.read(f.path) or b"" for f in source.files(folder, (SCHEMA_SUFFIX,))
    }
    relations_path = f"{folder.rstrip('/')}/{RELATIONS_FILE}"
    # The inventory's limits guard against hostile documents; the rule files are trusted
    # differently (they come from the base in a PR), so they are read with the defaults.
    relations_data = _read_yaml(source, relations_path, Limits())
    has_config = has_config or bool(schema_files)
    if not schema_files:
        # No schemas in the repository: the standard kinds that ship with cmdbgit.
        schema_files = _packaged(SCHEMA_SUFFIX)
    if relations_data is None:
        relations_data = _packaged_yaml(RELATIONS_FILE)
    try:
        relations = RelationFile.model_validate(relations_data)
    except ValidationError as exc:
        raise _invalid(source, relations_path, relations_data, exc, RelationFile) from None
    return RuleSet(
        config=config,
        kinds=KindRegistry.from_files(schema_files),
        relations=RelationRegistry(relations.relations),
        origin=source.label,
        has_config=has_config,
    )


def rules_fingerprint(source: Source, origin: str, config: Config) -> str:
    """What names the rule files (from ``origin``) for a remembered judgement: a commit's are
    fixed by its sha; the working tree's (``source`` then, whose listing is reused) are
    listed and hashed (a few files: ``cmdbgit.yaml``, the schemas and the policies
    folders)."""
    if origin != WORKTREE:
        return f"commit {origin}"
    if not isinstance(source, WorktreeSource):
        raise TypeError("the working tree's rules are fingerprinted from the working tree")
    paths = config.paths
    found = [f for folder in (paths.schemas, paths.policies) for f in source.files(folder, ("",))]
    raw = source.read(CONFIG_FILE)
    lines = [f"{f.path} {f.blob_id}" for f in found]
    lines.append(f"{CONFIG_FILE} {blob_id(raw) if raw is not None else '-'}")
    return "\n".join(["worktree", *lines])


def _scaffold_schemas() -> Any:
    return resources.files("cmdbgit").joinpath("scaffold", "schemas")


def _packaged(suffix: str) -> dict[str, bytes]:
    folder = _scaffold_schemas()
    return {
        f"schemas/{p.name}": p.read_bytes() for p in folder.iterdir() if p.name.endswith(suffix)
    }


def _packaged_yaml(name: str) -> Any:
    raw = _scaffold_schemas().joinpath(name).read_bytes()
    loaded = load_file(f"schemas/{name}", raw, Limits())
    return loaded.documents[0].data


def load_documents(
    source: Source,
    config: Config,
    *,
    use_cache: bool = True,
    files: list[SourceFile] | None = None,
    listing: tuple[Problem, ...] | None = None,
    known_kinds: dict[str, str | None] | None = None,
) -> LoadedInventory:
    """Parse every inventory file of ``source`` (``files``, when listed already); problems are
    values, never exceptions.

    ``known_kinds``: ``files`` are a part of the revision, whose ids have these kinds
    (``model.inventory.Inventory``); the caches then keep what the part does not name.

    Files whose Git blob is in the parse cache are not parsed again (``use_cache=False``: the
    cache on disk is neither read nor written); the rest are parsed, in parallel when many.
    """
    limits = config.limits
    files = source.files(config.paths.inventory) if files is None else files
    cache = cache_for(source, limits, use_cache)
    blobs = {f.path: f.blob_id for f in files}
    folder = None if cache.file is None else cache.file.parent
    whole = known_kinds is None
    locator = Locator(source.read, limits, PositionStore(folder, limits, blobs, prune=whole))
    documents: list[Document] = []
    problems: list[Problem] = []
    broken: set[tuple[str, int]] = set()
    with no_gc():
        for loaded in load_files(source, files, limits, cache, prune=whole):
            problems.extend(loaded.problems)
            if loaded.positions is not None:
                locator.remember(loaded.path, loaded.positions)
            broken.update((loaded.path, index) for index in loaded.broken)
            documents.extend(loaded.documents)
        mappings = [d for d in documents if isinstance(d.data, dict)]
        inventory = Inventory(mappings, known_kinds)
        keep_out_of_gc(len(documents))  # before the collector is back: it would walk them all
    if listing is None:
        listing = tuple(listing_problems(source, config))
    return LoadedInventory(
        inventory,
        documents,
        [*problems, *listing],
        locator,
        broken,
        source,
        len(files),
        blobs,
        folder,
        listing,
    )


def listing_problems(source: Source, config: Config) -> list[Problem]:
    """Entries of the inventory and rule files the source did not read (never a link), and
    each committed file under ``.cmdbgit/``."""
    found: list[Problem] = []
    if isinstance(source, Screened):
        paths = config.paths
        folder = paths.schemas.rstrip("/")
        targets = [paths.inventory, paths.schemas, paths.policies, CONFIG_FILE]
        targets.append(f"{folder}/{RELATIONS_FILE}")
        seen: set[Problem] = set()
        for target in dict.fromkeys(targets):
            for problem in source.screened(target):
                if problem not in seen:
                    seen.add(problem)
                    found.append(problem)
    if isinstance(source, GitRefSource | WorktreeSource):
        message = (
            f"{STATE_DIR}/ is local state and must not be committed (cmdbgit never reads it; "
            f"its caches live outside the repository): git rm -r --cached {STATE_DIR}"
        )
        found.extend(
            Problem(path, 1, 1, "config", "error", message) for path in source.tracked(STATE_DIR)
        )
    return found
