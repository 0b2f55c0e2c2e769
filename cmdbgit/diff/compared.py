"""The two revisions a diff compares, read only where they differ.

A file whose blob is the same at the same path on both sides holds the same documents on both:
the diff would find nothing there. So only the files that differ (added, removed, edited) are
read on each side, plus the unchanged files that define an id one of them defines too (a
duplicate decides which definition is "the" document, so it must be there). Which ids the
unchanged files define, and which of them do not parse (the diff's notes), comes from their
parse-cache entries read in outline, without building their documents. At 10^5 documents a
change of 50 reads about a hundred files in full instead of twice 10^5.

The result equals a diff of the whole inventories (a property test holds the two together);
when the two sides parse under different limits, or there is no parse cache to outline from,
both are read in full. ``impact`` asks for the outlines ``with_documents``: it builds the
head's whole failure graph from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cmdbgit.gcpause import keep_out_of_gc, no_gc
from cmdbgit.model.config import Config
from cmdbgit.model.problem import Problem
from cmdbgit.source import RepoHandle, Source, SourceFile, source_for
from cmdbgit.source.batch import cache_for
from cmdbgit.store.outline import Outline
from cmdbgit.workspace import LoadedInventory, load_config, load_documents


@dataclass(slots=True)
class Side:
    """One revision: every inventory file, and the documents of the files read (``loaded``:
    all of them when ``complete``)."""

    files: list[SourceFile]
    loaded: LoadedInventory
    complete: bool
    #: Files not read that do not parse (for the notes; the read ones are in ``loaded``).
    unparsed: set[str] = field(default_factory=set)
    #: The outline of each file not read (the same on both sides).
    outlines: dict[str, Outline] = field(default_factory=dict)


def load_compared(
    handle: RepoHandle,
    base: str | None,
    head: str | None,
    *,
    sources: tuple[Source, Source] | None = None,
    with_documents: bool = False,
    screened: bool = True,
) -> tuple[Side, Side]:
    """The base and head revisions (None: the working tree), read where they differ.
    ``sources``: the two revisions' sources, when open already; ``screened``: whether the
    sides' problems include what the listings did not read (links…: the diff's notes need
    them, ``impact`` does not)."""
    listing = None if screened else ()
    if sources is None:
        sources = source_for(handle, base), source_for(handle, head)
    configs = load_config(sources[0])[0], load_config(sources[1])[0]
    listed = [s.files(c.paths.inventory) for s, c in zip(sources, configs, strict=True)]
    cache = cache_for(sources[1], configs[1].limits)
    if configs[0].limits != configs[1].limits or not cache.persistent:
        whole = [_load(s, c, f, listing) for s, c, f in zip(sources, configs, listed, strict=True)]
        return Side(listed[0], whole[0], True), Side(listed[1], whole[1], True)
    base_blobs = {f.path: f.blob_id for f in listed[0]}
    same = [entry for entry in listed[1] if base_blobs.get(entry.path) == entry.blob_id]
    with no_gc():
        found = cache.outlines([entry.blob_id for entry in same], with_documents=with_documents)
        outlines: dict[str, Outline] = {
            entry.path: one for entry, one in zip(same, found, strict=True) if one is not None
        }
        keep_out_of_gc(len(outlines))
    # First the files that differ (and the shared ones the outline could not read)...
    read = [[f for f in files if f.path not in outlines] for files in listed]
    loaded = [_load(s, c, f, listing) for s, c, f in zip(sources, configs, read, strict=True)]
    # ...then, rarely, the unchanged files that define one of their ids too.
    ids = {doc.id for side in loaded for doc in side.inventory.documents}
    also = {path for path, found in outlines.items() if not ids.isdisjoint(found.ids)}
    unparsed = {path for path, found in outlines.items() if found.unparsed}
    sides = []
    for source, config, files, first in zip(sources, configs, listed, loaded, strict=True):
        if also:
            wanted = [f for f in files if f.path not in outlines or f.path in also]
            first = _load(source, config, wanted, listing)
        kept = {path: found for path, found in outlines.items() if path not in also}
        sides.append(Side(files, first, False, unparsed - also, kept))
    return sides[0], sides[1]


def _load(
    source: Source, config: Config, files: list[SourceFile], listing: tuple[Problem, ...] | None
) -> LoadedInventory:
    return load_documents(source, config, files=files, listing=listing)
