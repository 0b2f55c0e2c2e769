"""The last judgement of a revision, kept whole so the next one can judge only what changed.

Where the memo (``store.memo``) answers for the exact same files, this store answers "what
was every problem, and every file's blob, the last time these rules judged on this date":
``cmdbgit.incremental`` judges the files edited since and keeps the rest. It also holds the
kind of every id then (so an edited file's references are judged without loading the
others) and what placing spent (documents located, characters re-read, the last file it
located in when it reached its limit), so that the edited files' problems are provably placed
as a whole judgement would place them.

One judgement, the last one ``validate`` made, in ``last.msgpack`` in the cache folder (the
checksummed container); its key is the memo's without the files (rules, date when a policy
may read it, project prefix, loader limits, code). A damaged or foreign file is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import msgspec

from cmdbgit.store.container import read_store, write_store
from cmdbgit.store.memo import Judgement

LAST_FILE = "last.msgpack"
MAGIC = b"CMDBGIT-LAST-JUDGEMENT\n"


class Last(msgspec.Struct, array_like=True):
    #: Each inventory file's blob id (hex) by path.
    blobs: dict[str, str]
    judgement: Judgement
    #: Documents placing located, and characters of re-reading it charged, over every
    #: judgement since the last whole one (an upper bound of what one whole judgement would).
    located: int
    charged: int
    #: When documents were left unlocated: the file of the last one located (in file
    #: order, placing locates the first ``limits.max_located_documents``).
    cutoff: str | None
    #: The kind of each id's first definition, as msgpack: decoded only when edits are judged.
    kinds: msgspec.Raw


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Last)
_KINDS = msgspec.msgpack.Decoder(dict[str, str | None])


@dataclass(slots=True)
class LastStore:
    """``last.msgpack`` of one cache folder under one key; ``file`` None: disabled."""

    file: Path | None
    key: str

    def get(self) -> Last | None:
        if self.file is None:
            return None
        body = read_store(self.file, MAGIC, self.key)
        if body is None:
            return None
        try:
            return _DECODER.decode(body)
        except msgspec.DecodeError:
            return None

    def put(self, last: Last) -> None:
        if self.file is not None:
            write_store(self.file, MAGIC, self.key, _ENCODER.encode(last))


def encode_kinds(kind_by_id: dict[str, str | None]) -> msgspec.Raw:
    return msgspec.Raw(_ENCODER.encode(kind_by_id))


def decode_kinds(raw: msgspec.Raw) -> dict[str, str | None] | None:
    try:
        return _KINDS.decode(raw)
    except msgspec.DecodeError:
        return None
