"""Kinds as data: one JSON Schema file per kind in ``schemas/`` (the schema of ``spec``).

Annotations read from the schema (never from field names in code):
``x-ref`` (references), ``x-recommended`` (completeness) and ``x-expects-relations``; on an
``x-ref`` field, ``x-impact`` (a failure direction, like a relation type's) and ``x-acyclic``
(its links join the cycle check); ``x-at-most-incoming: <relation>`` on an integer field (the
value may not exceed the relations of that type pointing at the document).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

from cmdbgit.errors import ConfigError
from cmdbgit.model.refs import Retriever
from cmdbgit.model.relations import Impact

SCHEMA_SUFFIX = ".schema.json"


def _schema_error(exc: Exception) -> str:
    """One line: where in the schema (a JSON pointer) and the first line of the library's
    text, which otherwise spans several lines with the offending instance."""
    pointer = "/".join(str(p) for p in getattr(exc, "instance_path", ()) or ())
    where = f" at /{pointer}" if pointer else ""
    first = (getattr(exc, "message", None) or str(exc)).strip().splitlines() or ["?"]
    text = first[0] if len(first[0]) <= 160 else first[0][:159] + "…"
    return f"invalid JSON Schema{where}: {text}"


@dataclass(frozen=True, slots=True)
class RefField:
    """A reference field: ``pattern`` is a path under the document (``*`` = any list item).

    ``impact`` is how a failure travels along it (the document is the source, the referenced
    one the target, as for a relation); ``acyclic`` puts its links in the cycle check."""

    pattern: tuple[str, ...]
    kinds: tuple[str, ...]
    impact: Impact = "none"
    acyclic: bool = False


@dataclass(slots=True)
class KindSchema:
    kind: str
    file: str
    schema: dict[str, Any]
    refs: tuple[RefField, ...]
    recommended: tuple[tuple[str, ...], ...]
    required: tuple[tuple[str, ...], ...]
    expects_relations: bool
    #: ``(field path, relation type)``: the integer at the path may not exceed the number of
    #: relations of that type whose target is the document (``x-at-most-incoming``).
    at_most_incoming: tuple[tuple[tuple[str, ...], str], ...] = ()
    #: Answers ``$ref`` to other files of ``schemas/``; refuses everything else
    retriever: Retriever = field(default_factory=Retriever, repr=False)
    _validator: Any = field(default=None, repr=False)

    @property
    def validator(self) -> Any:
        """The compiled validator, built once per kind on first use."""
        if self._validator is None:
            self._validator = compile_schema(self.schema, self.retriever)
        return self._validator


def compile_schema(schema: dict[str, Any], retriever: Retriever) -> Any:
    # Imported by the first schema compiled: the commands that read kinds without validating
    # (impact, diff, reports) never load the validator library (~12 ms).
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema, validate_formats=True, retriever=retriever)


T = TypeVar("T")


class KindRegistry(Mapping[str, KindSchema]):
    """Kinds by name."""

    def __init__(self, kinds: dict[str, KindSchema]) -> None:
        self._kinds = kinds

    def __getitem__(self, kind: str) -> KindSchema:
        return self._kinds[kind]

    @overload
    def get(self, kind: str, /) -> KindSchema | None: ...
    @overload
    def get(self, kind: str, /, default: KindSchema | T) -> KindSchema | T: ...
    def get(self, kind: str, /, default: object = None) -> object:
        """``Mapping.get`` without its ``__getitem__`` and ``KeyError``: checkers ask for the
        schema of each of 10^5 documents."""
        return self._kinds.get(kind, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    @classmethod
    def from_files(cls, files: Mapping[str, bytes]) -> KindRegistry:
        """Build from ``{path: bytes}`` of ``<Kind>.schema.json`` files."""
        kinds: dict[str, KindSchema] = {}
        parsed: dict[str, dict[str, Any]] = {}
        for path in sorted(files):
            try:
                schema = json.loads(files[path])
            except json.JSONDecodeError as exc:
                raise ConfigError(
                    f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}",
                    file=path,
                    line=exc.lineno,
                    column=exc.colno,
                ) from None
            except (ValueError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{path}: not valid JSON: {exc}", file=path) from None
            if not isinstance(schema, dict):
                raise ConfigError(f"{path}: a kind schema must be a JSON object", file=path)
            parsed[path] = schema
        folder_files = {path.rsplit("/", 1)[-1]: schema for path, schema in parsed.items()}
        for path, schema in parsed.items():
            name = path.rsplit("/", 1)[-1]
            kind = name[: -len(SCHEMA_SUFFIX)]
            retriever = Retriever(folder_files)
            try:
                compile_schema(schema, retriever)
            except Exception as exc:  # jsonschema_rs raises ValidationError / ValueError
                refused = retriever.explain()
                if refused is not None:
                    line, column = _position(files[path], retriever.refused[0])
                    raise ConfigError(
                        f"{path}:{line}:{column}: {refused}", file=path, line=line, column=column
                    ) from None
                raise ConfigError(f"{path}: {_schema_error(exc)}", file=path) from None
            try:
                refs = tuple(dict.fromkeys(_refs(schema, ("spec",))))
            except ValueError as exc:
                raise ConfigError(f"{path}: {exc}", file=path) from None
            kinds[kind] = KindSchema(
                kind=kind,
                file=path,
                schema=schema,
                refs=refs,
                recommended=tuple(dict.fromkeys(_annotated(schema, ("spec",), "x-recommended"))),
                required=tuple(_required(schema, ("spec",))),
                expects_relations=bool(schema.get("x-expects-relations", False)),
                at_most_incoming=tuple(
                    dict.fromkeys(_valued(schema, ("spec",), "x-at-most-incoming"))
                ),
                retriever=retriever,
            )
        return cls(kinds)


def _position(raw: bytes, uri: str) -> tuple[int, int]:
    """Line and column of the reference (its text, or its last path part) in the file."""
    text = raw.decode("utf-8", "replace")
    tail = uri.rsplit("/", 1)[-1] or uri
    for needle in (uri, tail):
        at = text.find(needle) if needle else -1
        if at >= 0:
            return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
    return 1, 1


def _children(
    schema: dict[str, Any], prefix: tuple[str, ...], root: dict[str, Any]
) -> Iterator[tuple[dict[str, Any], tuple[str, ...]]]:
    """Sub-schemas that describe parts of the instance at ``prefix``; local ``$ref`` is
    followed so shapes shared through ``$defs`` keep their annotations."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        if isinstance(target, dict) and target is not schema:
            yield target, prefix
    for name, sub in (schema.get("properties") or {}).items():
        if isinstance(sub, dict):
            yield sub, (*prefix, name)
    items = schema.get("items")
    if isinstance(items, dict):
        yield items, (*prefix, "*")
    for combinator in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(combinator) or ():
            if isinstance(sub, dict):
                yield sub, prefix


