"""Which document an observed item is: the identification rules, applied in order.

Per kind an ordered list of identifying fields (``import.identify`` in ``cmdbgit.yaml``, else
the defaults below): serial number for hardware, hostname then IP for hosts, the id
otherwise. The first field whose observed value names a document wins; a value that names
several documents is a conflict, never a guess. Hostnames compare without case, and a short
name matches the first label of a fully qualified one (``web-01`` ~ ``web-01.example.com``);
IP addresses compare as addresses.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from cmdbgit.model.document import Document
from cmdbgit.model.paths import get_path, parse_dotted

DEFAULT_IDENTIFY: dict[str, tuple[str, ...]] = {
    "Server": ("spec.hostname", "spec.ip"),
    "Endpoint": ("spec.hostname",),
    "NetworkDevice": ("spec.hostname", "spec.ip"),
    "HardwareAsset": ("spec.serial", "spec.asset_tag"),
    "CloudResource": ("spec.resource_id",),
    "CloudSubscription": ("spec.account",),
}
FALLBACK: tuple[str, ...] = ("metadata.id",)


def rules_for(kind: str, configured: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(configured.get(kind) or DEFAULT_IDENTIFY.get(kind) or FALLBACK)


def keys(path: str, value: Any) -> list[str]:
    """The comparable forms of an identifying value (most specific first)."""
    if value is None or isinstance(value, bool | dict | list):
        return []
    text = str(value).strip()
    if not text:
        return []
    if path.endswith("ip"):
        try:
            return [str(ipaddress.ip_address(text))]
        except ValueError:
            return [text.lower()]
    if path.endswith("hostname"):
        full = text.lower().rstrip(".")
        short = full.split(".", 1)[0]
        return [full] if short == full else [full, short]
    if path.endswith(("serial", "asset_tag")):
        return [text.upper()]
    return [text]


class Index:
    """Documents of the inventory by kind, identifying path and comparable value."""

    def __init__(
        self, documents: Iterable[Document], configured: Mapping[str, tuple[str, ...]]
    ) -> None:
        self._configured = configured
        self._by: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for doc in documents:
            if doc.kind is None or doc.id is None:
                continue
            for path in rules_for(doc.kind, configured):
                value = get_path(doc.data, parse_dotted(path), None)
                for key in keys(path, value):
                    self._by[(doc.kind, path, key)].add(doc.id)

    def find(self, kind: str, fields: Mapping[str, Any]) -> tuple[str, ...]:
        """The ids the first identifying field with a match names (one: a match; several:
        a conflict; none: a new item)."""
        for path in rules_for(kind, self._configured):
            for key in keys(path, fields.get(path)):
                found = self._by.get((kind, path, key))
                if found:
                    return tuple(sorted(found))
        return ()
