"""Where a repository's stored state lives: outside the work tree, in the user's cache folder.

Nothing that comes with a checkout may be trusted as a cache: a pull request could commit a
"cache" mapping a broken file's blob to a good file's documents and turn the gate green. So the
caches live in ``$CMDBGIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cmdbgit``, else
``~/.cache/cmdbgit``, in one folder per repository named by a hash of the repository's Git
directory (or of the project folder outside Git) — a key the repository's content cannot choose.

The folder is never reached through a symbolic link: from the cmdbgit cache folder down, every
part must be a real directory (created here if absent, without following anything). Where a
link is found, the run goes on without a cache and says so once on stderr.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

ENV_DIR = "CMDBGIT_CACHE_DIR"
_WARNED: set[str] = set()


def cache_home() -> Path:
    """The folder holding every repository's cache folder."""
    explicit = os.environ.get(ENV_DIR, "")
    if explicit:
        return Path(explicit).absolute()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():  # the XDG spec: a relative value is to be ignored
        return Path(xdg) / "cmdbgit"
    return Path.home() / ".cache" / "cmdbgit"


def repository_key(anchor: Path) -> str:
    """The name of a repository's cache folder: a hash of the absolute path of its Git
    directory (shared by its worktrees) or, outside Git, of the project folder."""
    return hashlib.sha256(os.fsencode(anchor.absolute())).hexdigest()[:24]


def cache_dir(anchor: Path) -> Path | None:
    """The cache folder of the repository at ``anchor``, created if needed; None (and one
    warning) when it cannot be had without going through a symbolic link or at all."""
    home = cache_home()
    folder = home / repository_key(anchor)
    try:
        _make_dirs(home)
        _real_dir(folder, create=True)
    except _LinkFound as found:
        warn_once(
            f"the cache path {_shown(found.path)} is a symbolic link; running without a cache"
        )
        return None
    except OSError as exc:
        warn_once(f"cannot use the cache folder {_shown(folder)} ({exc.strerror}); "
                  "running without a cache")  # fmt: skip
        return None
    return folder


def is_safe_file(file: Path) -> bool:
    """True when ``file`` is absent or a regular file (never a link): safe to read or replace."""
    try:
        mode = os.lstat(file).st_mode
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(mode)


def warn_once(message: str) -> None:
    if message in _WARNED:
        return
    _WARNED.add(message)
    sys.stderr.write(f"cmdbgit: warning: {message}\n")


class _LinkFound(Exception):
    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def _make_dirs(home: Path) -> None:
    """Create ``home`` and missing parents. Parents that exist are the user's business (a
    home folder may well sit behind a link); the cmdbgit folder itself may not be a link."""
    missing: list[Path] = []
    probe = home
    while not os.path.lexists(probe) and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    for part in reversed(missing):
        _real_dir(part, create=True)
    _real_dir(home, create=False)


def _real_dir(path: Path, *, create: bool) -> None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        if not create:
            raise
        # exist_ok: a racing process made it; it is checked below like any existing entry
        path.mkdir(mode=0o700, exist_ok=True)
        mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        raise _LinkFound(path)
    if not stat.S_ISDIR(mode):
        raise NotADirectoryError(20, "not a directory", str(path))


def _shown(path: Path) -> str:
    """The path for a message: control characters escaped (it may come from the environment)."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in str(path))
