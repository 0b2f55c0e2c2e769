"""Which SoftwareProduct version line a CI runs, and which fields say so.

A CI version matches the longest listed version that equals it or is a dotted prefix of it
(SPEC §5): ``22.04.3`` matches ``22.04``, ``2022`` matches ``2022``, ``16.4`` does not match
``16.40``. The fields that name a product are found from the kind schemas (an ``x-ref`` to
SoftwareProduct named ``product`` with a sibling ``version``), never from field names here,
so user kinds are covered too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from cmdbgit.model.document import Document
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import FieldPath, expand_pattern, format_path, get_path
from cmdbgit.reports.dates import parse_date

PRODUCT_KIND = "SoftwareProduct"


@dataclass(frozen=True, slots=True)
class VersionLine:
    version: str
    eol: date | None


@dataclass(frozen=True, slots=True)
class Installed:
    """One ``{product, version}`` pair found in a document."""

    doc: Document
    path: str  # where the pair lives, e.g. ``spec.software[0]``
    product: str
    version: str


def match_version(installed: str, lines: list[VersionLine]) -> VersionLine | None:
    best: VersionLine | None = None
    for line in lines:
        matches = installed == line.version or installed.startswith(line.version + ".")
        if matches and (best is None or len(line.version) > len(best.version)):
            best = line
    return best


def version_lines(product: Document) -> list[VersionLine]:
    raw = product.spec.get("versions")
    if not isinstance(raw, list):
        return []
    return [
        VersionLine(str(item["version"]), parse_date(item.get("eol")))
        for item in raw
        if isinstance(item, dict) and item.get("version") is not None
    ]


def product_patterns(kinds: KindRegistry, kind: str) -> list[tuple[str, ...]]:
    """Patterns of the mappings that hold a ``product`` reference and a ``version``."""
    schema = kinds.get(kind)
    if schema is None:
        return []
    return [
        ref.pattern[:-1]
        for ref in schema.refs
        if PRODUCT_KIND in ref.kinds and ref.pattern and ref.pattern[-1] == "product"
    ]


def installed_software(doc: Document, patterns: list[tuple[str, ...]]) -> Iterator[Installed]:
    for pattern in patterns:
        for path, node in expand_pattern(doc.data, pattern):
            product = get_path(node, ("product",))
            version = get_path(node, ("version",))
            if isinstance(product, str) and isinstance(version, (str, int, float)):
                yield Installed(doc, _show(path), product, str(version))


def _show(path: FieldPath) -> str:
    return format_path(path) or ""
