"""``cmdbgit schemas sync``: bring the standard schemas of an older ``init`` up to date without
ever overwriting a local edit.

A three-way comparison per file: the *base* is the file as cmdbgit last wrote it (its hash is
recorded under ``shipped_schemas`` in ``cmdbgit.yaml``), *local* is the repository's file, *new*
is what this version ships.

- missing locally and never shipped before: a new kind (or the registry) — written;
- local equals the base, new differs: nobody edited it — replaced by the new version;
- local differs from the base (or there is no record): an edit — kept, the diff shown; for
  ``relations.yaml`` the relation types it lacks are appended, nothing else touched;
- recorded but missing locally: deleted on purpose — not restored.

The record is rewritten to name the new version and the hash of every file now equal to it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from cmdbgit import __version__
from cmdbgit.fsutil import write_atomic
from cmdbgit.model.config import Config
from cmdbgit.scaffold import digest, schemas_record, shipped_schemas

RELATIONS = "relations.yaml"
_ENTRY = re.compile(r"^  - name: *([A-Za-z0-9_-]+) *$", re.MULTILINE)
_RECORD = re.compile(
    r"(?:^#[^\n]*\n)*^shipped_schemas:[^\n]*\n(?:^[ \t]+[^\n]*\n|^[ \t]*\n)*", re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    #: added | updated | up-to-date | kept | types-added | deleted-locally
    state: str
    diff: str = ""
    detail: str = ""


@dataclass(slots=True)
class SyncPlan:
    outcomes: list[Outcome] = field(default_factory=list)
    writes: dict[str, bytes] = field(default_factory=dict)
    #: The new record: the shipped hash of files now equal to this version, the old base of
    #: the others (so an edit is still known as one next time)
    record: dict[str, str] = field(default_factory=dict)

    @property
    def pending(self) -> bool:
        """Anything sync would write, or a difference a person must look at."""
        return bool(self.writes) or any(o.state == "kept" for o in self.outcomes)


def plan(folder: Path, config: Config) -> SyncPlan:
    recorded = config.shipped_schemas.files if config.shipped_schemas else {}
    result = SyncPlan()
    for name, new in sorted(shipped_schemas().items()):
        path = folder / name
        base = recorded.get(name)
        if base is not None:
            result.record[name] = base
        if path.is_symlink():
            result.outcomes.append(Outcome(name, "kept", detail="a symlink; not followed"))
            continue
        if not path.is_file():
            if base is not None:
                result.outcomes.append(Outcome(name, "deleted-locally"))
            else:
                result.writes[name] = new
                result.record[name] = digest(new)
                result.outcomes.append(Outcome(name, "added"))
            continue
        local = path.read_bytes()
        if local == new:
            result.record[name] = digest(new)
            result.outcomes.append(Outcome(name, "up-to-date"))
        elif base is not None and digest(local) == base:
            result.writes[name] = new
            result.record[name] = digest(new)
            result.outcomes.append(Outcome(name, "updated", _diff(name, local, new)))
        elif name == RELATIONS and (added := _missing_types(local, new)):
            text, names = added
            result.writes[name] = local + (b"" if local.endswith(b"\n") else b"\n") + text
            result.outcomes.append(
                Outcome(name, "types-added", _diff(name, local, new), ", ".join(names))
            )
        else:
            reason = "edited locally" if base is not None else "differs; no record of the base"
            result.outcomes.append(Outcome(name, "kept", _diff(name, local, new), reason))
    return result


def apply(result: SyncPlan, folder: Path, config_path: Path) -> None:
    for name, data in result.writes.items():
        write_atomic(folder / name, data)
    _write_record(config_path, result.record)


def _write_record(config_path: Path, files: dict[str, str]) -> None:
    """Replace (or append) the ``shipped_schemas`` block; the rest of the file is kept as is."""
    text = config_path.read_text(encoding="utf-8") if config_path.is_file() else ""
    block = schemas_record(files)
    if _RECORD.search(text):
        text = _RECORD.sub(lambda _m: block, text, count=1)
    else:
        text += ("" if not text or text.endswith("\n") else "\n") + block
    write_atomic(config_path, text)


def _missing_types(local: bytes, new: bytes) -> tuple[bytes, list[str]] | None:
    """The entries of the shipped registry whose names the local one lacks, as text."""
    have = set(_ENTRY.findall(local.decode("utf-8", "replace")))
    shipped = new.decode("utf-8")
    starts = list(_ENTRY.finditer(shipped))
    blocks, names = [], []
    for index, match in enumerate(starts):
        if match.group(1) in have:
            continue
        end = starts[index + 1].start() if index + 1 < len(starts) else len(shipped)
        blocks.append(shipped[match.start() : end].rstrip("\n") + "\n")
        names.append(match.group(1))
    if not blocks:
        return None
    header = f"\n  # Added by cmdbgit schemas sync ({__version__}):\n"
    return (header + "\n".join(blocks)).encode("utf-8"), names


def _diff(name: str, local: bytes, new: bytes) -> str:
    return "".join(
        difflib.unified_diff(
            local.decode("utf-8", "replace").splitlines(keepends=True),
            new.decode("utf-8", "replace").splitlines(keepends=True),
            f"{name} (yours)",
            f"{name} (cmdbgit {__version__})",
        )
    )
