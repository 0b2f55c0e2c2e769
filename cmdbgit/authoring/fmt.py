"""``fmt``: rewrite YAML files in canonical layout, keeping every comment and every value.

A file already canonical (``canonical.looks_canonical``) is never round-tripped. Any other
file goes through the one writer; the result is read back with the hardened loader and must
hold exactly the same data, else the file is refused rather than written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cmdbgit.authoring.canonical import looks_canonical
from cmdbgit.authoring.layout import mappings_to_order
from cmdbgit.authoring.project import Project
from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic
from cmdbgit.model.config import Limits
from cmdbgit.model.kinds import KindSchema
from cmdbgit.model.problem import Problem
from cmdbgit.parse.comments import reorder
from cmdbgit.parse.loader import BOM, load_file
from cmdbgit.parse.roundtrip import RoundTripError, dump_all, load_all, lost_comments
from cmdbgit.policy.secrets import REDACTED, find_secrets
from cmdbgit.source.base import is_yaml


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


def format_text(text: str, kinds: Mapping[str, KindSchema], limits: Limits | None = None) -> str:
    """``text`` in canonical layout (the caller has checked that it is clean YAML). Raises
    ``RoundTripError`` rather than return a text that would lose a comment or a value."""
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
    if out != text and _data("<formatted>", out.encode("utf-8"), limits) != _data(
        "<original>", text.encode("utf-8"), limits
    ):
        raise RoundTripError("formatting would change a value")
    return out


def fmt(project: Project, paths: Iterable[str], *, check: bool) -> FmtResult:
    limits = project.rules.config.limits
    kinds = project.rules.kinds
    result = FmtResult()
    for rel in _files(project, list(paths)):
        result.files += 1
        try:
            full = project.inside(rel)
        except UsageError:  # a symlinked folder leading out of the project: never read
            message = "resolves outside the project; not formatted"
            result.problems.append(Problem(rel, 1, 1, "yaml", "error", message))
            continue
        raw = full.read_bytes()
        loaded = load_file(rel, raw, limits)
        errors = [p for p in loaded.problems if p.severity == "error"]
        if errors:
            result.problems.extend(errors)
            continue
        text = raw.decode("utf-8")
        if looks_canonical(text, kinds, limits.max_depth):
            continue
        result.round_tripped += 1
        try:
            new = format_text(text, kinds, limits)
        except RoundTripError as exc:
            message = f"cannot format: {exc}; file left as it is"
            result.problems.append(Problem(rel, 1, 1, "yaml", "error", message))
            continue
        if new == text:
            continue
        result.changed.append(rel)
        if check:
            old_shown, new_shown = (_redacted(rel, t, kinds, limits) for t in (text, new))
            result.diffs.append(_diff(rel, old_shown, new_shown))
        else:
            write_atomic(full, new.encode("utf-8"))
    return result


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
