"""Writing files atomically: a reader (or a crash) never sees half a file, and a run that
writes several files leaves all of them or none.

Each file is written to a temporary in its own folder (so the final rename never crosses a
file system) and renamed into place only when every one of them was written; on any failure
the temporaries are removed and the run ends with one line (exit 2). The mode is what a plain
``open()`` would give: ``0666 & ~umask`` for a new file, the old mode for a replaced one
(``mkstemp`` alone would make every report 0600).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from cmdbgit.errors import CmdbgitError


def write_atomic(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename;
    raises ``OSError`` (for callers that can go on without the file, such as a cache).
    ``durable=False`` skips the fsync: for files rebuilt from the repository at will (the
    site's 100,000 pages), where a crash costs a rebuild, not data."""
    tmp = _stage(path, data, durable=durable)
    try:
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_all(files: dict[Path, bytes | str]) -> None:
    """Write every file or none of them; a failure is one ``cmdbgit: error`` line (exit 2)."""
    staged: list[tuple[Path, Path]] = []
    current: Path | None = None
    try:
        for current, data in files.items():
            staged.append((_stage(current, data), current))
        for tmp, current in staged:
            tmp.replace(current)
    except OSError as exc:
        raise CmdbgitError(f"cannot write {current}: {_reason(exc)}") from None
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def _stage(path: Path, data: bytes | str, *, durable: bool = True) -> Path:
    # backslashreplace: a lone surrogate from a document becomes the text ``\ud800``.
    raw = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        tmp.chmod(_mode(path))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # The only portable way to read the umask is to set it; restored at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return "a folder on its path is a file"
    return exc.strerror or type(exc).__name__
