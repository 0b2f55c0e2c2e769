"""``cmdbgit init``: write a working scaffold into a new or empty directory.

Files come from the package's ``scaffold/`` folder (names starting ``dot-`` become dotfiles,
so packaging tools keep them). Nothing existing is ever overwritten: every target is checked
before the first byte is written, and each file is written atomically.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name in ("__pycache__", "__init__.py"):
            continue
        name = "." + entry.name[4:] if entry.name.startswith("dot-") else entry.name
        if entry.is_dir():
            yield from _walk(entry, f"{prefix}{name}/")
        else:
            yield f"{prefix}{name}", entry.read_bytes()


def scaffold_files() -> dict[str, bytes]:
    """Relative path -> bytes of every file ``init`` writes."""
    return dict(_walk(resources.files("cmdbgit").joinpath("scaffold")))


def init(target: Path) -> list[str]:
    """Write the scaffold into ``target``; returns the files written. Refuses to overwrite."""
    files = scaffold_files()
    clashes = sorted(p for p in files if (target / p).exists())
    if clashes:
        shown = ", ".join(clashes[:5]) + (" …" if len(clashes) > 5 else "")
        raise UsageError(f"{target}: refusing to overwrite existing files: {shown}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a directory")
    target.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        write_atomic(target / path, data)
    if not _inside_git(target):
        subprocess.run(["git", "init", "--quiet", str(target)], check=True)
    return sorted(files)


def _inside_git(path: Path) -> bool:
    result = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and result.stdout.strip() == "true"
