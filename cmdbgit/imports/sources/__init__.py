"""Import sources: one module each, a registry by name.

A source module has ``NAME``, ``SUMMARY`` (one line for ``--help``), ``OWNS`` (the fields it
owns unless ``import.<name>.owns`` says otherwise) and ``read(inputs, context) -> Reading``:
it parses the tool's output into observed items and nothing more — matching, planning and
writing are the engine's. A module is imported only when its source is used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

from cmdbgit.errors import UsageError
from cmdbgit.imports.observed import Reading
from cmdbgit.model.config import ImportSettings, ImportSource

SOURCES: dict[str, str] = {
    "csv": "cmdbgit.imports.sources.csv_source",
    "facter": "cmdbgit.imports.sources.facter",
    "ansible": "cmdbgit.imports.sources.ansible",
    "lshw": "cmdbgit.imports.sources.lshw",
    "nmap": "cmdbgit.imports.sources.nmap",
    "backstage": "cmdbgit.imports.sources.backstage",
    "netbox": "cmdbgit.imports.sources.netbox",
    "aws": "cmdbgit.imports.sources.aws",
}


@dataclass(frozen=True, slots=True)
class ReadContext:
    settings: ImportSettings
    source: ImportSource
    mapping: Path | None = None
    #: A live service to read instead of files (``netbox --url``, ``aws --endpoint-url``).
    url: str | None = None


class SourceModule(Protocol):
    NAME: str
    SUMMARY: str
    OWNS: tuple[str, ...]

    # Parse the inputs (files, or folders of them) into observed items.
    def read(self, inputs: list[Path], context: ReadContext) -> Reading: ...


def source_module(name: str) -> ModuleType:
    module = SOURCES.get(name)
    if module is None:
        raise UsageError(f"unknown import source {name!r}; choose from {', '.join(SOURCES)}")
    return importlib.import_module(module)


def files_in(inputs: list[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """The input files: files as given, folders expanded to their files with ``suffixes``
    (sorted, so a plan is the same on every machine). No input at all is an error."""
    if not inputs:
        raise UsageError("give the files (or folders) to import")
    out: list[Path] = []
    for path in inputs:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in suffixes))
        elif path.is_file():
            out.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return out
