"""Canonical order by moving whole lines: the cheap way for the commonest non-canonical file.

Most files ``fmt`` changes are already in the writer's layout line by line (the cheap check
``canonical.layout_canonical`` says so) and only have keys out of order. Their canonical text
is a permutation of their lines: each out-of-order block mapping's entries (a key's line and
the lines below it) moved into order. That costs a fraction of a millisecond, where the
round-trip writer costs ~10 ms a document.

Only when nothing but whole entries moves: a mapping to reorder must hold no comment line and
no blank line (where such lines go is the writer's judgement, ``parse/comments.py``), and
every mapping to reorder must be a block mapping (a flow mapping is respaced by the writer).
Anything else returns None and the file goes through the writer. A test holds this path to
the writer's result on generated inventories and hypothesis-generated files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cmdbgit.authoring.canonical import canonical_documents, layout_canonical
from cmdbgit.authoring.layout import in_order, mappings_to_order
from cmdbgit.model.kinds import KindSchema
from cmdbgit.parse.fast import parse_fast
from cmdbgit.parse.roundtrip import lost_comments

_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.\-/]*):(?: |$)")


class _Refused(Exception):
    """This file needs the writer's judgement."""


def permuted(
    text: str, documents: list[Any], kinds: Mapping[str, KindSchema], max_depth: int
) -> str | None:
    """``text`` with every mapping's keys in canonical order, or None when that takes more
    than moving lines (then the round-trip writer decides). ``documents``: what the
    validating loader read from ``text`` (its non-empty documents). ``text`` itself when it
    is canonical already (what ``looks_canonical`` says yes to)."""
    if not documents or text.startswith("\ufeff") or not layout_canonical(text):
        return None
    lines = text.split("\n")[:-1]
    regions = _regions(lines)
    if len(regions) != len(documents):
        return None
    out = list(lines)
    moved = False
    for (lo, hi), document in zip(regions, documents, strict=True):
        wanted = {
            id(mapping): order
            for mapping, _parent, _key, order in mappings_to_order(document, kinds)
            if not in_order(list(mapping), order)
        }
        if not wanted:
            continue
        moved = True
        walk = _Walk(lines, wanted)
        try:
            out[lo:hi] = walk.mapping(lo, hi, 0, document)
        except _Refused:
            return None
        if walk.done != len(wanted):
            return None  # a mapping to reorder the walk did not reach (a flow mapping)
    if not moved:
        # In layout and in order: canonical, if the fast loader reads it as the loader did.
        fast = parse_fast(text, max_depth)
        return text if fast is not None and [d.data for d in fast] == documents else None
    new = "\n".join(out) + "\n"
    # The same guards as the writer's: the values read back the same, every comment is
    # there, and the result is one the writer would leave as it is.
    after = canonical_documents(new, kinds, max_depth)
    if after is None or [d.data for d in after] != documents or lost_comments(text, new):
        return None
    return new


def _regions(lines: list[str]) -> list[tuple[int, int]]:
    """Each document's lines from its first content line to the next ``---`` (or the end);
    documents without content are left out, as the loaders leave them out."""
    regions: list[tuple[int, int]] = []
    start: int | None = None
    for index, line in enumerate([*lines, "---"]):
        if line == "---":
            if start is not None:
                regions.append((start, index))
            start = None
        elif start is None and line and not line.lstrip(" ").startswith("#"):
            start = index
    return regions


class _Walk:
    def __init__(self, lines: list[str], wanted: dict[int, tuple[str, ...]]) -> None:
        self.lines = lines
        self.wanted = wanted
        self.done = 0

    def mapping(self, lo: int, hi: int, indent: int, data: Any) -> list[str]:
        """The lines ``lo..hi`` of a block mapping with its keys at ``indent`` (the first may
        be a list item's, its dash already masked), each mapping in it in order."""
        lines = self.lines
        if not isinstance(data, dict):
            raise _Refused
        entries: list[tuple[str, int]] = []
        quiet = True  # no comment or blank line among these lines
        for index in range(lo, hi):
            line = lines[index]
            body = line.lstrip(" ")
            if not body or body.startswith("#"):
                quiet = False
            elif len(line) - len(body) == indent:
                match = _KEY.match(body)
                if match is None:
                    raise _Refused
                entries.append((match.group(1), index))
        if [key for key, _ in entries] != list(data):
            raise _Refused
        bounds = [index for _, index in entries] + [hi]
        parts: dict[str, list[str]] = {}
        for (key, start), end in zip(entries, bounds[1:], strict=True):
            parts[key] = [lines[start], *self.value(start + 1, end, indent, data[key])]
        order = self.wanted.get(id(data))
        if order is None:
            keys = list(data)
        else:
            if not quiet:
                raise _Refused
            self.done += 1
            rank = {k: i for i, k in enumerate(order)}
            keys = sorted(data, key=lambda k: rank.get(k, len(order)))  # stable
        prefix = lines[lo : bounds[0]]  # (a list item's lines before its first key: none)
        return prefix + [line for key in keys for line in parts[key]]

    def value(self, lo: int, hi: int, indent: int, data: Any) -> list[str]:
        """The lines below a key (its block value and the lines up to the next key)."""
        if lo == hi or not isinstance(data, dict | list) or not data:
            return self.lines[lo:hi]
        first = next((i for i in range(lo, hi) if self._content(i)), None)
        if first is None:
            return self.lines[lo:hi]  # an inline value followed by comment lines
        line = self.lines[first]
        inner = len(line) - len(line.lstrip(" "))
        if inner <= indent:
            raise _Refused
        head = self.lines[lo:first]
        if head and any(id(m) in self.wanted for m in (data, *data)):
            # Comment lines above a mapping's first key (or a list's first item) go with
            # that key when it moves (``comments.reorder``): the writer's business.
            raise _Refused
        if isinstance(data, dict):
            if line[inner:].startswith("- "):
                raise _Refused
            return head + self.mapping(first, hi, inner, data)
        return head + self.sequence(first, hi, inner, data)

    def sequence(self, lo: int, hi: int, indent: int, data: list[Any]) -> list[str]:
        lines = self.lines
        starts = [
            i for i in range(lo, hi) if lines[i].startswith("- ", indent) and self._at(i, indent)
        ]
        if len(starts) != len(data) or starts[0] != lo:
            raise _Refused
        out: list[str] = []
        for item, start, end in zip(data, starts, [*starts[1:], hi], strict=True):
            line = lines[start]
            if isinstance(item, dict) and item and _KEY.match(line, indent + 2):
                # A mapping item: read its first key as if the dash were spaces, then put the
                # dash back on whichever key comes first.
                lines[start] = line[:indent] + "  " + line[indent + 2 :]
                try:
                    body = self.mapping(start, end, indent + 2, item)
                finally:
                    lines[start] = line
                body[0] = body[0][:indent] + "- " + body[0][indent + 2 :]
                out.extend(body)
            else:
                out.append(line)
                out.extend(self.value(start + 1, end, indent + 2, item))
        return out

    def _content(self, index: int) -> bool:
        body = self.lines[index].lstrip(" ")
        return bool(body) and not body.startswith("#")

    def _at(self, index: int, indent: int) -> bool:
        line = self.lines[index]
        return len(line) - len(line.lstrip(" ")) == indent
