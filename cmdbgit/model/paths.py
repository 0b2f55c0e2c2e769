"""Field paths inside a document: tuples internally, ``spec.os.version`` / ``relations[1].target``
when shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

FieldPath = tuple[str | int, ...]


def format_path(path: FieldPath) -> str | None:
    """``('relations', 1, 'target')`` -> ``relations[1].target``; the empty path -> None."""
    if not path:
        return None
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else part)
    return "".join(out)


def parse_dotted(text: str) -> tuple[str, ...]:
    """``spec.lifecycle.status`` -> ``('spec', 'lifecycle', 'status')`` (for ``where`` filters)."""
    return tuple(part for part in text.split(".") if part)


_MISSING = object()


def get_path(data: Any, path: tuple[str | int, ...], default: Any = None) -> Any:
    """The value at ``path`` or ``default`` when any step is missing or of the wrong type."""
    node = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or not -len(node) <= part < len(node):
                return default
            node = node[part]
        else:
            if not isinstance(node, dict):
                return default
            node = node.get(part, _MISSING)
            if node is _MISSING:
                return default
    return node


def expand_pattern(data: Any, pattern: tuple[str, ...]) -> Iterator[tuple[FieldPath, Any]]:
    """Every (concrete path, value) matching ``pattern``, where ``*`` is any list item, in
    document order.

    ``('spec', 'software', '*', 'product')`` yields ``(('spec','software',0,'product'), 'java')``...

    Expanded a step at a time over lists, not by recursive generators: the references check
    and the graph run this for every document of the inventory.
    """
    level: list[tuple[FieldPath, Any]] = [((), data)]
    for head in pattern:
        below: list[tuple[FieldPath, Any]] = []
        if head == "*":
            for prefix, node in level:
                if isinstance(node, list):
                    below.extend(((*prefix, index), item) for index, item in enumerate(node))
        else:
            for prefix, node in level:
                if isinstance(node, dict) and head in node:
                    below.append(((*prefix, head), node[head]))
        if not below:
            return iter(())
        level = below
    return iter(level)
