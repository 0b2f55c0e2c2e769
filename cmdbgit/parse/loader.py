"""Bytes of one file -> its documents and ``yaml`` problems. Picks the fast path when it can."""

from __future__ import annotations

from dataclasses import dataclass, field

from cmdbgit.model.config import Limits
from cmdbgit.model.document import Document
from cmdbgit.model.problem import Problem
from cmdbgit.parse.fast import parse_fast
from cmdbgit.parse.located import Positions, parse_located

BOM = "\ufeff"


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
    if len(raw) > limits.max_file_bytes:
        message = f"file is {len(raw):,} bytes, over the limit of {limits.max_file_bytes:,}"
        return LoadedFile(path, [], [Problem(path, 1, 1, "yaml", "error", message)])
    text, problem = decode(path, raw)
    if text is None:
        assert problem is not None
        return LoadedFile(path, [], [problem])

    fast = None if force_located else parse_fast(text, limits.max_depth)
    if fast is not None:
        documents = [Document(path, i, doc.line, doc.data) for i, doc in enumerate(fast)]
        result = LoadedFile(path, documents, [])
    else:
        parsed = parse_located(path, text, limits)
        result = LoadedFile(
            path,
            [Document(path, d.index, d.line, d.data) for d in parsed.documents],
            list(parsed.problems),
            positions={d.index: d.positions for d in parsed.documents},
            broken={d.index for d in parsed.documents if d.broken},
        )
    if not result.documents and not result.problems:
        result.problems.append(Problem(path, 1, 1, "yaml", "warning", "file holds no document"))
    return result
