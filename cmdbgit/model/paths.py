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
    """Every (concrete path, value) matching ``pattern``, where ``*`` is any list item.

    ``('spec', 'software', '*', 'product')`` yields ``(('spec','software',0,'product'), 'java')``...
    """

    def walk(
        node: Any, rest: tuple[str, ...], prefix: FieldPath
    ) -> Iterator[tuple[FieldPath, Any]]:
        if not rest:
            yield prefix, node
            return
        head, tail = rest[0], rest[1:]
        if head == "*":
            if isinstance(node, list):
                for index, item in enumerate(node):
                    yield from walk(item, tail, (*prefix, index))
        elif isinstance(node, dict) and head in node:
            yield from walk(node[head], tail, (*prefix, head))

    yield from walk(data, pattern, ())
