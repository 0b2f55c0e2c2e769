"""Writing generated documents as hand-written-looking YAML: block mappings, small mappings
and relation entries in flow style, strings quoted only where YAML 1.2 would read them as
something else (versions like ``"9.4"``) or they hold indicator characters (URLs)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from cmdbgit.parse.scalars import resolve_plain

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/@+()-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n"}  # strings in 1.2, but people quote them


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _DATE.match(text):
        return text  # YAML 1.2: a date stays the string it was written as
    plain = _PLAIN.match(text) and resolve_plain(text) == text and not text.endswith(" ")
    return text if plain and text.lower() not in _YAML11_WORDS else json.dumps(text)


def flow(data: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in data.items()) + "}"


def lines(data: dict[str, Any], indent: int = 0) -> Iterator[str]:
    pad = " " * indent
    for key, value in data.items():
        small = isinstance(value, dict) and 0 < len(value) <= 3
        if small and not any(isinstance(v, dict | list) for v in value.values()):
            yield f"{pad}{key}: {flow(value)}"
        elif isinstance(value, dict):
            yield f"{pad}{key}:"
            yield from lines(value, indent + 2)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            yield f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]"
        elif isinstance(value, list):
            yield f"{pad}{key}:"
            yield from (f"{pad}  - {flow(item)}" for item in value)
        else:
            yield f"{pad}{key}: {scalar(value)}"


def document(data: dict[str, Any]) -> str:
    return "\n".join(lines(data)) + "\n"
