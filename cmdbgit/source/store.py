"""One checksummed file under ``.cmdbgit/cache/``: the container of the parse cache and the
verdict cache.

Layout: a magic line naming the file's kind, the header's length (4 bytes), the header
(msgpack: format, settings, body length, body CRC-32), the body. ``read_store`` returns the body
only when every part checks out — right kind, same format and settings (the key of everything
in it), full length, matching checksum — and None otherwise: a damaged or foreign file is
ignored, never trusted, and replaced by the next write.
"""

from __future__ import annotations

import gc
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import msgspec

from cmdbgit.fsutil import write_atomic

CACHE_DIR = Path(".cmdbgit") / "cache"
FORMAT = 1
_LENGTH = struct.Struct("<I")


class _Header(msgspec.Struct, array_like=True):
    format: int
    settings: str
    length: int
    checksum: int


_ENCODER = msgspec.msgpack.Encoder()
_HEADER = msgspec.msgpack.Decoder(_Header)


def read_store(file: Path, magic: bytes, settings: str) -> memoryview | None:
    """The body of ``file``, or None when it is absent, foreign, truncated or corrupt."""
    try:
        data = file.read_bytes()
    except OSError:
        return None
    if not data.startswith(magic):
        return None
    try:
        start = len(magic) + _LENGTH.size
        (size,) = _LENGTH.unpack_from(data, len(magic))
        header = _HEADER.decode(data[start : start + size])
    except (struct.error, msgspec.DecodeError):
        return None
    body = memoryview(data)[start + size :]
    if (
        header.format != FORMAT
        or header.settings != settings
        or header.length != len(body)
        or header.checksum != zlib.crc32(body)
    ):
        return None
    return body


def write_store(file: Path, magic: bytes, settings: str, body: bytes) -> bool:
    """Replace ``file`` atomically; False when it cannot be written (a read-only checkout
    still works, it just does not remember)."""
    header = _ENCODER.encode(_Header(FORMAT, settings, len(body), zlib.crc32(body)))
    try:
        _ensure_dir(file.parent)
        write_atomic(file, magic + _LENGTH.pack(len(header)) + header + body)
    except OSError:
        return False
    return True


def signature(file: Path) -> tuple[int, int, int] | None:
    """Identity of the file's current content (inode, size, mtime), None when absent."""
    try:
        stat = file.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _ensure_dir(folder: Path) -> None:
    """Create the cache folder, with a ``.gitignore`` of ``*`` in ``.cmdbgit`` so the cache is
    never committed, whatever the repository's own ignore rules say."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder.parent / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, "# cmdbgit's local state (the parse cache)\n*\n")


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many containers that hold no cycles
    (decoding or parsing a large inventory): collection passes over 10^5 fresh dicts are pure
    cost, about half of the decode time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: From this many documents on, a loaded inventory is moved out of the collector's reach.
FREEZE_MIN_DOCUMENTS = 10_000


def keep_out_of_gc(documents: int) -> None:
    """Move every object alive now (the loaded inventory) to the collector's permanent
    generation: the documents live until the command ends and hold no reference cycles, and
    collections would otherwise walk all 10^6 of their dicts again and again (about a second
    per 100k documents in ``validate``). Call it while the collector is still paused (inside
    ``no_gc``): re-enabling it first triggers one such walk at once. Small inventories are left
    alone."""
    if documents >= FREEZE_MIN_DOCUMENTS:
        gc.freeze()
