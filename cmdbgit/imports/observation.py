"""The last observation of each import source, kept in the repository for ``report health``.

``import --write --record`` records, in ``observed/<source>.json`` (committed with it),
which documents were in the source's scope when it looked and which of them disagreed with it — a field the source
owns that differed (before the import corrected it) or a document it no longer saw. The file
is rewritten only when that picture changes, so a steady estate gives no daily commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmdbgit.fsutil import write_atomic
from cmdbgit.source.base import Source

if TYPE_CHECKING:  # the health report reads observations without the import engine
    from cmdbgit.imports.plan import Plan

FOLDER = "observed"


@dataclass(frozen=True, slots=True)
class Observation:
    source: str
    as_of: str
    in_scope: tuple[str, ...]
    disagreed: tuple[str, ...]


def of_plan(plan: Plan) -> Observation:
    disagreed = {d.id for d in plan.drifted if d.applied} | {m.id for m in plan.missing}
    return Observation(
        plan.source, plan.as_of.isoformat(), tuple(sorted(plan.in_scope)), tuple(sorted(disagreed))
    )


def record(root: Path, plan: Plan) -> str | None:
    """Write the plan's observation; the file's path when written, None when unchanged."""
    observation = of_plan(plan)
    file = f"{FOLDER}/{observation.source}.json"
    path = root / file
    try:
        old = _parse(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        old = None
    if old is not None and (old.in_scope, old.disagreed) == (
        observation.in_scope,
        observation.disagreed,
    ):
        return None
    text = json.dumps(
        {
            "source": observation.source,
            "as_of": observation.as_of,
            "in_scope": list(observation.in_scope),
            "disagreed": list(observation.disagreed),
        },
        indent=2,
    )
    write_atomic(path, text + "\n")
    return file


def observations(source: Source) -> tuple[list[Observation], list[str]]:
    """Every recorded observation of a revision, and a note for each file that is not one."""
    out, notes = [], []
    for file in source.files(FOLDER, (".json",)):
        raw = source.read(file.path)
        try:
            parsed = _parse(json.loads(raw or b""))
        except (ValueError, RecursionError):
            parsed = None
        if parsed is None:
            notes.append(f"{file.path}: not an import observation; ignored")
        else:
            out.append(parsed)
    return out, notes


def _parse(data: Any) -> Observation | None:
    if not isinstance(data, dict):
        return None
    source, as_of = data.get("source"), data.get("as_of")
    in_scope, disagreed = data.get("in_scope"), data.get("disagreed")
    if not (isinstance(source, str) and isinstance(as_of, str)):
        return None
    if not all(
        isinstance(v, list) and all(isinstance(i, str) for i in v) for v in (in_scope, disagreed)
    ):
        return None
    assert isinstance(in_scope, list) and isinstance(disagreed, list)
    return Observation(source, as_of, tuple(in_scope), tuple(disagreed))
