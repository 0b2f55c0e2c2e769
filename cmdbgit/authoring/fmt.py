"""``fmt``: rewrite YAML files in canonical layout, keeping every comment and every value.

A file already canonical is never round-tripped, nor is one whose lines are all in the
writer's layout and only need moving into key order (``permute.py``: a fraction of a
millisecond, where the writer costs ~10 ms a document). Any other file goes through the one
writer. Either way the result is read back and must hold exactly the same data and every
comment, else the file is refused rather than written. Files are examined in forked workers
(``workers.pool``); this process writes, each file atomically.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from cmdbgit.authoring.layout import mappings_to_order
from cmdbgit.authoring.permute import permuted
from cmdbgit.authoring.project import Project
from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic
from cmdbgit.model.config import Limits
from cmdbgit.model.kinds import KindSchema
from cmdbgit.model.problem import Problem
from cmdbgit.parse.comments import reorder
from cmdbgit.parse.loader import BOM, LoadedFile, load_file
from cmdbgit.parse.roundtrip import RoundTripError, dump_all, load_all, lost_comments
from cmdbgit.policy.secrets import REDACTED, find_secrets
from cmdbgit.source.base import is_yaml
from cmdbgit.workers.pool import map_forked


@dataclass(slots=True)
class FmtResult:
    files: int = 0
    #: files that needed the round-trip writer (the rest passed the cheap check)
    round_tripped: int = 0
    changed: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0


def format_text(
    text: str,
    kinds: Mapping[str, KindSchema],
    limits: Limits | None = None,
    before: list[Any] | None = None,
) -> str:
    """``text`` in canonical layout (the caller has checked that it is clean YAML). Raises
    ``RoundTripError`` rather than return a text that would lose a comment or a value.
    ``before``: the data the hardened loader read from ``text``, when the caller has it."""
    bom = BOM if text.startswith(BOM) else ""
    documents = [d for d in load_all(text.removeprefix(BOM)) if d is not None]
    if not documents:
        return text
    for document in documents:
        orders = list(mappings_to_order(document, kinds))
        # Who holds each list: comments above a list's first item live with the list's key.
        holders = {id(v): (m, k) for m, *_ in orders for k, v in m.items() if isinstance(v, list)}
        # Innermost first: a nested mapping settles its own trailing comments before its
        # parent moves it.
        for mapping, parent, key, order in reversed(orders):
            holder = holders.get(id(parent))
            reorder(mapping, order, parent=parent, key_in_parent=key, holder=holder)
    out = bom + dump_all(documents)
    lost = lost_comments(text, out)
    if lost:
        raise RoundTripError(f"formatting would lose the comment {lost[0]!r}")
    # Read back with the validating loader: ruamel writes a few rare layouts wrongly.
    limits = limits or Limits()
    if out != text:
        if before is None:
            before = _data("<original>", text.encode("utf-8"), limits)
        if _data("<formatted>", out.encode("utf-8"), limits) != before:
            raise RoundTripError("formatting would change a value")
    return out


@dataclass(frozen=True, slots=True)
class Outcome:
    """What formatting one file came to (plain data: it travels back from a worker)."""

    path: str
    problems: tuple[Problem, ...] = ()
    round_tripped: bool = False
    #: the canonical text, when it differs from the file's
    new: str | None = None
    #: ``--check``: the unified diff, secrets redacted
    diff: str = ""


#: Below this many files, one process is as fast as forking workers (measured on a busy
#: 2-core machine, ``fmt --check``, median of 5: 128 canonical files 107 ms in one process,
#: 109 ms with a worker; 256 non-canonical files 499 ms, 456 ms).
PARALLEL_MIN_FILES = 200


def fmt(project: Project, paths: Iterable[str], *, check: bool) -> FmtResult:
    result = FmtResult()
    files = _files(project, list(paths))
    fullpaths: dict[str, Path] = {}
    folders: dict[str, Path | None] = {}  # resolved once per folder: files are no symlinks
    for rel in files:
        folder, _, name = rel.rpartition("/")
        if folder not in folders:
            try:
                folders[folder] = project.inside(folder or ".")
            except UsageError:  # a symlinked folder leading out of the project: never read
                folders[folder] = None
        resolved = folders[folder]
        if resolved is None:
            message = "resolves outside the project; not formatted"
            result.problems.append(Problem(rel, 1, 1, "yaml", "error", message))
        else:
            fullpaths[rel] = resolved / name
    examine = partial(_examine, kinds=project.rules.kinds, limits=project.rules.config.limits)

    def one(rel: str) -> Outcome:
        return examine(rel, fullpaths[rel], check=check)

    outcomes = map_forked(one, list(fullpaths), crashed=_crashed, min_items=PARALLEL_MIN_FILES)
    result.files = len(files)
    for outcome in outcomes:
        result.problems.extend(outcome.problems)
        result.round_tripped += outcome.round_tripped
        if outcome.new is None:
            continue
        result.changed.append(outcome.path)
        if check:
            result.diffs.append(outcome.diff)
        else:
            write_atomic(fullpaths[outcome.path], outcome.new.encode("utf-8"))
    result.problems.sort()
    return result


def _examine(
    rel: str, full: Path, *, check: bool, kinds: Mapping[str, KindSchema], limits: Limits
) -> Outcome:
    raw = full.read_bytes()
    loaded = load_file(rel, raw, limits)
    errors = tuple(p for p in loaded.problems if p.severity == "error")
    if errors:
        return Outcome(rel, errors)
    text = raw.decode("utf-8")
    # Canonical already (the common case once a repository is formatted), or canonical by
    # moving lines: either way no round trip.
    documents = [d.data for d in loaded.documents]
    new = permuted(text, documents, kinds, limits.max_depth)
    if new == text:
        return Outcome(rel)
    if new is not None:
        return _changed(rel, text, new, loaded, check=check, kinds=kinds, limits=limits)
    try:
        new = format_text(text, kinds, limits, documents)
    except RoundTripError as exc:
        message = f"cannot format: {exc}; file left as it is"
        return Outcome(rel, (Problem(rel, 1, 1, "yaml", "error", message),), True)
    except Exception as exc:  # the boundary: one file ruamel trips on must not stop the run
        message = (
            f"cannot format: the YAML writer failed ({type(exc).__name__}); file left as it is"
        )
        return Outcome(rel, (Problem(rel, 1, 1, "yaml", "error", message),), True)
    if new == text:
        return Outcome(rel, round_tripped=True)
    return _changed(
        rel, text, new, loaded, check=check, kinds=kinds, limits=limits, round_tripped=True
    )


def _changed(
    rel: str,
    text: str,
    new: str,
    loaded: LoadedFile,
    *,
    check: bool,
    kinds: Mapping[str, KindSchema],
    limits: Limits,
    round_tripped: bool = False,
) -> Outcome:
    diff = ""
    if check:
        # The values are the same before and after (checked above), so are the secrets: a
        # file without any needs no located parse to redact its diff.
        secrets = (find_secrets(d.data, kinds.get(d.kind or "")) for d in loaded.documents)
        if any(next(found, None) is not None for found in secrets):
            text, shown = (_redacted(rel, t, kinds, limits) for t in (text, new))
        else:
            shown = new
        diff = _diff(rel, text, shown)
    return Outcome(rel, round_tripped=round_tripped, new=new, diff=diff)


def _crashed(rel: str, why: str) -> Outcome:
    message = f"the YAML writer crashed on this file ({why}); file left as it is"
    return Outcome(rel, (Problem(rel, 1, 1, "yaml", "error", message),))


def _data(path: str, raw: bytes, limits: Limits) -> list[Any] | None:
    loaded = load_file(path, raw, limits)
    if any(p.severity == "error" for p in loaded.problems):
        return None
    return [d.data for d in loaded.documents]


def _redacted(path: str, text: str, kinds: Mapping[str, KindSchema], limits: Limits) -> str:
    """``text`` with the lines of every value that looks like a secret replaced, so that a
    diff in a CI log never prints one (the same judgement every output uses)."""
    loaded = load_file(path, text.encode("utf-8"), limits, force_located=True)
    lines = text.split("\n")
    for doc in loaded.documents:
        where = (loaded.positions or {}).get(doc.index)
        kind = kinds.get(doc.kind or "")
        for finding in find_secrets(doc.data, kind):
            found = where.locate(finding.path) if where is not None else None
            if found is None:
                continue
            line, column = found[0] - 1, found[1] - 1
            indent = len(lines[line]) - len(lines[line].lstrip(" "))
            lines[line] = lines[line][:column] + REDACTED
            follow = line + 1  # the rest of a value written over several lines
            while (
                follow < len(lines)
                and lines[follow].strip()
                and (len(lines[follow]) - len(lines[follow].lstrip(" ")) > indent)
            ):
                lines[follow] = " " * (indent + 2) + REDACTED
                follow += 1
    return "\n".join(lines)


def _diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    return "".join(lines)


def _files(project: Project, paths: list[str]) -> list[str]:
    """The YAML files to format, relative to the project (default: inventory and policies)."""
    config = project.rules.config.paths
    if not paths:
        paths = [config.inventory, config.policies]
    out: list[str] = []
    for given in paths:
        full = project.inside(given)
        rel = project.relative(full) if full != project.root else ""
        if full.is_file():
            if not is_yaml(rel):
                raise UsageError(f"{given}: not a .yaml or .yml file")
            out.append(rel)
        elif full.is_dir():
            out.extend(f.path for f in project.source.files(rel or "."))
        elif given not in (config.inventory, config.policies):
            raise UsageError(f"{given}: no such file or folder")
    # A symlinked file is never followed: it may point anywhere on the machine.
    return sorted(dict.fromkeys(p for p in out if not (project.root / p).is_symlink()))
