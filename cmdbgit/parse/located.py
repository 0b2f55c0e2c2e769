"""The located loader: ruamel.yaml's event stream turned into plain data *with positions*.

This is the reference loader. It is slower than the fast path (pure-Python scanner) and is
used for files the fast path cannot vouch for and to recover positions for documents that
have problems. It builds the data itself from parse events — never through a YAML
constructor — so nothing but plain data is ever created: tags outside the core schema are
rejected, aliases are counted and their expansion bounded, nesting depth is capped, and
duplicate or non-string keys are reported where they stand. The builder is iterative, so
deep nesting cannot exhaust Python's stack.

``parse_located_quick`` builds the same from libyaml's events (PyYAML's C parser: about forty
times faster than ruamel.yaml's, eight times with the builder) for the texts where the two
parsers are known to give the same events at the same marks. It serves the locator, which
re-reads documents the fast path read to place their problems, and says None (read by
ruamel.yaml then) for anything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from cmdbgit.model.config import Limits
from cmdbgit.model.paths import FieldPath
from cmdbgit.model.problem import Location, Problem
from cmdbgit.parse.parsed import (
    EXPANSION_BUDGET,
    ParsedDocument,
    ParsedFile,
    Position,
    Positions,
)
from cmdbgit.parse.scalars import (
    COLLECTION_TAGS,
    CORE_TAG,
    SCALAR_TAGS,
    ScalarError,
    resolve_plain,
    resolve_tagged,
)

try:  # PyYAML's binding of libyaml (``parse_located_quick``); without it, ruamel.yaml alone
    import yaml as pyyaml

    _LIBYAML: Any = pyyaml.CBaseLoader if pyyaml.__with_libyaml__ else None
    _PYYAML_EVENTS: dict[str, tuple[type[Any], ...]] = {
        name: (getattr(pyyaml, name),)
        for name in (
            "AliasEvent", "ScalarEvent", "MappingStartEvent", "SequenceStartEvent",
            "MappingEndEvent", "SequenceEndEvent", "DocumentStartEvent", "DocumentEndEvent",
            "StreamStartEvent", "StreamEndEvent",
        )
    }  # fmt: skip
except ImportError:  # pragma: no cover - PyYAML is a dependency; its C part may be missing
    _LIBYAML, _PYYAML_EVENTS = None, {}


def _events(name: str) -> tuple[type[Any], ...]:
    """ruamel.yaml's event class of this name, and PyYAML's (the same event from libyaml)."""
    return (getattr(ev, name), *_PYYAML_EVENTS.get(name, ()))


_ALIAS = _events("AliasEvent")
_SCALAR = _events("ScalarEvent")
_MAPPING_START = _events("MappingStartEvent")
_START = (*_MAPPING_START, *_events("SequenceStartEvent"))
_END = (*_events("MappingEndEvent"), *_events("SequenceEndEvent"))
_DOCUMENT_START = _events("DocumentStartEvent")
_DOCUMENT_END = _events("DocumentEndEvent")
_STREAM = (*_events("StreamStartEvent"), *_events("StreamEndEvent"))


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: FieldPath
    position: Position
    size: int = 1
    key: Any = None
    key_position: Position | None = None
    has_key: bool = False
    skip_value: bool = False
    anchor: str | None = None


class _DocumentBuilder:
    """Builds one document from its events; problems are collected, never raised."""

    def __init__(self, file: str, limits: Limits, problems: list[Problem]) -> None:
        self.file = file
        self.limits = limits
        self.problems = problems
        self.positions = Positions()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.aliases = 0
        self.expanded = 0
        self.alias_limit_hit = False
        self.skip_depth = 0  # > 0 while discarding a subtree that broke a limit
        self.broken = False
        self.root: Any = None
        self.root_position: Position | None = None
        self.done = False

    # -- problems --------------------------------------------------------------------------
    def problem(
        self, position: Position, message: str, *, related: tuple[Location, ...] = ()
    ) -> None:
        self.broken = True
        line, column = position
        self.problems.append(
            Problem(self.file, line, column, "yaml", "error", message, related=related)
        )

    # -- tree building ---------------------------------------------------------------------
    def _child_path(self) -> FieldPath | None:
        """The path of the node about to be built, or None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if not top.has_key:
            return None
        return (*top.path, top.key) if isinstance(top.key, str) else top.path

    def _attach(self, value: Any, position: Position, size: int) -> None:
        if not self.stack:
            self.root, self.root_position, self.done = value, position, True
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.container, list):
            top.container.append(value)
            return
        if not top.has_key:
            top.has_key, top.key, top.key_position = True, value, position
            if not isinstance(value, str):
                what = "a mapping or sequence" if isinstance(value, dict | list) else repr(value)
                self.problem(position, f"mapping keys must be strings, found {what}")
                top.skip_value = True
            elif value in top.container:
                first = self.positions.keys[(*top.path, value)]
                self.problem(
                    position,
                    f"duplicate key {value!r} (first defined at line {first[0]})",
                    related=(Location(self.file, first[0], first[1]),),
                )
                top.skip_value = True
            else:
                self.positions.keys[(*top.path, value)] = position
            return
        if not top.skip_value:
            assert isinstance(top.container, dict)
            top.container[top.key] = value
        top.has_key, top.key, top.skip_value = False, None, False

    def _record(self, path: FieldPath | None, position: Position) -> None:
        if path is not None:
            self.positions.values.setdefault(path, position)

    def feed(self, event: Any) -> None:
        """One event, ruamel.yaml's or libyaml's (the same attributes)."""
        position = (event.start_mark.line + 1, event.start_mark.column + 1)
        if self.skip_depth:
            if isinstance(event, _START):
                self.skip_depth += 1
            elif isinstance(event, _END):
                self.skip_depth -= 1
                if not self.skip_depth:
                    self._attach(None, position, 1)
            return

        if isinstance(event, _ALIAS):
            self._alias(event, position)
        elif isinstance(event, _SCALAR):
            self._scalar(event, position)
        elif isinstance(event, _START):
            self._start(event, position)
        elif isinstance(event, _END):
            frame = self.stack.pop()
            if frame.anchor:
                self.anchors[frame.anchor] = (frame.container, frame.size)
            self._attach(frame.container, frame.position, frame.size)

    def _alias(self, event: Any, position: Position) -> None:
        self.aliases += 1
        value, size = self.anchors.get(str(event.anchor), (None, 1))
        self.expanded += size
        if self.aliases > self.limits.max_aliases or self.expanded > EXPANSION_BUDGET:
            # Reported once, at the alias that crossed the line; the rest are dropped.
            if not self.alias_limit_hit:
                self.alias_limit_hit = True
                if self.aliases > self.limits.max_aliases:
                    message = f"more than {self.limits.max_aliases} aliases in one document"
                else:
                    message = f"aliases expand to more than {EXPANSION_BUDGET:,} nodes"
                self.problem(position, message)
            value, size = None, 1
        self._record(self._child_path(), position)
        self._attach(value, position, size)

    def _scalar(self, event: Any, position: Position) -> None:
        tag = None if event.tag is None else str(event.tag)
        text = str(event.value)
        value: Any
        if tag is None:  # a plain scalar's style: None (ruamel.yaml) or "" (libyaml)
            value = resolve_plain(text) if not event.style else text
        elif tag in SCALAR_TAGS:
            try:
                value = resolve_tagged(tag, text)
            except ScalarError as exc:
                self.problem(position, str(exc))
                value = None
        else:
            self.problem(position, _forbidden_tag(tag))
            value = None
        self._record(self._child_path(), position)
        if event.anchor:
            self.anchors[str(event.anchor)] = (value, 1)
        self._attach(value, position, 1)

    def _start(self, event: Any, position: Position) -> None:
        tag = None if event.tag is None else str(event.tag)
        if tag is not None and tag not in COLLECTION_TAGS:
            self.problem(position, _forbidden_tag(tag))
        if len(self.stack) + 1 > self.limits.max_depth:
            self.problem(position, f"nesting deeper than {self.limits.max_depth} levels")
            self.skip_depth = 1
            return
        path = self._child_path()
        self._record(path, position)
        container: dict[str, Any] | list[Any] = {} if isinstance(event, _MAPPING_START) else []
        anchor = str(event.anchor) if event.anchor else None
        self.stack.append(
            _Frame(container, path if path is not None else (), position, anchor=anchor)
        )


