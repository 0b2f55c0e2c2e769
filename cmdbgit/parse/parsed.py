"""What a parser hands back — documents with the position of every key and value — and the
bound on aliases both parsers keep.

Apart from the located loader (``parse.located``), which imports ruamel.yaml and PyYAML: the
many readers of positions (the parse cache, the locator, placing) need the shapes, not the
parser, and a command that parses nothing with it never imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cmdbgit.model.paths import FieldPath
from cmdbgit.model.problem import Problem

Position = tuple[int, int]

#: Nodes an alias may make a reader walk, per document. Bounds "billion laughs" documents
#: whose alias *count* is within limits but whose expansion is exponential.
EXPANSION_BUDGET = 100_000


@dataclass(slots=True)
class Positions:
    """1-based (line, column) of every value and every mapping key, by field path."""

    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> Position | None:
        """The value at ``path``; else the key that introduces the nearest existing ancestor."""
        if path in self.values:
            return self.values[path]
        for end in range(len(path) - 1, -1, -1):
            prefix = path[:end]
            if prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return None

    def locate_key(self, path: FieldPath) -> Position | None:
        return self.keys.get(path) or self.locate(path)


@dataclass(slots=True)
class ParsedDocument:
    index: int
    line: int
    data: Any
    positions: Positions
    broken: bool = False


@dataclass(slots=True)
class ParsedFile:
    documents: list[ParsedDocument]
    problems: list[Problem]
    #: The parser stopped on what it took for a syntax error.
    failed: bool = False
