"""``path=value`` assignments (``new --set``, ``set``): a dotted path and a YAML 1.2 scalar.

``spec.cpu_cores=8`` sets the number 8, ``spec.virtual=true`` the boolean,
``spec.os.version="22.04"`` (quoted) the string. Only scalars: a whole mapping or list is
edited in the file, not squeezed into one argument.
"""

from __future__ import annotations

from typing import Any

from cmdbgit.errors import UsageError
from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file
from cmdbgit.parse.scalars import resolve_plain

Assignment = tuple[tuple[str | int, ...], Any]


def parse_assignment(text: str) -> Assignment:
    path_text, sep, value_text = text.partition("=")
    if not sep or not path_text.strip():
        raise UsageError(f"{text!r}: expected path=value, e.g. spec.hostname=web-01")
    parts: list[str | int] = []
    for part in path_text.strip().split("."):
        if not part:
            raise UsageError(f"{text!r}: empty step in the path {path_text!r}")
        parts.append(int(part) if part.isdigit() else part)
    return tuple(parts), parse_value(value_text)


def parse_value(text: str) -> Any:
    if "\n" in text or "\r" in text:
        raise UsageError("a value must be one line")
    if text[:1] in ("'", '"'):
        loaded = load_file("<value>", f"v: {text}\n".encode(), Limits())
        if loaded.problems or not loaded.documents:
            raise UsageError(f"{text!r}: not a valid quoted YAML string")
        value = loaded.documents[0].data.get("v")
        if not isinstance(value, str):
            raise UsageError(f"{text!r}: not a valid quoted YAML string")
        return value
    value = resolve_plain(text.strip())
    if isinstance(value, float) and value != value:
        raise UsageError(f"{text!r}: not a usable value")
    return value
