"""Verdicts of the layers that read a document's neighbours' kinds, cached by Git blob id.

``references`` (``dangling-reference``, ``owner``) and ``relation-type`` judge a document from
its own data, the rules' kinds and relation types, and the kind of each id it names. A file
they found clean names only ids that were defined then, each of a kind they accepted; it stays
clean while its blob is the same and none of those ids has gone or changed kind. So the last
judgement's clean files are kept with the kind of every id then defined: the next judgement
looks up which ids have gone or changed kind since (``changed``), and only the files naming
one of them (``validate.references.files_naming``) are judged again with the changed files.
An id defined since cannot matter: a clean file named none that was missing.

One revision's verdicts are kept (the last judged), not a union over revisions like
``store.verdicts``: the kinds they hold are that revision's. Stored in the cache folder
(``neighbours.msgpack``) in the checksummed container; a damaged file or one written under
other rules or code is ignored, and then every document is judged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

import msgspec

from cmdbgit.model.problem import Problem
from cmdbgit.model.relations import RelationRegistry
from cmdbgit.store.container import read_store, write_store

#: The problem rules of the layers whose verdicts are kept here.
RULES = frozenset({"dangling-reference", "owner", "relation-type"})
NEIGHBOURS_FILE = "neighbours.msgpack"
MAGIC = b"CMDBGIT-NEIGHBOURS\n"


class _Stored(msgspec.Struct, array_like=True):
    #: The clean files' blob ids (hex, as the listing gives them: no conversion per file).
    clean: list[str]
    #: ``kinds``' SHA-256: nearly every judgement sees the same ids of the same kinds, and
    #: then compares this and never decodes them (10^5 entries, ~12 MB of objects).
    digest: bytes
    #: The kind of each id's first definition then (None: a document without a kind), as
    #: msgpack: decoded only when the digest differs.
    kinds: msgspec.Raw


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(_Stored)
_KINDS = msgspec.msgpack.Decoder(dict[str, str | None])
_MISSING = object()


class NeighbourVerdicts:
    """The clean files of the last judgement, and the kinds of the ids it saw."""

    def __init__(self, folder: Path | None, key: str, blobs: dict[str, str]) -> None:
        """``folder``: the cache folder (None: disabled); ``key``: ``neighbours_key`` of the
        rules; ``blobs``: the judged revision's blob id by path."""
        self._file = None if folder is None else folder / NEIGHBOURS_FILE
        self._key = key
        self._blobs = blobs
        self._body: bytes | None = None
        self._stored: _Stored | None = None
        #: The kinds last encoded (``_encoded``): that mapping, its msgpack and its digest.
        self._encoding: tuple[Mapping[str, str | None], bytes, bytes] | None = None
        if self._file is not None:
            body = read_store(self._file, MAGIC, key)
            if body is not None:
                try:
                    self._stored = _DECODER.decode(body)
                    self._body = bytes(body)
                except msgspec.DecodeError:
                    self._stored = None

    def changed(self, kind_by_id: Mapping[str, str | None]) -> dict[str, str | None]:
        """The ids defined at the last judgement that are gone or of another kind now, with
        the kind they had."""
        stored = self._stored
        if stored is None or self._encoded(kind_by_id)[1] == stored.digest:
            return {}  # the common case (no document added, removed or of a new kind)
        try:
            before = _KINDS.decode(stored.kinds)
        except msgspec.DecodeError:  # a sound container around unsound kinds: judge all
            self._stored = None
            return {}
        return {
            ident: kind for ident, kind in before.items() if kind_by_id.get(ident, _MISSING) != kind
        }

    def settled(self, unsettled: Collection[str] = ()) -> frozenset[str]:
        """The files still clean (same blob), but for ``unsettled`` (the files naming a
        changed id)."""
        if self._stored is None or not self._stored.clean:
            return frozenset()
        clean = set(self._stored.clean)
        kept = frozenset(path for path, blob in self._blobs.items() if blob in clean)
        return kept.difference(unsettled) if unsettled else kept

    def record(
        self,
        problems: Iterable[Problem],
        waived: Iterable[Problem],
        kind_by_id: Mapping[str, str | None],
    ) -> None:
        """Remember this judgement's clean files: those without a ``yaml`` problem (a broken
        document is not judged by these layers) or a problem of ``RULES``, waived or not."""
        if self._file is None:
            return
        flagged = {p.file for p in (*problems, *waived) if p.rule == "yaml" or p.rule in RULES}
        clean = sorted(blob for path, blob in self._blobs.items() if path not in flagged)
        kinds, digest = self._encoded(kind_by_id)
        body = _ENCODER.encode(_Stored(clean, digest, msgspec.Raw(kinds)))
        if body == self._body:
            return  # an unchanged judgement: nothing to write
        write_store(self._file, MAGIC, self._key, body)
        self._body = body

    def _encoded(self, kind_by_id: Mapping[str, str | None]) -> tuple[bytes, bytes]:
        """``kind_by_id`` as msgpack (in its own order: a revision's documents come in one
        order) and that msgpack's SHA-256, made once per mapping."""
        if self._encoding is None or self._encoding[0] is not kind_by_id:
            encoded = _ENCODER.encode(kind_by_id)
            self._encoding = (kind_by_id, encoded, hashlib.sha256(encoded).digest())
        return self._encoding[1], self._encoding[2]


def neighbours_key(document_local_key: str, relations: RelationRegistry) -> str:
    """What these verdicts depend on besides the documents: ``store.verdicts.rules_key`` of
    the kinds (with the loader settings and the code) and the relation types."""
    digest = hashlib.sha256(document_local_key.encode())
    for name in sorted(relations.types):
        digest.update(b"\0relation\0")
        digest.update(json.dumps(relations.types[name].model_dump(), sort_keys=True).encode())
    return digest.hexdigest()[:32]
