"""Judgements remembered: the problems of a revision already judged under the same rules on the
same date.

A judgement depends on the documents (each inventory file's path and Git blob id, and the
loader's limits), the rules (the files they were read from: a commit's are fixed by its sha,
the working tree's are hashed), the date, the project's place in its repository and the code
of everything that judges. All of it goes into the key; a run whose key was seen before takes
the problems (with their positions) and waived problems from the cache instead of running the
layers. Running ``validate`` again on an unchanged inventory, or ``check`` on a base judged
before, then costs only loading. Stored in ``judgements.msgpack`` in the repository's cache
folder (the checksummed container of the parse cache), a handful of recent judgements;
``--no-cache`` neither reads nor writes it. The caller names the rules (``rules_key``): this
module knows nothing of sources or revisions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import msgspec

from cmdbgit.model.config import Limits
from cmdbgit.model.problem import Location, Problem, Severity
from cmdbgit.model.result import Suppressed
from cmdbgit.store.container import read_store, write_store
from cmdbgit.store.parse_cache import code_fingerprint, settings_key

MEMO_FILE = "judgements.msgpack"
MAGIC = b"CMDBGIT-JUDGEMENTS\n"
#: Judgements kept (the working tree and a base or two).
KEEP = 6
#: A judgement with more problems than this — or than one per ``DOCUMENTS_PER_PROBLEM``
#: documents, in a larger inventory — is not kept at all: a broken inventory is judged again
#: rather than bloating the file, while a healthy 10^6-document one (tens of thousands of
#: policy warnings) is still remembered.
MAX_PROBLEMS = 20_000
DOCUMENTS_PER_PROBLEM = 10


class _Problem(msgspec.Struct, array_like=True):
    file: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    id: str | None
    path: str | None
    related: list[tuple[str, int, int, str | None]]
    end: tuple[int, int] | None = None

    @classmethod
    def of(cls, p: Problem) -> _Problem:
        related = [(r.file, r.line, r.column, r.id) for r in p.related]
        return cls(
            p.file, p.line, p.column, p.rule, p.severity, p.message, p.id, p.path, related, p.end
        )  # fmt: skip

    def problem(self) -> Problem:
        related = tuple(Location(*r) for r in self.related)
        return Problem(
            self.file, self.line, self.column, self.rule, self.severity, self.message,
            self.id, self.path, related, self.end,
        )  # fmt: skip


class Judgement(msgspec.Struct, array_like=True):
    #: Documents judged (every non-empty one)
    documents: int
    problems: list[_Problem]
    #: (problem, reason, expires) of each waived problem
    suppressed: list[tuple[_Problem, str, str]]
    unlocated: int

    @classmethod
    def of(
        cls, documents: int, problems: list[Problem], suppressed: list[Suppressed], unlocated: int
    ) -> Judgement:
        return cls(
            documents,
            [_Problem.of(p) for p in problems],
            [(_Problem.of(s.problem), s.reason, s.expires) for s in suppressed],
            unlocated,
        )

    def problems_etc(self) -> tuple[list[Problem], list[Suppressed], int]:
        """The problems, the waived problems and how many documents went unlocated."""
        problems = [p.problem() for p in self.problems]
        waived = [
            Suppressed(p.problem(), reason, expires) for p, reason, expires in self.suppressed
        ]
        return problems, waived, self.unlocated


@dataclass(slots=True)
class MemoStats:
    """Judgements this process took from the memo (tests read it)."""

    hits: int = 0


STATS = MemoStats()
_ENCODER = msgspec.msgpack.Encoder()
_BODY = msgspec.msgpack.Decoder(dict[str, msgspec.Raw])
_JUDGEMENT = msgspec.msgpack.Decoder(Judgement)


class Memo:
    """The remembered judgement of one revision (``key``), if any; ``file`` None: disabled."""

    def __init__(self, file: Path | None, key: str) -> None:
        self.file = file
        self.key = key
        self._stored: dict[str, msgspec.Raw] = {}
        if file is not None:
            body = read_store(file, MAGIC, _settings())
            if body is not None:
                try:
                    self._stored = _BODY.decode(body)
                except msgspec.DecodeError:
                    self._stored = {}

    def get(self) -> Judgement | None:
        raw = self._stored.get(self.key)
        if raw is None:
            return None
        try:
            remembered = _JUDGEMENT.decode(raw)
        except msgspec.DecodeError:
            return None
        STATS.hits += 1
        return remembered

    def put(
        self,
        documents: int,
        problems: list[Problem],
        suppressed: list[Suppressed],
        unlocated: int,
    ) -> None:
        if self.file is None or not worth_keeping(documents, problems, suppressed):
            return
        judgement = Judgement.of(documents, problems, suppressed, unlocated)
        stored = {k: v for k, v in self._stored.items() if k != self.key}
        while len(stored) >= KEEP:
            del stored[next(iter(stored))]  # the oldest
        stored[self.key] = msgspec.Raw(_ENCODER.encode(judgement))
        write_store(self.file, MAGIC, _settings(), _ENCODER.encode(stored))


def worth_keeping(documents: int, problems: list[Problem], suppressed: list[Suppressed]) -> bool:
    """Whether a judgement is small enough to keep (``MAX_PROBLEMS``)."""
    limit = max(MAX_PROBLEMS, documents // DOCUMENTS_PER_PROBLEM)
    return len(problems) + len(suppressed) <= limit


@cache
def _settings() -> str:
    """The code that judges, and the kinds and relations that ship with it (the rules of a
    repository without its own)."""
    digest = hashlib.sha256(
        code_fingerprint(".", "model", "validate", "policy", "parse", "store", "source").encode()
    )
    for shipped in sorted((Path(__file__).resolve().parents[1] / "scaffold" / "schemas").iterdir()):
        digest.update(shipped.read_bytes())
    return digest.hexdigest()[:32]


def memo_for(
    folder: Path | None,
    as_of: date | None,
    *,
    prefix: str,
    limits: Limits,
    rules_key: str,
    blobs: dict[str, str],
) -> Memo:
    """The memo of the documents ``blobs`` (path -> blob id) of the project at ``prefix``,
    judged on ``as_of`` (None: a judgement no date changes) by the rules named
    ``rules_key``; disabled when ``folder`` is None."""
    if folder is None:
        return Memo(None, "")
    digest = _rules_digest(as_of, prefix, limits, rules_key)
    digest.update("".join([f"{path}\0{blobs[path]}\n" for path in sorted(blobs)]).encode())
    return Memo(folder / MEMO_FILE, digest.hexdigest())


def rules_only_key(as_of: date | None, *, prefix: str, limits: Limits, rules_key: str) -> str:
    """What a judgement depends on but its files (``memo_for``'s key without ``blobs``), and
    the code that judges: the key of ``store.last``."""
    digest = _rules_digest(as_of, prefix, limits, rules_key)
    digest.update(_settings().encode())
    return digest.hexdigest()[:32]


def _rules_digest(as_of: date | None, prefix: str, limits: Limits, rules_key: str) -> hashlib._Hash:
    day = "any day" if as_of is None else as_of.isoformat()
    digest = hashlib.sha256(f"{day}\n{prefix}\n".encode())
    digest.update(settings_key(limits).encode())
    digest.update(rules_key.encode())
    return digest
