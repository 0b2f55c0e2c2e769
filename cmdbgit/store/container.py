"""One checksummed file in a repository's cache folder (``location``): the container of the
parse cache, the verdicts and the judgement memo.

Layout: a magic line naming the file's kind, the header's length (4 bytes), the header
(msgpack: format, settings, body length, body CRC-32), the body. ``read_store`` returns the body
only when every part checks out — right kind, same format and settings (the key of everything
in it), full length, matching checksum — and None otherwise: a damaged or foreign file is
ignored, never trusted, and replaced by the next write. Files are opened without following
symbolic links, and a link in the file's place is never replaced (nor written through).
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import msgspec

from cmdbgit.fsutil import write_atomic
from cmdbgit.store.location import is_safe_file

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
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read()
        except OSError:  # a folder in the file's place, a read error: no cache
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
    """Replace ``file`` atomically; False when it cannot be written (a read-only cache folder
    still works, it just does not remember) or is a link."""
    if not is_safe_file(file):
        return False
    header = _ENCODER.encode(_Header(FORMAT, settings, len(body), zlib.crc32(body)))
    try:
        write_atomic(file, magic + _LENGTH.pack(len(header)) + header + body)
    except OSError:
        return False
    return True


def signature(file: Path) -> tuple[int, int, int] | None:
    """Identity of the file's current content (inode, size, mtime), None when absent."""
    try:
        stat = file.lstat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)
