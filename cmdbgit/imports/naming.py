"""Ids and names for documents an import creates."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 60) -> str:
    """``Web-01.Example.COM`` -> ``web-01-example-com``: what an id may hold."""
    out = _UNSAFE.sub("-", text.lower()).strip("-")
    return out[:limit].rstrip("-") or "item"


def kebab(kind: str) -> str:
    """``HardwareAsset`` -> ``hardware-asset``, ``API`` -> ``api`` (the default folder of a
    kind): a word starts at a capital after a small letter or a digit."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", kind).lower()
