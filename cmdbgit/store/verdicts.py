"""Verdicts of the document-local checks, cached by Git blob id.

``envelope``, ``schema``, ``duplicate-relation`` and the document-local policies (``no-plaintext-secrets``,
``required-labels``, ``required-fields`` and ``assert`` schemas) judge a document from its own
data and the rule set's kinds only. A document whose blob they all found clean under the same
kinds and policies (and the same loader and checker code) is not judged by them again: at
10^5 documents with the starter policies that is two to three seconds of every run. Only
clean verdicts are kept, per file — a file with any ``yaml`` problem or any problem (or
waived problem) of those checks is never recorded — so a document with a problem is always
judged, and located, afresh.

Stored next to the parse cache (``verdicts.msgpack`` in the repository's cache folder) in the
same checksummed container: a damaged file or one written under other rules is ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import msgspec

from cmdbgit.model.config import Limits
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.problem import Problem
from cmdbgit.store.container import read_store, write_store
from cmdbgit.store.parse_cache import code_fingerprint, settings_key

#: The layers whose verdict on a document depends on nothing but that document and the kinds.
LAYERS = frozenset({"envelope", "schema", "duplicate-relation"})
VERDICT_FILE = "verdicts.msgpack"
MAGIC = b"CMDBGIT-VERDICTS\n"
_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(list[bytes])


class Verdicts:
    """The files of one loaded revision whose documents are already known clean for
    ``LAYERS``. A verdict is per file (its blob): files with problems are rare, and a key per
    file keeps this bookkeeping well under the time it saves."""

    def __init__(
        self,
        folder: Path | None,
        key: str,
        blobs: dict[str, str],
        rules: frozenset[str] = LAYERS,
    ) -> None:
        """``folder``: the cache folder (None: disabled); ``key``: ``rules_key`` of the rules;
        ``blobs``: the revision's blob id by path; ``rules``: the problem rule ids of the
        document-local checks (``LAYERS`` and the document-local policies')."""
        self._file = None if folder is None else folder / VERDICT_FILE
        self._key = key
        self._blobs = blobs
        self._rules = rules
        self._clean: set[bytes] = set()
        if self._file is not None:
            body = read_store(self._file, MAGIC, self._key)
            if body is not None:
                try:
                    self._clean = set(_DECODER.decode(body))
                except msgspec.DecodeError:
                    self._clean = set()

    def settled(self) -> frozenset[str]:
        """The files whose documents ``LAYERS`` may skip."""
        clean = self._clean
        if not clean:
            return frozenset()
        return frozenset(path for path, blob in self._blobs.items() if bytes.fromhex(blob) in clean)

    def record(self, problems: list[Problem], waived: Iterable[Problem] = ()) -> None:
        """Remember every file without a ``yaml`` problem or a problem of the document-local
        checks, waived or not (a waived one must be found again to be listed as waived)."""
        if self._file is None:
            return
        rules = self._rules
        flagged = {p.file for p in [*problems, *waived] if p.rule == "yaml" or p.rule in rules}
        clean = {bytes.fromhex(blob) for path, blob in self._blobs.items() if path not in flagged}
        if clean <= self._clean:
            return
        older = self._clean - clean
        keep = clean | older if len(older) <= len(clean) else clean  # bounded, like the cache
        write_store(self._file, MAGIC, self._key, _ENCODER.encode(sorted(keep)))


def rules_key(limits: Limits, kinds: KindRegistry, policies: Iterable[str] = ()) -> str:
    """Everything a verdict depends on besides the document: the kinds' schemas, the
    document-local policies (``policies``: each one's definition, as text), the loader
    settings and the code of the model, the checkers, the policies and the loader."""
    digest = hashlib.sha256(settings_key(limits).encode())
    digest.update(code_fingerprint("model", "validate", "policy", "parse", "store").encode())
    for name in sorted(kinds):
        digest.update(name.encode())
        digest.update(json.dumps(kinds[name].schema, sort_keys=True).encode())
    for policy in sorted(policies):
        digest.update(b"\0policy\0" + policy.encode())
    return digest.hexdigest()[:32]