_IMPACTS: tuple[Impact, ...] = ("to-source", "to-target", "none")

#: Bounds the walk through recursive ``$ref`` chains (a self-referencing schema).
_MAX_SCHEMA_DEPTH = 32


def _refs(
    schema: dict[str, Any], prefix: tuple[str, ...], root: dict[str, Any] | None = None
) -> Iterator[RefField]:
    root = schema if root is None else root
    target = schema.get("x-ref")
    kinds = (target,) if isinstance(target, str) else target
    if isinstance(kinds, list | tuple):
        impact = schema.get("x-impact", "none")
        if impact not in _IMPACTS:
            raise ValueError(f"x-impact of {'.'.join(prefix)} must be one of {', '.join(_IMPACTS)}")
        yield RefField(
            prefix, tuple(str(k) for k in kinds), impact, schema.get("x-acyclic") is True
        )
    if len(prefix) < _MAX_SCHEMA_DEPTH:
        for sub, path in _children(schema, prefix, root):
            yield from _refs(sub, path, root)


def _annotated(
    schema: dict[str, Any], prefix: tuple[str, ...], key: str, root: dict[str, Any] | None = None
) -> Iterator[tuple[str, ...]]:
    root = schema if root is None else root
    if schema.get(key) is True:
        yield prefix
    if len(prefix) < _MAX_SCHEMA_DEPTH:
        for sub, path in _children(schema, prefix, root):
            yield from _annotated(sub, path, key, root)


def _valued(
    schema: dict[str, Any], prefix: tuple[str, ...], key: str, root: dict[str, Any] | None = None
) -> Iterator[tuple[tuple[str, ...], str]]:
    """``(path, value)`` of every string-valued annotation ``key`` (``*``-free paths only)."""
    root = schema if root is None else root
    value = schema.get(key)
    if isinstance(value, str) and "*" not in prefix:
        yield prefix, value
    if len(prefix) < _MAX_SCHEMA_DEPTH:
        for sub, path in _children(schema, prefix, root):
            yield from _valued(sub, path, key, root)


def _required(schema: dict[str, Any], prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Required fields at the top level of ``spec`` (nested ones only count when present)."""
    for name in schema.get("required") or ():
        yield (*prefix, str(name))
