"""Build the site into a folder, writing only what changed.

Every page is rendered (cheap), but a file is written only when its bytes differ from what
the folder holds, and files of the site that the new build does not produce are removed — so
after a one-document change only that document's page and the pages that show it (its
neighbours, its kind's index, the search shards of its tokens) are rewritten, and a deploy
uploads only those. A folder that holds anything but a cmdbgit site is refused.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic
from cmdbgit.reports import REPORTS
from cmdbgit.reports.bundle import ReportBundle
from cmdbgit.reports.context import ReportContext
from cmdbgit.reports.formats import REPORT_FORMATS, FormatOptions
from cmdbgit.revision import open_revision
from cmdbgit.site.data import SiteData, gather
from cmdbgit.site.pages import document_pages, index_page, kind_pages
from cmdbgit.site.search import shards

#: Written first and checked before anything is removed: the folder is a cmdbgit site.
MARKER = ".cmdbgit-site"
ASSETS = ("site.css", "site.js", "favicon.svg")


@dataclass(frozen=True, slots=True)
class SiteOptions:
    repo: Path
    output: Path
    as_of: date
    ref: str | None = None
    use_dot: bool = True


@dataclass(slots=True)
class SiteResult:
    files: int
    written: int
    removed: int
    documents: int
    seconds: float


def build_site(options: SiteOptions) -> SiteResult:
    started = time.monotonic()
    out = options.output
    _check_folder(out)
    revision = open_revision(options.repo, options.ref)
    data = gather(revision, options.as_of, options.ref)
    # Each page is written as soon as it is rendered: holding every page of a 10^5-document
    # site until the end took a gigabyte (each file is still replaced atomically).
    kept: set[str] = set()
    written = 0

    def put(path: str, content: bytes) -> None:
        nonlocal written
        kept.add(path)
        written += _write(out / path, content)

    put(MARKER, b"This folder is written by `cmdbgit site`; it removes files it did not write.\n")
    for path, text in _pages(data, options):
        put(path, text.encode("utf-8"))
    for name, text in shards(data.documents).items():
        put(name, text.encode("utf-8"))
    for name in ASSETS:
        put(
            f"assets/{name}",
            resources.files("cmdbgit.site").joinpath("assets", name).read_bytes(),
        )
    assert data.report_context is not None
    put("reports/index.html", _reports(data.report_context, data.revision.label).encode())
    removed = _remove_stale(out, kept)
    return SiteResult(len(kept), written, removed, len(data.documents), time.monotonic() - started)


def _pages(data: SiteData, options: SiteOptions) -> Iterator[tuple[str, str]]:
    yield index_page(data)
    yield from kind_pages(data)
    yield from document_pages(data, options.use_dot)


def _reports(ctx: ReportContext, label: str) -> str:
    """The asset reports as one HTML page (the ``report all --format html`` page)."""
    bundle = ReportBundle(
        name="all",
        as_of=ctx.as_of,
        source=label,
        settings=ctx.settings,
        reports=[make(ctx) for make in REPORTS.values()],
        notes=ctx.notes,
        skipped=len(ctx.skipped),
    )
    return REPORT_FORMATS["html"](bundle, FormatOptions())


def _check_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--output {out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(
            f"--output {out}: the folder holds files that are not a cmdbgit site; "
            "give an empty or new folder (the site removes files it did not write)"
        )


def _write(path: Path, content: bytes) -> bool:
    try:
        if path.read_bytes() == content:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    write_atomic(path, content, durable=False)
    return True


def _remove_stale(out: Path, keep: set[str]) -> int:
    removed = 0
    for root, _dirs, names in os.walk(out, topdown=False):
        for name in names:
            full = Path(root) / name
            if full.relative_to(out).as_posix() not in keep:
                full.unlink()
                removed += 1
        folder = Path(root)
        if folder != out and not any(folder.iterdir()):
            folder.rmdir()
    return removed
