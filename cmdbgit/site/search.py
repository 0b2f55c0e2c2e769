"""The prebuilt search index: ids, names, host names, serials, asset tags, IPs and labels.

Split by the first two characters of each token into small script files
(``search/ab.js``), so a page loads only the shard its query needs: at 100,000 documents the
whole index would be megabytes, a shard is a few kilobytes. Shards are scripts, not JSON
fetched at run time, so the site's policy needs nothing beyond ``script-src 'self'``.
Matching is by prefix of a token: ``pay-db`` finds ``pay-db-01.fra1.example``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from cmdbgit.model.document import Document
from cmdbgit.site.html import doc_url, shown

_WORDS = re.compile(r"[^\w.:-]+")
_SHARD_CHARS = re.compile(r"[a-z0-9]")
#: Fields worth finding a document by, wherever they appear in ``spec``.
_FIELDS = ("hostname", "serial", "asset_tag", "ip", "email", "fqdn", "model")
MAX_HITS_PER_TOKEN = 50


def shard_of(token: str) -> str:
    return "".join(c if _SHARD_CHARS.fullmatch(c) else "_" for c in token[:2].ljust(2, "_"))


def tokens(doc: Document) -> set[str]:
    found: set[str] = set()
    values: list[Any] = [doc.id, doc.name]
    spec = shown(doc.spec, ("spec",))
    values.extend(v for key, v in _leaves(spec) if key in _FIELDS)
    for key, value in shown(doc.labels, ("metadata", "labels")).items():
        values.extend((value, f"{key}={value}"))
    for value in values:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            continue
        text = str(value).lower()
        found.add(text)
        found.update(w for w in _WORDS.split(text) if len(w) >= 2)
    return {t for t in found if 2 <= len(t) <= 100}


def _leaves(node: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _leaves(v, key)
    else:
        yield key, node


def shards(documents: list[Document]) -> dict[str, str]:
    """Shard file name -> its script."""
    index: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    entries: list[list[str]] = []
    for number, doc in enumerate(documents):
        entries.append([doc.id or "", doc.kind or "", doc.name, doc_url(doc.id or "")])
        for token in tokens(doc):
            hits = index[shard_of(token)][token]
            if len(hits) < MAX_HITS_PER_TOKEN:
                hits.append(number)
    out = {}
    for name, table in index.items():
        used = sorted({n for hits in table.values() for n in hits})
        local = {n: i for i, n in enumerate(used)}
        payload = {
            "docs": [entries[n] for n in used],
            "tokens": {t: [local[n] for n in hits] for t, hits in sorted(table.items())},
        }
        text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
        # No "<" at all: a shard stays inert even if it is ever inlined in a page.
        text = text.replace("<", "\\u003c")
        out[f"search/{name}.js"] = f"cmdbgitSearch.shard({json.dumps(name)},{text});\n"
    return out
