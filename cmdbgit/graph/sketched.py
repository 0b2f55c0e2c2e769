"""The inventory an impact search runs over, read in sketch: every document with only what the
failure graph reads of it (kind, id, name, relations, a Service's criticality), from the parse
cache without building the rest. Documents of the kinds whose fields add edges or make
redundancy groups (``x-impact`` references, ``x-at-most-incoming``) are read in full, as is
any file the sketch cannot take or the cache does not hold. The graph is the same as the full
inventory's; only what it never reads is missing.
"""

from __future__ import annotations

from cmdbgit.gcpause import keep_out_of_gc, no_gc
from cmdbgit.model.config import Config
from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.source import Source, SourceFile
from cmdbgit.source.batch import cache_for, load_files


def full_kinds(kinds: KindRegistry) -> set[str]:
    """The kinds whose other fields the failure graph reads."""
    refs = {k for k, s in kinds.items() if any(r.impact != "none" for r in s.refs)}
    return refs | {k for k, s in kinds.items() if s.at_most_incoming}


def sketched_inventory(
    source: Source, config: Config, files: list[SourceFile], kinds: KindRegistry
) -> Inventory:
    cache = cache_for(source, config.limits)
    whole = full_kinds(kinds)
    found: dict[str, list[Document]] = {}
    with no_gc():
        for entry in files:
            docs = cache.sketch(entry.blob_id, entry.path)
            if docs is not None and not any(d.kind in whole for d in docs):
                found[entry.path] = docs
        rest = [f for f in files if f.path not in found]
        for loaded in load_files(source, rest, config.limits, cache):
            found[loaded.path] = loaded.documents
        documents = [d for f in files for d in found.get(f.path, ()) if isinstance(d.data, dict)]
        inventory = Inventory(documents)
        keep_out_of_gc(len(documents))
    return inventory
