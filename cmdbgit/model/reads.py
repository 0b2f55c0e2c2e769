"""What an inventory-wide check reads of the documents, so an edit it cannot see is not judged
again by it (``cmdbgit.incremental``).

Every such check reads each document's id, kind, metadata and relations; of ``spec`` most
read a few top-level keys of a few kinds (the owner rule a Person's ``status``, the licence
count a consumer's ``cpu_cores``). ``SpecReads`` holds those keys by kind; ``view`` is a
document as the checks see it. A file whose documents have the same view before and after an
edit cannot change an inventory-wide finding. A check that declares nothing reads the whole
spec of every kind (``SpecReads.everything``): undeclared is safe, only slower.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: The top-level keys of ``spec`` read, or None for the whole spec.
Keys = frozenset[str] | None


class SpecReads:
    """The top-level ``spec`` keys read, by kind (the kind None: of every document)."""

    __slots__ = ("_by_kind",)

    def __init__(self) -> None:
        self._by_kind: dict[str | None, Keys] = {}

    @classmethod
    def everything(cls) -> SpecReads:
        reads = cls()
        reads.add(None, None)
        return reads

    def add(self, kinds: Iterable[str] | None, keys: Iterable[str] | None) -> SpecReads:
        """Read ``keys`` (None: the whole spec) of the documents of ``kinds`` (None: all)."""
        wanted = None if keys is None else frozenset(keys)
        for kind in [None] if kinds is None else kinds:
            if kind in self._by_kind:
                known = self._by_kind[kind]
                wanted_now = None if known is None or wanted is None else known | wanted
            else:
                wanted_now = wanted
            self._by_kind[kind] = wanted_now
        return self

    def add_path(self, kinds: Iterable[str] | None, path: tuple[str | int, ...]) -> SpecReads:
        """Read the field at ``path`` (from the document's top) of ``kinds``: a field outside
        ``spec`` is in every view already."""
        if path[:1] == ("spec",):
            key = path[1] if len(path) > 1 else None
            self.add(kinds, None if not isinstance(key, str) or key == "*" else [key])
        return self

    def update(self, other: SpecReads) -> SpecReads:
        for kind, keys in other._by_kind.items():
            self.add(None if kind is None else [kind], keys)
        return self

    def keys(self, kind: str | None) -> Keys:
        """The spec keys read of a document of ``kind``."""
        common = self._by_kind.get(None, frozenset())
        own = self._by_kind.get(kind, frozenset()) if kind is not None else frozenset()
        if common is None or own is None:
            return None
        return common | own

    def view(self, data: Any) -> Any:
        """A document's data as the checks see it: all of it but the unread parts of
        ``spec``."""
        if not isinstance(data, dict) or "spec" not in data:
            return data
        kind = data.get("kind")
        keys = self.keys(kind if isinstance(kind, str) else None)
        if keys is None:
            return data
        spec = data["spec"]
        seen = {k: v for k, v in data.items() if k != "spec"}
        if isinstance(spec, dict):
            seen["spec"] = {k: spec[k] for k in sorted(keys) if k in spec}
        else:  # not a mapping: the schema layer's finding, and no check reads into it
            seen["spec"] = spec
        return seen