def _forbidden_tag(tag: str) -> str:
    shown = "!!" + tag.removeprefix(CORE_TAG) if tag.startswith(CORE_TAG) else tag
    return f"tag {shown!r} is not allowed: only plain data is accepted"


def parse_located(file: str, text: str, limits: Limits) -> ParsedFile:
    """Parse ``text`` (already decoded, BOM removed, nesting bounded by the pre-scan) into
    documents with positions."""
    problems: list[Problem] = []
    documents: list[ParsedDocument] = []
    # The safe parser: the round-trip one also collects comments, and stops on some legal
    # comment layouts ("overlap in comment").
    yaml = YAML(typ="safe", pure=True)
    failed = False
    try:
        _build(file, yaml.parse(text), limits, documents, problems)
    except MarkedYAMLError as exc:
        problems.append(_syntax_problem(file, exc))
        failed = True
    except YAMLError as exc:  # an unmarked error from the scanner
        message = str(exc).splitlines()[0] if str(exc) else "not valid YAML"
        problems.append(Problem(file, 1, 1, "yaml", "error", f"invalid YAML: {message}"))
        failed = True
    return ParsedFile(documents, problems, failed)


def parse_located_quick(file: str, text: str, limits: Limits) -> ParsedFile | None:
    """``parse_located(file, text, limits)`` from libyaml's events, or None where the two
    could differ: libyaml is missing; the text holds more than printable ASCII and line
    breaks (beyond, libyaml counts columns and breaks lines its own way, and takes tabs
    ruamel.yaml refuses); it holds an empty plain scalar (libyaml marks it where the ``:``
    ends, ruamel.yaml where the next token begins), a block scalar (ruamel.yaml refuses
    some libyaml reads), an anchor, alias or tag; or a problem would be reported (in
    ruamel.yaml's words). ``tests/unit/parse/test_quick_located.py`` holds the two to the
    same documents and positions on the YAML test suite, the corpus and generated texts."""
    if _LIBYAML is None or not text.isascii() or _NOT_PRINTABLE.search(text):
        return None
    documents: list[ParsedDocument] = []
    problems: list[Problem] = []
    loader = _LIBYAML(text)
    try:
        _build(file, _vouched(loader), limits, documents, problems)
    except (_Unvouched, pyyaml.YAMLError):
        return None
    finally:
        loader.dispose()
    return None if problems else ParsedFile(documents, [])


