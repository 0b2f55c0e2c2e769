"""The official YAML test suite (tests/data/yaml-test-suite/), read as data: each case's input,
whether it is invalid, and the values its documents hold.

Expected values come from ``in.json`` (one JSON value per document) where the suite has one,
else from ``test.event`` (the suite's event stream), resolved with the YAML 1.2 core schema.
What plain data cannot hold (a non-core tag, a key that is not a string) is said, not guessed.

Run as a script to print the suite's figures for both loaders:
``python -m tests.unit.parse.yaml_suite``.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file
from cmdbgit.parse.scalars import CORE_TAG, resolve_plain, resolve_tagged

SUITE = Path(__file__).resolve().parents[2] / "data" / "yaml-test-suite"

#: The reasons a valid case may be refused on purpose (refusals.yaml).
REASONS = {
    "non-core tags": ("is not allowed",),
    "non-string or null keys": ("mapping keys must be strings",),
    "alias or depth limits": ("aliases", "nesting deeper"),
    "null documents dropped": (),
}


@dataclass(frozen=True)
class Case:
    ident: str
    folder: Path

    @property
    def raw(self) -> bytes:
        return (self.folder / "in.yaml").read_bytes()

    @property
    def invalid(self) -> bool:
        return (self.folder / "error").exists()

    def expected(self) -> list[Any] | str:
        """The documents' values, or why plain data cannot hold them."""
        source = self.folder / "in.json"
        if source.exists():
            return _json_stream(source.read_text(encoding="utf-8"))
        return _from_events((self.folder / "test.event").read_text(encoding="utf-8"))


def cases() -> list[Case]:
    found = []
    for inp in sorted((SUITE / "cases").glob("**/in.yaml")):
        folder = inp.parent
        ident = str(folder.relative_to(SUITE / "cases"))
        found.append(Case(ident, folder))
    return found


def _json_stream(text: str) -> list[Any]:
    decoder = json.JSONDecoder()
    values, at = [], 0
    while True:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        if at >= len(text):
            return values
        value, at = decoder.raw_decode(text, at)
        values.append(value)


_ESCAPES = {"\\": "\\", "n": "\n", "t": "\t", "b": "\b", "r": "\r", "0": "\0"}


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(_ESCAPES.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


class _Unrepresentable(Exception):
    pass


def _from_events(text: str) -> list[Any] | str:
    try:
        return _build(text)
    except _Unrepresentable as exc:
        return str(exc)


def _build(text: str) -> list[Any]:
    documents: list[Any] = []
    stack: list[list[Any]] = []  # [container, pending key or _NO_KEY]
    anchors: dict[str, Any] = {}
    root: Any = None

    def attach(value: Any) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        if isinstance(frame[0], list):
            frame[0].append(value)
        elif frame[1] is _NO_KEY:
            if not isinstance(value, str):
                raise _Unrepresentable("non-string key")
            frame[1] = value
        else:
            frame[0][frame[1]] = value
            frame[1] = _NO_KEY

    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        props, anchor, tag = rest, None, None
        while props.startswith(("&", "<")):
            word, _, props = props.partition(" ")
            if word.startswith("&"):
                anchor = word[1:]
            else:
                tag = word[1:-1]
        if kind == "-DOC":
            documents.append(root)
            root = None
        elif kind in ("+MAP", "+SEQ"):
            if tag not in (None, "!", f"{CORE_TAG}map", f"{CORE_TAG}seq"):
                raise _Unrepresentable("non-core tag")
            container: Any = {} if kind == "+MAP" else []
            if anchor:
                anchors[anchor] = container
            stack.append([container, _NO_KEY])
        elif kind in ("-MAP", "-SEQ"):
            attach(stack.pop()[0])
        elif kind == "=ALI":
            attach(anchors[props[1:]])
        elif kind == "=VAL":
            style, value = props[:1], _unescape(props[1:])
            if tag is None:
                scalar = resolve_plain(value) if style == ":" else value
            elif tag in ("!", f"{CORE_TAG}str", f"{CORE_TAG}int", f"{CORE_TAG}float") or tag in (
                f"{CORE_TAG}bool",
                f"{CORE_TAG}null",
            ):
                scalar = resolve_tagged(tag, value)
            else:
                raise _Unrepresentable("non-core tag")
            if anchor:
                anchors[anchor] = scalar
            attach(scalar)
    return documents


_NO_KEY = object()


def same(a: Any, b: Any) -> bool:
    """Equal as plain data: types kept apart (True is not 1), numbers by value, NaN = NaN."""
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return type(a) is type(b) and bool(a == b)


@dataclass(frozen=True)
class Result:
    """One case through one loader."""

    crash: str | None = None
    values: list[Any] | None = None
    errors: tuple[str, ...] = ()


def run(case: Case, *, located: bool) -> Result:
    try:
        loaded = load_file("in.yaml", case.raw, Limits(), force_located=located)
    except Exception as exc:  # the tests count these
        return Result(crash=f"{type(exc).__name__}: {exc}")
    errors = tuple(p.message for p in loaded.problems if p.severity == "error")
    bad = [p for p in loaded.problems if p.rule != "yaml"]
    if bad:
        return Result(crash=f"problem with rule {bad[0].rule!r}")
    return Result(values=[d.data for d in loaded.documents], errors=errors)


def verdict(case: Case, result: Result) -> str:
    """``ok``, ``crash``, ``wrong value``, ``invalid accepted``, ``refused: <messages>`` or
    ``dropped null documents``."""
    if result.crash:
        return "crash"
    if case.invalid:
        return "ok" if result.errors else "invalid accepted"
    if result.errors:
        return "refused: " + "; ".join(result.errors)
    expected = case.expected()
    if isinstance(expected, str):
        return "wrong value"  # plain data cannot hold it, yet it was accepted
    assert result.values is not None
    if same(result.values, expected):
        return "ok"
    kept = [value for value in expected if value is not None]
    if len(kept) < len(expected) and same(result.values, kept):
        return "dropped null documents"
    return "wrong value"


def figures() -> None:
    for located in (False, True):
        counts: Counter[str] = Counter()
        examples: dict[str, list[str]] = {}
        for case in cases():
            outcome = verdict(case, run(case, located=located))
            kind = outcome.split(":")[0]
            counts[kind] += 1
            examples.setdefault(kind, []).append(case.ident)
        print("located" if located else "production", dict(counts))
        for kind, idents in examples.items():
            if kind != "ok":
                print(f"  {kind}: {' '.join(idents)}")


if __name__ == "__main__":
    figures()
    sys.exit(0)
