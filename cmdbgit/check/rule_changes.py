"""Which files that judge the inventory a change touches: ``cmdbgit.yaml``, the schemas and
relationship registry, the policies (called out at the top of the report)."""

from __future__ import annotations

from collections.abc import Iterable

from cmdbgit.model.config import Config
from cmdbgit.source.base import Source, blob_id
from cmdbgit.workspace import CONFIG_FILE


def _listing(source: Source, folders: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for folder in folders:
        for entry in source.files(folder, ("",)):
            out[entry.path] = entry.blob_id
    raw = source.read(CONFIG_FILE)
    if raw is not None:
        out[CONFIG_FILE] = blob_id(raw)
    return out


def rule_changes(base: Source, head: Source, configs: Iterable[Config]) -> list[str]:
    """Paths added, removed or modified between ``base`` and ``head`` under the schemas and
    policies folders of any of ``configs`` (the base's and the head's may differ)."""
    folders = {p for c in configs for p in (c.paths.schemas, c.paths.policies)}
    before, after = _listing(base, folders), _listing(head, folders)
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