def read_positions(file: str, text: str, limits: Limits) -> ParsedFile:
    """``parse_located``, through libyaml where that gives the same (``parse_located_quick``)."""
    quick = parse_located_quick(file, text, limits)
    return quick if quick is not None else parse_located(file, text, limits)


_NOT_PRINTABLE = re.compile(r"[^\n -~]")
#: Block scalars' styles.
_BLOCK = ("|", ">")


class _Unvouched(Exception):
    """An event ``parse_located_quick`` cannot vouch for."""


def _vouched(loader: Any) -> Iterable[Any]:
    """libyaml's events, raising ``_Unvouched`` at one ruamel.yaml might give otherwise."""
    while loader.check_event():
        event = loader.get_event()
        if getattr(event, "anchor", None) is not None or getattr(event, "tag", None) is not None:
            raise _Unvouched
        if isinstance(event, _SCALAR) and (
            event.style in _BLOCK or not (event.style or event.value)
        ):
            raise _Unvouched
        yield event


def _build(
    file: str,
    events: Iterable[Any],
    limits: Limits,
    documents: list[ParsedDocument],
    problems: list[Problem],
) -> None:
    """The documents of an event stream, appended to ``documents``; problems to ``problems``."""
    builder: _DocumentBuilder | None = None
    for event in events:
        if isinstance(event, _DOCUMENT_START):
            builder = _DocumentBuilder(file, limits, problems)
        elif isinstance(event, _DOCUMENT_END):
            if builder is not None and builder.done and builder.root is not None:
                line = builder.root_position[0] if builder.root_position else 1
                documents.append(
                    ParsedDocument(
                        len(documents), line, builder.root, builder.positions, builder.broken
                    )
                )
            builder = None
        elif builder is not None and not isinstance(event, _STREAM):
            builder.feed(event)


def same(a: Any, b: Any) -> bool:
    """Equal as plain data, types kept apart (True is not 1, 1 is not 1.0), NaN equal to NaN.
    Iterative: documents may nest deep."""
    pending = [(a, b)]
    while pending:
        x, y = pending.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, dict):
            if list(x) != list(y):
                return False
            pending.extend((x[k], y[k]) for k in x)
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            pending.extend(zip(x, y, strict=True))
        elif x != y and not (isinstance(x, float) and x != x and y != y):
            return False
    return True


def _syntax_problem(file: str, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(exc.problem or exc.context or "invalid YAML")
    if "'\\t'" in problem:
        message = "tab character used for indentation (YAML allows spaces only)"
    else:
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        message = f"invalid YAML: {problem}{context}"
    return Problem(file, line, column, "yaml", "error", message)
