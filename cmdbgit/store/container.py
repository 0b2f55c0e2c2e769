"""One checksummed file in a repository's cache folder (``location``): the container of the
parse cache, the verdicts and the judgement memo.

Layout: a magic line naming the file's kind, then one or more *segments*, each the length of
its header (4 bytes), the header (msgpack: format, settings, body length, body CRC-32) and
the body. ``read_store`` returns the body of a file of one segment only when every part checks
out — right kind, same format and settings (the key of everything in it), full length,
matching checksum — and None otherwise: a damaged or foreign file is ignored, never trusted,
and replaced by the next write. ``read_segments`` reads a file that grows by appended segments
(``append_segment``: the parse cache, where one new file must not cost a rewrite of 10^5
entries): the sound segments up to the first one that does not check out. Files are opened
without following symbolic links, and a link in the file's place is never replaced (nor
written through).
"""

from __future__ import annotations

import mmap
import os
import stat
import struct
import zlib
from pathlib import Path

import msgspec

from cmdbgit.fsutil import write_atomic
from cmdbgit.store.location import is_safe_file

FORMAT = 1
_LENGTH = struct.Struct("<I")
#: Files from this size on are mapped rather than read, where the system maps a file's pages
#: in one call (Linux): the parse cache of 10^5 documents (59 MB) is then ready in under a
#: millisecond instead of being copied in ~40.
MAP_FROM = 1 << 20
#: How a large file is mapped: privately, its pages mapped by the one call (None where the
#: system cannot: the file is read).
MAP_FLAGS: int | None = (
    mmap.MAP_PRIVATE | mmap.MAP_POPULATE if hasattr(mmap, "MAP_POPULATE") else None
)


class _Header(msgspec.Struct, array_like=True):
    format: int
    settings: str
    length: int
    checksum: int


_ENCODER = msgspec.msgpack.Encoder()
_HEADER = msgspec.msgpack.Decoder(_Header)


def read_store(file: Path, magic: bytes, settings: str) -> memoryview | None:
    """The body of ``file``, or None when it is absent, foreign, truncated or corrupt."""
    data = _read(file, magic)
    if data is None:
        return None
    body, end = _segment(data, len(magic), settings)
    return body if end == len(data) else None


def read_segments(file: Path, magic: bytes, settings: str) -> tuple[list[memoryview], bool]:
    """The bodies of ``file``'s sound segments, in order, and whether the whole file was
    sound (False: absent, foreign, or something after the last sound segment — a damaged
    or half-appended one, which the next full write drops)."""
    data = _read(file, magic)
    if data is None:
        return [], False
    bodies: list[memoryview] = []
    at = len(magic)
    while at < len(data):
        body, end = _segment(data, at, settings)
        if body is None:
            return bodies, False
        bodies.append(body)
        at = end
    return bodies, bool(bodies)


def _read(file: Path, magic: bytes) -> bytes | mmap.mmap | None:
    """The file's bytes: mapped when it is large and the system can map it whole at once,
    else read."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    data: bytes | mmap.mmap
    try:
        found = os.fstat(fd)
        if MAP_FLAGS is not None and found.st_size >= MAP_FROM and stat.S_ISREG(found.st_mode):
            # Safe to map: a store is never shrunk in place (a write replaces the file, an
            # append grows it past what is mapped), so no mapped page can vanish.
            data = mmap.mmap(fd, 0, flags=MAP_FLAGS, prot=mmap.PROT_READ)
        else:
            with os.fdopen(os.dup(fd), "rb") as handle:
                data = handle.read()
    except (OSError, ValueError):  # a folder in the file's place, a read error: no cache
        return None
    finally:
        os.close(fd)
    return data if data[: len(magic)] == magic else None


def _segment(data: bytes | mmap.mmap, at: int, settings: str) -> tuple[memoryview | None, int]:
    """The body of the segment at offset ``at`` and the offset after it; None when it does
    not check out."""
    try:
        start = at + _LENGTH.size
        (size,) = _LENGTH.unpack_from(data, at)
        header = _HEADER.decode(data[start : start + size])
    except (struct.error, msgspec.DecodeError):
        return None, at
    begin = start + size
    end = begin + header.length
    body = memoryview(data)[begin:end]
    if (
        header.format != FORMAT
        or header.settings != settings
        or header.length != len(body)
        or header.checksum != zlib.crc32(body)
    ):
        return None, at
    return body, end


def write_store(file: Path, magic: bytes, settings: str, body: bytes) -> bool:
    """Replace ``file`` atomically with one segment; False when it cannot be written (a
    read-only cache folder still works, it just does not remember) or is a link. Not
    synced to disk: a file cut short by a crash fails its checksum and is rebuilt."""
    if not is_safe_file(file):
        return False
    try:
        write_atomic(file, magic + _header(settings, body) + body, durable=False)
    except OSError:
        return False
    return True


def append_segment(
    file: Path, settings: str, body: bytes, expected: tuple[int, int, int] | None
) -> bool:
    """Append a segment to ``file`` when it is still the file of signature ``expected`` (the
    one this process read or wrote); False when it is not, or the append failed — then the
    caller writes the whole file instead. One ``write`` of the whole segment: a reader sees
    it whole or not at all (a half-written one ends ``read_segments`` before it)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(file, flags)
    except OSError:
        return False
    try:
        if expected is None or _identity(os.fstat(fd)) != expected:
            return False
        segment = _header(settings, body) + body
        return os.write(fd, segment) == len(segment)
    except OSError:
        return False
    finally:
        os.close(fd)


def _header(settings: str, body: bytes) -> bytes:
    header = _ENCODER.encode(_Header(FORMAT, settings, len(body), zlib.crc32(body)))
    return _LENGTH.pack(len(header)) + header


def signature(file: Path) -> tuple[int, int, int] | None:
    """Identity of the file's current content (inode, size, mtime), None when absent."""
    try:
        return _identity(file.lstat())
    except OSError:
        return None


def _identity(found: os.stat_result) -> tuple[int, int, int]:
    return (found.st_ino, found.st_size, found.st_mtime_ns)
