"""The working tree: tracked files and untracked files that are not ignored.

Nothing is read through a symbolic link: a link, a special file (FIFO, device) or a file that
cannot be read is never parsed but reported (``screening``), exactly as a Git ref reports it.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from cmdbgit.errors import RepositoryError
from cmdbgit.model.problem import Problem
from cmdbgit.source.base import WORKTREE, YAML_SUFFIXES, SourceFile, blob_id, under
from cmdbgit.source.early import Begun, listing_commands, take_begun
from cmdbgit.source.repo import RepoHandle
from cmdbgit.source.screening import (
    Screening,
    link,
    special,
    submodule,
    unreadable,
    unreadable_folder,
)

_SKIP_DIRS = {".git", ".cmdbgit"}


@dataclass(slots=True)
class _Listing:
    """Every path under one folder (but links), the blob ids Git vouches for, the submodules
    and the symbolic links."""

    paths: list[str]
    known: dict[str, str] = field(default_factory=dict)
    submodules: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class WorktreeSource:
    label = WORKTREE

    def __init__(self, handle: RepoHandle) -> None:
        self._handle = handle
        self.handle = handle
        self._root = str(handle.root).rstrip("/")
        self._bytes: dict[str, bytes] = {}
        self._listings: dict[str, _Listing] = {}
        self._real_dirs: set[str] = set()
        self.screening = Screening()

    def files(self, folder: str, suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[SourceFile]:
        """The files with their blob ids: taken from the index for tracked files Git reports
        unchanged (no read at all), else the bytes hashed the way Git does."""
        listing = self._listing(folder)
        out = []
        for path in listing.paths:
            if not path.endswith(suffixes):
                continue
            sha = listing.known.get(path)
            if sha is None:
                data = self.read(path)
                if data is None:
                    continue
                sha = blob_id(data)
            out.append(SourceFile(path, sha))
        return out

    def read(self, path: str) -> bytes | None:
        """The bytes of a regular file; None (and a screening problem) for a link, a special
        file or an unreadable one, None alone for an absent one."""
        if path in self._bytes:
            return self._bytes[path]
        # A string path and raw file descriptors: at 10^5 files, pathlib and a buffered file
        # object per read cost more than reading the bytes.
        full = f"{self._root}/{path}"
        if self._link_on_the_way(path):
            return None
        try:
            fd = os.open(full, _READ_FLAGS)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            if Path(full).is_symlink():
                self.screening.add(link(path))
            else:
                self.screening.add(unreadable(path, exc.strerror or str(exc)))
            return None
        try:
            found = os.fstat(fd)
            if stat.S_ISDIR(found.st_mode):
                return None
            if not stat.S_ISREG(found.st_mode):
                self.screening.add(special(path))
                return None
            data = _read_all(fd, found.st_size)
        except OSError as exc:
            self.screening.add(unreadable(path, exc.strerror or str(exc)))
            return None
        finally:
            os.close(fd)
        self._bytes[path] = data
        return data

    def screened(self, target: str) -> list[Problem]:
        """What was not read under ``target`` (a folder or one file), and why."""
        if (self._handle.root / target).is_dir() or (self._handle.root / target).is_symlink():
            self._listing(target)
        else:
            self.read(target)
        return self.screening.under(target)

    def tracked(self, folder: str) -> list[str]:
        """The paths in Git's index under ``folder`` (none outside Git)."""
        if self._handle.repo is None:
            return []
        ((listed, _),) = _run_all(self._handle.root, ["ls-files", "-z", "--", folder])
        return sorted(p for p in listed.split("\0") if p)

    def _link_on_the_way(self, path: str) -> bool:
        """A folder on the way to ``path`` (inside the project) that is a link: reported
        once, at the link. Folders found to be real are remembered (a file's folder is
        usually its neighbours' too)."""
        folder = path.rpartition("/")[0]
        if not folder or folder in self._real_dirs:
            return False
        parts = folder.split("/")
        for depth in range(1, len(parts) + 1):
            partial = "/".join(parts[:depth])
            if partial in self._real_dirs:
                continue
            if (self._handle.root / partial).is_symlink():
                self.screening.add(link(partial))
                return True
            self._real_dirs.add(partial)
        return False

    def _listing(self, folder: str) -> _Listing:
        folder = folder.strip("/") or "."
        if folder in self._listings:
            return self._listings[folder]
        base = self._handle.root / folder
        if folder != "." and (self._link_on_the_way(f"{folder}/x") or base.is_symlink()):
            if base.is_symlink():
                self.screening.add(link(folder))
            listing = _Listing([])
        elif not base.is_dir():
            listing = _Listing([])
        elif self._handle.repo is None:
            listing = self._screen(self._walk(base))
        else:
            listing = self._slice(self._whole(), folder)
        self._listings[folder] = listing
        return listing

    def _whole(self) -> _Listing:
        """The whole project, listed once: the inventory, schemas and policies folders are
        slices of it (one round of git commands per run instead of one per folder)."""
        if "." not in self._listings:
            self._listings["."] = self._screen(self._git_listing("."))
        return self._listings["."]

    def _screen(self, listing: _Listing) -> _Listing:
        for path in listing.submodules:
            self.screening.add(submodule(path))
        for path in listing.links:
            self.screening.add(link(path))
        self.screening.note_suffixes(listing.paths)
        return listing

    @staticmethod
    def _slice(whole: _Listing, folder: str) -> _Listing:
        if folder == ".":
            return whole
        # The paths are sorted: the folder's are one slice, found by bisection.
        start = bisect.bisect_left(whole.paths, folder)
        end = bisect.bisect_left(whole.paths, folder + "0")  # "0" follows "/"
        inside = folder + "/"  # (not ``under``: a call per path costs more than the rest)
        paths = [p for p in whole.paths[start:end] if p.startswith(inside) or p == folder]
        submodules = [p for p in whole.submodules if under(p, folder)]
        links = [p for p in whole.links if under(p, folder)]
        return _Listing(paths, whole.known, submodules, links)

    def _git_listing(self, folder: str) -> _Listing:
        """Tracked and untracked-but-not-ignored paths (relative to the project root, because
        git runs there), and the blob ids Git vouches for: from the index (``ls-files -s``),
        for tracked regular files that ``diff-files`` finds unchanged. Paths with a status
        other than plain cached (``H``: skip-worktree, assume-unchanged, conflicts) get no id,
        and none do when a clean/smudge filter is configured (the index then holds other bytes
        than the working tree). The four git commands run at the same time."""
        (staged, _), (untracked, warnings), (changed, _), (filters, _) = _run_all(
            self._handle.root, *listing_commands(folder)
        )
        # Regular expressions over the whole output: 10^5 entries parse in C, not in a loop.
        # Each entry is matched from the NUL before it (one is put before the first), so
        # every pattern begins with a literal the engine can skip to. Submodules and links
        # are rare: a substring search spares their scans when there are none.
        entries = "\0" + staged
        submodules = _SUBMODULE.findall(entries) if " 160000 " in staged else []
        # The index's order is the paths' order; a dict keeps it (and each path once: a
        # conflict lists a path at each stage), so sorting in the few others costs little.
        paths = dict.fromkeys(_PATH.findall(staged))
        for path in submodules:
            paths.pop(path, None)
        others = [p for p in untracked.split("\0") if p]
        paths.update(dict.fromkeys(others))
        known = {} if filters.strip() else {path: sha for sha, path in _CLEAN.findall(entries)}
        edited = [p for p in changed.split("\0") if p]
        for path in edited:
            known.pop(path, None)
        for found in _UNOPENED.findall(warnings):
            self.screening.add(unreadable_folder(found.rstrip("/"), "permission denied"))
        # Links: committed ones as the index says, unless edited; new or edited ones as found.
        # Only these few paths need a look at the disk.
        maybe = {*(_LINK.findall(entries) if " 120000 " in staged else ()), *others, *edited}
        links = sorted(p for p in maybe if p in paths and (self._handle.root / p).is_symlink())
        for path in links:
            del paths[path]
        return _Listing(sorted(paths), known, submodules, links)

    def _walk(self, base: Path) -> _Listing:
        """Every entry under ``base`` outside Git, links set apart and never entered."""
        root = str(self._handle.root) + os.sep
        found: list[str] = []
        links: list[str] = []
        pending = [str(base)]
        while pending:
            folder = pending.pop()
            try:
                with os.scandir(folder) as entries:
                    listed = list(entries)
            except OSError as error:
                where = Path(folder).relative_to(self._handle.root).as_posix()
                self.screening.add(unreadable_folder(where, error.strerror or str(error)))
                continue
            for entry in listed:
                rel = entry.path.removeprefix(root).replace(os.sep, "/")
                if entry.is_symlink():
                    links.append(rel)
                elif entry.is_dir(follow_symlinks=False):
                    if entry.name not in _SKIP_DIRS:
                        pending.append(entry.path)
                else:
                    found.append(rel)
        return _Listing(sorted(found), links=sorted(links))


