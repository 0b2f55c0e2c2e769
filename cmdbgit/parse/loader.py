"""Bytes of one file -> its documents and ``yaml`` problems. Picks the fast path when it can.

yaml-rs is the judge of syntax for both loaders: it reads the official YAML test suite right
where ruamel.yaml refuses legal YAML (separating tabs, block scalar indicators, multi-line flow
keys) or accepts broken YAML, and it is fast, so a file with a syntax error is never handed to
the pure-Python parser. ruamel.yaml (the located loader) gives positions, tags, anchors and
duplicate keys. Nothing a YAML library raises escapes ``load_file``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cmdbgit.model.config import Limits
from cmdbgit.model.document import Document
from cmdbgit.model.problem import Problem
from cmdbgit.parse.depth import too_deep
from cmdbgit.parse.fast import FastDocument, documents_from, hazardous
from cmdbgit.parse.parsed import ParsedFile, Positions
from cmdbgit.parse.prescan import Finding, forbidden_character, version_directive
from cmdbgit.parse.syntax import read_with_yaml_rs

BOM = "\ufeff"
#: The deepest nesting any setting may ask for: deeper documents are refused before parsing,
#: and everything downstream may walk a document with Python recursion.
MAX_DEPTH = 256
_MARKER_LINE = re.compile(r"^(?:---|\.\.\.)(?:[ \t]|\r?$)", re.MULTILINE)


@dataclass(slots=True)
class LoadedFile:
    """What one file holds. ``positions`` is filled (by document index) only when the located
    loader ran, so a clean file read by the fast path never pays for positions."""

    path: str
    documents: list[Document]
    problems: list[Problem]
    positions: dict[int, Positions] | None = None
    broken: set[int] = field(default_factory=set)


def decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text without its BOM, or a located ``yaml`` problem for the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded"
        return None, Problem(path, line, column, "yaml", "error", message)
    return text.removeprefix(BOM), None


def load_file(path: str, raw: bytes, limits: Limits, *, force_located: bool = False) -> LoadedFile:
    """Parse one file. ``force_located`` skips the fast path (used to recover positions)."""
    try:
        return _load(path, raw, limits, force_located)
    except Exception as exc:  # the boundary: one unreadable file must not stop the run
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = f"the YAML parser failed on this file ({type(exc).__name__})"
        return LoadedFile(path, [], [Problem(path, line, column, "yaml", "error", message)])


def _load(path: str, raw: bytes, limits: Limits, force_located: bool) -> LoadedFile:
    if len(raw) > limits.max_file_bytes:
        message = f"file is {len(raw):,} bytes, over the limit of {limits.max_file_bytes:,}"
        return LoadedFile(path, [], [Problem(path, 1, 1, "yaml", "error", message)])
    text, problem = decode(path, raw)
    if text is None:
        assert problem is not None
        return LoadedFile(path, [], [problem])
    if limits.max_depth > MAX_DEPTH:
        limits = limits.model_copy(update={"max_depth": MAX_DEPTH})
    text, version = version_directive(text)
    # A text with no hazard for the fast path holds no forbidden character either (they are
    # all hazards): the clean, common case is scanned once.
    clean = not hazardous(text)
    refusal = (None if clean else forbidden_character(text, raw)) or too_deep(
        text, limits.max_depth
    )
    errors = [f for f in version if f.severity == "error"]
    if refusal is not None or errors:
        return LoadedFile(path, [], [_problem(path, f) for f in [*errors, refusal] if f])
    result = _parse(path, text, limits, force_located, clean)
    if version:
        result.problems[:0] = [_problem(path, f) for f in version]
    if not result.documents and not result.problems:
        result.problems.append(Problem(path, 1, 1, "yaml", "warning", "file holds no document"))
    return result


def _problem(path: str, finding: Finding) -> Problem:
    return Problem(path, finding.line, finding.column, "yaml", finding.severity, finding.message)


def _parse(path: str, text: str, limits: Limits, force_located: bool, clean: bool) -> LoadedFile:
    read, loaded, syntax = read_with_yaml_rs(path, text)
    if syntax is None:
        clean = clean if read is text else not hazardous(read)  # (tabs were made spaces)
        return _documents(path, read, loaded, limits, force_located, clean)
    text = read
    head = _before(path, text, syntax.line, limits, force_located)
    if head is None:
        return LoadedFile(path, [], [syntax])
    head.problems.append(syntax)
    return head


def _documents(
    path: str,
    text: str,
    loaded: tuple[Any] | None,
    limits: Limits,
    force_located: bool,
    clean: bool,
) -> LoadedFile:
    """The documents of ``text``, which yaml-rs found no syntax error in; ``clean`` says
    that ``text`` has no hazard for the fast path."""
    if not force_located and loaded is not None and clean:
        fast = documents_from(text, loaded[0], limits.max_depth)
        if fast is not None:
            return LoadedFile(
                path, [Document(path, i, d.line, d.data) for i, d in enumerate(fast)], []
            )
    # The located loader is imported by the first file it reads: a run that reads none (a
    # warm one, or one of plain files) never imports ruamel.yaml and PyYAML (~25 ms).
    from cmdbgit.parse.located import parse_located

    parsed = parse_located(path, text, limits)
    if loaded is not None and not hazardous(text, syntax_too=False):
        trusted = documents_from(text, loaded[0], limits.max_depth)
        if trusted is not None and (parsed.failed or not _agree(parsed, trusted)):
            return _trusted(path, parsed, trusted)
    return LoadedFile(
        path,
        [Document(path, d.index, d.line, d.data) for d in parsed.documents],
        list(parsed.problems),
        positions={d.index: d.positions for d in parsed.documents},
        broken={d.index for d in parsed.documents if d.broken},
    )


def _before(
    path: str, text: str, line: int, limits: Limits, force_located: bool
) -> LoadedFile | None:
    """What the documents before the one holding a syntax error at ``line`` hold: the text
    up to the last document marker at or above it, read on its own; None when there is no
    such text, or it does not parse either (an error reported late, as an unclosed quote)."""
    cut, at_line, counted = 0, 1, 0
    for match in _MARKER_LINE.finditer(text):
        at_line += text.count("\n", counted, match.start())
        counted = match.start()
        if at_line > line:
            break
        cut = match.start()
    if cut == 0:
        return None
    head, loaded, syntax = read_with_yaml_rs(path, text[:cut])
    if syntax is not None:
        return None
    return _documents(path, head, loaded, limits, force_located, not hazardous(head))


def _agree(parsed: ParsedFile, trusted: list[FastDocument]) -> bool:
    from cmdbgit.parse.located import same  # imported already: ``parsed`` is its result

    return len(parsed.documents) == len(trusted) and all(
        doc.line == fast.line and same(doc.data, fast.data)
        for doc, fast in zip(parsed.documents, trusted, strict=True)
    )


def _trusted(path: str, parsed: ParsedFile, trusted: list[FastDocument]) -> LoadedFile:
    """yaml-rs's documents where ruamel.yaml refused or misread legal YAML, with whatever
    positions ruamel.yaml found for the same document (by its first line)."""
    located = {doc.line: doc.positions for doc in parsed.documents}
    positions = {i: located.get(doc.line, Positions()) for i, doc in enumerate(trusted)}
    documents = [Document(path, i, doc.line, doc.data) for i, doc in enumerate(trusted)]
    return LoadedFile(path, documents, [], positions=positions)
