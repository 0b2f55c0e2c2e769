"""Counting words right: ``1 error``, ``2 errors`` — never ``1 errors``."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` followed by ``word`` or, unless ``count`` is 1, its plural (``word + 's'`` or
    ``many``)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
