"""``Document``: one parsed YAML document of the inventory, plain data plus where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Kinds that need no ``metadata.owner`` (docs/format.md).
UNOWNED_KINDS = frozenset({"Team", "Person", "Vendor", "Location"})
#: An id longer than this (the longest DNS name) is no id at all: the document is anonymous,
#: reported by the envelope check, and a megabyte of "id" never reaches an index or an output.
ID_CAP = 253


@dataclass(slots=True)
class Document:
    """A parsed document. ``data`` is plain JSON-like data (dict/list/str/int/float/bool/None),
    dates as ISO strings. ``index`` is the 0-based position among the file's non-empty
    documents; ``line`` is the 1-based line where the document's content starts. ``data`` is
    a mapping for every well-formed document; anything else is an ``envelope`` problem and
    reads as empty through the properties below."""

    file: str
    index: int
    line: int
    data: dict[str, Any]
    # ``id`` and ``kind`` are read millions of times in a 100k-document run (a third of the
    # time of a check when they were properties): computed once, here. A document's data is
    # never changed after parsing (writers work on the YAML text), so they cannot go stale.
    id: str | None = field(init=False, compare=False, repr=False)
    kind: str | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        data = self.data
        if isinstance(data, dict):
            meta = data.get("metadata")
            ident = meta.get("id") if isinstance(meta, dict) else None
            kind = data.get("kind")
        else:
            ident = kind = None
        self.id = ident if isinstance(ident, str) and len(ident) <= ID_CAP else None
        self.kind = kind if isinstance(kind, str) else None

    def _field(self, key: str) -> Any:
        return self.data.get(key) if isinstance(self.data, dict) else None

    @property
    def metadata(self) -> dict[str, Any]:
        data = self.data
        value = data.get("metadata") if isinstance(data, dict) else None
        return value if isinstance(value, dict) else {}

    @property
    def spec(self) -> dict[str, Any]:
        data = self.data  # inline, not ``_field``: read a million times by ``report all``
        value = data.get("spec") if isinstance(data, dict) else None
        return value if isinstance(value, dict) else {}

    @property
    def name(self) -> str:
        value = self.metadata.get("name")
        return value if isinstance(value, str) else (self.id or "")

    @property
    def owner(self) -> str | None:
        value = self.metadata.get("owner")
        return value if isinstance(value, str) else None

    @property
    def labels(self) -> dict[str, Any]:
        value = self.metadata.get("labels")
        return value if isinstance(value, dict) else {}

    @property
    def relations(self) -> list[dict[str, Any]]:
        """The well-formed relation entries, with their index in the document's list."""
        value = self._field("relations")
        if not isinstance(value, list):
            return []
        return [item for item in value if isinstance(item, dict)]
