"""``cmdbgit import``: read a source, plan against the working tree, apply on request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from cmdbgit.errors import UsageError
from cmdbgit.imports.apply import Written, apply_plan
from cmdbgit.imports.observation import record
from cmdbgit.imports.observed import InputError
from cmdbgit.imports.plan import Ownership, Plan, build_plan, default_folder
from cmdbgit.imports.sources import SOURCES, ReadContext, source_module
from cmdbgit.model.config import ImportSettings
from cmdbgit.revision import open_revision


@dataclass(frozen=True, slots=True)
class ImportOptions:
    repo: Path
    as_of: date
    source: str
    inputs: tuple[Path, ...] = ()
    mapping: Path | None = None
    write: bool = False
    url: str | None = None
    #: With ``write``: also record what the source saw, for ``report health``'s truth.
    record: bool = False


@dataclass(slots=True)
class ImportResult:
    plan: Plan
    written: Written | None = None


def run_import(options: ImportOptions) -> ImportResult:
    module = source_module(options.source)
    if options.url and options.inputs:
        raise UsageError("give saved files or a live service's URL, not both")
    if options.url and options.source not in ("netbox", "aws"):
        raise UsageError(f"the {options.source} source reads files; it takes no URL")
    revision = open_revision(options.repo)
    settings = revision.rules.config.imports
    _check_sources(settings)
    context = ReadContext(settings, settings.source(options.source), options.mapping, options.url)
    try:
        reading = module.read(list(options.inputs), context)
    except InputError as exc:
        raise UsageError(f"cannot import: {exc}") from None
    name = reading.name or options.source
    # A CSV mapping may name its source (procurement, finance): its settings go by that name.
    source_settings = settings.source(name)
    owns = source_settings.owns or reading.owns or tuple(module.OWNS)
    others = {
        other: tuple(settings.source(other).owns or ())
        for other in (settings.model_extra or {})
        if other != options.source
    }
    inventory = revision.loaded.inventory
    plan = build_plan(
        reading.items,
        inventory,
        settings,
        Ownership(name, owns, others),
        options.as_of,
        lambda kind: default_folder(kind, revision.rules.config.paths.inventory),
    )
    plan.notes.extend(reading.notes)
    plan.problems[:0] = reading.problems
    if not options.write:
        return ImportResult(plan)
    if plan.conflicts:
        plan.notes.append("conflicts are left for a person to resolve; the rest was applied")
    root = revision.handle.root
    written = apply_plan(plan, inventory, root, settings.default_owner, source_settings.labels)
    observed = record(root, plan) if options.record else None
    if observed is not None:
        written.edited.append(observed)
    return ImportResult(plan, written)


def _check_sources(settings: ImportSettings) -> None:
    """Every other key of ``import:`` names a source (a module's, or a CSV mapping's
    ``source:``) and holds its settings: a mapping of known keys. A misspelt setting
    (``defualt_owner: team-x``) is not a mapping and is caught here."""
    for name, value in (settings.model_extra or {}).items():
        if not isinstance(value, dict):
            raise UsageError(
                f"cmdbgit.yaml: import.{name}: not a setting (default_owner, identify, products) "
                f"nor the settings of a source (sources: {', '.join(SOURCES)})"
            )
        try:
            settings.source(name)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in error["loc"])
            raise UsageError(f"cmdbgit.yaml: import.{name}.{where}: {error['msg']}") from None