#: In ``git ls-files -s -t -z`` output (``<tag> <mode> <blob> <stage>\t<path>\0``): every
#: path; and, in that output after a NUL put before its first entry, (blob, path) of plain
#: cached regular files at stage 0, submodules (gitlinks) and symbolic links.
_PATH = re.compile(r"\t([^\0]*)\0")
_CLEAN = re.compile(r"\x00H 100(?:644|755) ([0-9a-f]+) 0\t([^\0]*)")
_SUBMODULE = re.compile(r"\x00\w 160000 [0-9a-f]+ \d\t([^\0]*)")
_LINK = re.compile(r"\x00\w 120000 [0-9a-f]+ \d\t([^\0]*)")
#: Git's warning for a folder it cannot list (``ls-files --others``).
_UNOPENED = re.compile(r"could not open directory '([^']*)'")


def _run_all(root: Path, *commands: list[str]) -> list[tuple[str, str]]:
    """Run git commands side by side in ``root`` (or take them from those begun early:
    ``source.early``); their outputs and errors (paths decoded as Git wrote them). A failing
    listing is a repository problem, reported in one line."""
    processes: list[subprocess.Popen[bytes] | Begun] = [
        take_begun(root, args)
        or subprocess.Popen(
            ["git", *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for args in commands
    ]
    outputs = []
    for args, process in zip(commands, processes, strict=True):
        out, err = process.communicate()
        if process.returncode and args[0] != "config":  # config: exit 1 means "no such key"
            reason = err.decode("utf-8", "replace").strip().splitlines()[:1]
            raise RepositoryError(f"git {args[0]} failed: {' '.join(reason)}")
        outputs.append(
            (out.decode("utf-8", "surrogateescape"), err.decode("utf-8", "surrogateescape"))
        )
    return outputs


_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)


def _read_all(fd: int, size: int) -> bytes:
    """Every byte of the open regular file ``fd`` (``size`` as stat saw it: usually one read;
    a file that grew meanwhile is read to its end)."""
    chunks = []
    while True:
        chunk = os.read(fd, max(size, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        size = 1 << 16
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
