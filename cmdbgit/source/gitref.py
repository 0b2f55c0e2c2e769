"""A commit, read straight from Git objects (no checkout, no temporary files)."""

from __future__ import annotations

import bisect
import re
import subprocess
import threading
from collections.abc import Callable, Iterable

import git

from cmdbgit.errors import RepositoryError
from cmdbgit.model.problem import Problem
from cmdbgit.source.base import YAML_SUFFIXES, SourceFile
from cmdbgit.source.repo import RepoHandle
from cmdbgit.source.screening import Screening, link, submodule


class GitRefSource:
    def __init__(self, handle: RepoHandle, ref: str) -> None:
        self.handle = handle
        self._repo = handle.require_repo()
        self._bytes: dict[str, bytes] = {}
        self.commit = handle.resolve(ref)
        self.label = self.commit.hexsha
        self.ref = ref
        # One `ls-tree` lists every blob of the commit (once per commit in a process: `check`
        # opens its base several times); blobs are then read on demand, or many at once.
        listed = _listing(self._repo, self.label, handle.prefix)
        self._blobs, self._paths, self._special = listed
        self.screening = Screening()
        for path, mode in self._special.items():
            self.screening.add(link(path) if mode == _LINK else submodule(path))
        self.screening.note_suffixes(self._paths)

    def files(self, folder: str, suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[SourceFile]:
        folder = folder.strip("/")
        if not folder or folder == ".":
            selected = self._paths
        else:  # the paths are sorted: the folder's are one slice, found by bisection
            start = bisect.bisect_left(self._paths, folder)
            end = bisect.bisect_left(self._paths, folder + "0")  # "0" follows "/"
            inside = folder + "/"  # (not ``under``: a call per path costs more than the rest)
            selected = [p for p in self._paths[start:end] if p.startswith(inside) or p == folder]
        blobs = self._blobs
        return [SourceFile(path, blobs[path]) for path in selected if path.endswith(suffixes)]

    def screened(self, target: str) -> list[Problem]:
        """What is not read under ``target`` (a folder or one file): links and submodules are
        never in the listing, so never read."""
        return self.screening.under(target)

    def tracked(self, folder: str) -> list[str]:
        """Every entry of the commit under ``folder``, whatever its kind."""
        folder = folder.strip("/")
        if not folder or folder == ".":
            return sorted([*self._paths, *self._special])
        inside = folder + "/"
        everything = [*self._paths, *self._special]
        return sorted(p for p in everything if p.startswith(inside) or p == folder)

    def read(self, path: str) -> bytes | None:
        if path in self._bytes:
            return self._bytes[path]
        sha = self._blobs.get(path)
        if sha is None:
            return None
        data = self._repo.odb.stream(bytes.fromhex(sha)).read()
        assert isinstance(data, bytes)
        return data

    def blob(self, path: str) -> str | None:
        return self._blobs.get(path)

    def prefetch(self, paths: Iterable[str]) -> None:
        """Read many blobs through one ``git cat-file --batch`` (about 4x faster than one
        request at a time through GitPython's object database); ``read`` then serves them
        from memory. Worker processes forked afterwards inherit the bytes."""
        wanted = {path: self._blobs[path] for path in paths if path in self._blobs}
        wanted = {path: sha for path, sha in wanted.items() if path not in self._bytes}
        if wanted:
            by_sha = read_blobs(str(self._repo.git_dir), set(wanted.values()))
            self._bytes.update({path: by_sha[sha] for path, sha in wanted.items()})


def read_blobs(git_dir: str, shas: Iterable[str]) -> dict[str, bytes]:
    """The contents of these blobs, from one ``git cat-file --batch`` process. The ids are fed
    from a thread while the output is read, so neither pipe can fill up and block."""
    ordered = list(shas)
    process = subprocess.Popen(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    stdin, stdout = process.stdin, process.stdout

    def feed() -> None:
        try:
            stdin.write("".join(f"{sha}\n" for sha in ordered).encode())
            stdin.close()
        except BrokenPipeError:  # pragma: no cover - git died; reported below
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    out: dict[str, bytes] = {}
    try:
        for sha in ordered:
            header = stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise RepositoryError(f"cannot read Git object {sha}")
            out[sha] = stdout.read(int(header[2]))
            stdout.read(1)  # the newline after each object
    finally:
        feeder.join()
        stdout.close()
        process.wait()
    return out


#: In ``git ls-tree -r -z`` output (``<mode> <type> <object>\t<path>\0``) after a NUL put
#: before its first entry: (blob, path) of the regular files, (mode, path) of the others.
_REGULAR = re.compile(r"\x00100(?:644|755) blob ([0-9a-f]+)\t([^\0]*)")
_SPECIAL = re.compile(r"\x00((?!100644 |100755 )\d+) \w+ [0-9a-f]+\t([^\0]*)")
_LINK = "120000"
Listing = tuple[dict[str, str], list[str], dict[str, str]]
_LISTINGS: dict[tuple[str, str, str], Listing] = {}


_STARTED: dict[tuple[str, str, str], Callable[[], Listing | None]] = {}


def list_soon(handle: RepoHandle, sha: str) -> None:
    """Start listing the commit ``sha`` (a full sha) now: a ``GitRefSource`` of it made later
    in this process takes the listing from there, so its ``git ls-tree`` runs while this
    process does other work (lists the working tree, waits for another git command). A
    thread reads the output as it comes (a full pipe would stop it) and indexes it, which
    costs this thread nothing while it waits on a subprocess of its own."""
    repo = handle.require_repo()
    key = (str(repo.git_dir), sha, handle.prefix)
    if key in _LISTINGS or key in _STARTED:
        return
    process = subprocess.Popen(
        ["git", "--git-dir", key[0], "ls-tree", "-r", "-z", "--full-tree", sha],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    stdout = process.stdout
    indexed: list[Listing] = []

    def drain() -> None:  # and reap: a listing never asked for leaves no process behind
        read = stdout.read()
        stdout.close()
        if process.wait() == 0:
            indexed.append(_index(read.decode("utf-8", "surrogateescape"), handle.prefix))

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()

    def result() -> Listing | None:
        reader.join()
        return indexed[0] if indexed else None  # else listed again, which reports the failure

    _STARTED[key] = result


def _listing(repo: git.Repo, sha: str, prefix: str) -> Listing:
    """The commit's listing (``_index``), made once per process."""
    key = (str(repo.git_dir), sha, prefix)
    if key not in _LISTINGS:
        started = _STARTED.pop(key, None)
        listing = started() if started is not None else None
        if listing is None:
            raw = repo.git.ls_tree("-r", "-z", "--full-tree", sha, strip_newline_in_stdout=False)
            listing = _index(raw, prefix)
        while len(_LISTINGS) >= 4:  # a few commits per process at most
            del _LISTINGS[next(iter(_LISTINGS))]
        _LISTINGS[key] = listing
    return _LISTINGS[key]


def _index(listing: str, prefix: str) -> Listing:
    """Blob ids of the regular files by path (relative to the project), their sorted paths,
    and the mode of every other entry (symbolic links and submodules: never read)."""
    lead = f"{prefix}/" if prefix else ""
    # Regular files by one scan in C (10^5 entries), each matched from the NUL before it
    # (one is put before the first); the rare other entries by a second scan when there are any.
    entries = "\0" + listing
    regular = _REGULAR.findall(entries)
    blobs = {path: blob for blob, path in regular}
    special: dict[str, str] = {}
    if len(regular) != listing.count("\0"):
        special = {path: mode for mode, path in _SPECIAL.findall(entries)}
    if lead:
        cut = len(lead)
        blobs = {path[cut:]: blob for path, blob in blobs.items() if path.startswith(lead)}
        special = {path[cut:]: mode for path, mode in special.items() if path.startswith(lead)}
    return blobs, sorted(blobs), special
