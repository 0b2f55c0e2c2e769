"""``new``: a fresh document of a kind — every required field present as ``null`` (which the
validator rejects until filled, so a half-written document cannot pass), every optional field
as a comment, in schema order — written atomically; an existing id is refused."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmdbgit.authoring.assign import Assignment
from cmdbgit.authoring.editor_schemas import DOCUMENT_SUFFIX
from cmdbgit.authoring.fmt import format_text
from cmdbgit.authoring.layout import METADATA_ORDER, resolve
from cmdbgit.authoring.project import Project
from cmdbgit.authoring.schema_files import DEFAULT_FOLDER
from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic
from cmdbgit.model.document import UNOWNED_KINDS
from cmdbgit.model.envelope import API_VERSION, ID_RE
from cmdbgit.model.kinds import KindSchema
from cmdbgit.parse.loader import load_file
from cmdbgit.parse.roundtrip import scalar_text
from cmdbgit.source.base import is_yaml


@dataclass(frozen=True, slots=True)
class NewOptions:
    kind: str
    ident: str
    file: str | None = None
    assignments: tuple[Assignment, ...] = ()


@dataclass(slots=True)
class NewResult:
    file: str
    line: int
    notes: list[str] = field(default_factory=list)


def kebab(kind: str) -> str:
    """``HardwareAsset`` -> ``hardware-asset``, ``SLA`` -> ``sla``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", kind).lower()


def new_document(project: Project, options: NewOptions) -> NewResult:
    kinds = project.rules.kinds
    kind = kinds.get(options.kind)
    if kind is None:
        raise UsageError(f"unknown kind {options.kind!r}; kinds: {', '.join(sorted(kinds))}")
    if not ID_RE.match(options.ident):
        raise UsageError(f"{options.ident!r} is not a valid id (lowercase letters, digits, . _ -)")
    existing = project.documents().inventory.definitions(options.ident)
    if existing:
        doc = existing[0]
        raise UsageError(f"id {options.ident!r} already exists at {doc.file}:{doc.line}")
    rel = options.file or _default_file(project, options.kind, options.ident)
    target = project.inside(rel)
    rel = project.relative(target)
    if not is_yaml(rel):
        raise UsageError(f"{rel}: a document file must end in .yaml or .yml")
    data = _skeleton(kind, options.ident)
    for path, value in options.assignments:
        dotted = ".".join(map(str, path))
        if path == ("metadata", "id") or path[0] not in ("metadata", "spec") or len(path) < 2:
            raise UsageError(f"--set {dotted}: `new` fills metadata.* and spec.* fields")
        if any(isinstance(p, int) for p in path):
            raise UsageError(f"--set {dotted}: lists are filled in the file, not with --set")
        _assign(data, path, value)
    # Through the one writer, so a new document is already in `fmt` layout.
    body = format_text("".join(_document_lines(data, kind, project)), kinds)
    notes: list[str] = []
    if target.exists():
        old = target.read_text(encoding="utf-8")
        start = old.count("\n") + (0 if old.endswith("\n") or not old else 1) + 2
        text = (old if old.endswith("\n") or not old else old + "\n") + "---\n" + body
    else:
        schema = project.root / DEFAULT_FOLDER / f"{kind.kind}{DOCUMENT_SUFFIX}"
        link = Path(os.path.relpath(schema, target.parent)).as_posix()
        text = f"# yaml-language-server: $schema={link}\n" + body
        start = 2
        if not schema.exists():
            notes.append(
                f"{DEFAULT_FOLDER}/ is missing: run `cmdbgit schema export` for the editor"
            )
    _verify(rel, text, options.ident, project)
    write_atomic(target, text.encode("utf-8"))
    return NewResult(rel, start, notes)


def _default_file(project: Project, kind: str, ident: str) -> str:
    folders = project.rules.config.new.folders
    folder = folders.get(kind) or f"{project.rules.config.paths.inventory}/{kebab(kind)}"
    return f"{folder.rstrip('/')}/{ident}.yaml"


def _skeleton(kind: KindSchema, ident: str) -> dict[str, Any]:
    metadata: dict[str, Any] = {"id": ident}
    if kind.kind not in UNOWNED_KINDS:
        metadata["owner"] = None
    spec = {str(name): None for name in kind.schema.get("required") or ()}
    return {"apiVersion": API_VERSION, "kind": kind.kind, "metadata": metadata, "spec": spec}


def _assign(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        child = node.get(str(part))
        if not isinstance(child, dict):
            child = node[str(part)] = {}
        node = child
    node[str(path[-1])] = value


def _document_lines(data: dict[str, Any], kind: KindSchema, project: Project) -> list[str]:
    lines = [f"apiVersion: {data['apiVersion']}\n", f"kind: {data['kind']}\n", "metadata:\n"]
    metadata = data["metadata"]
    for key in (*METADATA_ORDER, *(k for k in metadata if k not in METADATA_ORDER)):
        if key in metadata:
            lines.extend(_entry(key, metadata[key], None, 2))
        elif key in ("labels", "annotations"):
            lines.append(f"  # {key}: {{}}\n")
        else:
            lines.append(f"  # {key}:\n")
    spec = data.get("spec") or {}
    spec_lines = _object_lines(spec, kind.schema, kind.schema, 2)
    lines.append("spec:\n" if spec else "spec: null\n")
    lines.extend(spec_lines)
    allowed = sorted(
        n for n, t in project.rules.relations.types.items() if kind.kind in t.from_kinds
    )
    if allowed:
        lines.append(f"# relations:  # types: {', '.join(allowed)}\n")
        lines.append(f"#   - {{type: {allowed[0]}, target: }}\n")
    return lines


def _object_lines(data: dict[str, Any], schema: Any, root: Any, indent: int) -> list[str]:
    schema = resolve(schema, root)
    props = schema.get("properties") if isinstance(schema, dict) else None
    props = props if isinstance(props, dict) else {}
    required = set(schema.get("required") or ()) if isinstance(schema, dict) else set()
    pad = " " * indent
    lines: list[str] = []
    for name, sub in props.items():
        if name in data:
            lines.extend(_entry(name, data[name], (sub, root), indent))
        elif name in required and data:
            lines.append(f"{pad}{name}: null\n")
        else:
            about = resolve(sub, root).get("description") if isinstance(sub, dict) else None
            note = f"  # {_one_line(about)}" if isinstance(about, str) and about else ""
            lines.append(f"{pad}# {name}:{note}\n")
    for name in data:
        if name not in props:
            lines.extend(_entry(name, data[name], None, indent))
    return lines


def _entry(key: str, value: Any, schema: tuple[Any, Any] | None, indent: int) -> list[str]:
    pad = " " * indent
    name = scalar_text(key)
    if isinstance(value, dict):
        sub, root = schema if schema is not None else ({}, {})
        return [f"{pad}{name}:\n", *_object_lines(value, sub, root, indent + 2)]
    return [f"{pad}{name}: {scalar_text(value)}\n"]


def _one_line(text: str) -> str:
    return " ".join(text.split())[:120]


def _verify(rel: str, text: str, ident: str, project: Project) -> None:
    """The file must read back as clean YAML holding the new id: a bug here must not leave a
    broken file behind."""
    loaded = load_file(rel, text.encode("utf-8"), project.rules.config.limits)
    errors = [p for p in loaded.problems if p.severity == "error"]
    ids = [
        d.data.get("metadata", {}).get("id") for d in loaded.documents if isinstance(d.data, dict)
    ]
    if errors or ident not in ids:
        reason = errors[0].message if errors else "the new document did not read back"
        raise UsageError(f"{rel}: refusing to write: {reason}")
