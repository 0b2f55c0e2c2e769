"""Where a ``$ref`` in a kind schema or a policy's ``assert`` may point: inside the schema
itself (``#/…``) or, for kind schemas, at another schema file of the ``schemas/`` folder
(``"$ref": "Common.schema.json#/$defs/x"``). Nothing else is ever retrieved: not
``https://…`` (the machine running a check would fetch it), not ``file:///etc/passwd``. The
JSON Schema library asks the retriever here for every resource it does not hold; the retriever
answers from the schemas already read, or refuses and remembers what it refused, so the
caller can say so in one located line instead of the library's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The base URI the library gives a schema without ``$id``: a relative ``$ref`` lands here.
LOCAL_BASE = "json-schema:///"
ALLOWED = "a $ref may point only inside the schema (#/...) or at a schema file under schemas/"


class RefusedRef(ValueError):
    """A ``$ref`` that points outside the schema and the ``schemas/`` folder."""


class Retriever:
    """Answers the library's requests from ``files`` (schema file name -> parsed schema)."""

    def __init__(self, files: Mapping[str, Any] | None = None) -> None:
        self._files = dict(files or {})
        self.refused: list[str] = []

    def __call__(self, uri: str) -> Any:
        name = uri[len(LOCAL_BASE) :] if uri.startswith(LOCAL_BASE) else None
        if name is not None and name in self._files:
            return self._files[name]
        self.refused.append(uri)
        raise RefusedRef(f"refused to retrieve {uri}")

    def explain(self, allowed: str = ALLOWED) -> str | None:
        """One line about the first refused reference, if any."""
        if not self.refused:
            return None
        return f"$ref {_shown(self.refused[0])} is not allowed: {allowed}"


def _shown(uri: str) -> str:
    short = uri if len(uri) <= 120 else uri[:117] + "..."
    return repr("".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in short))
