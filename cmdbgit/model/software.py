"""Which SoftwareProduct version a CI runs (shared by the lifecycle policy rule and report).

The software a document runs is every ``{product, version}`` pair whose ``product`` the kind's
schema declares as a reference to a SoftwareProduct (``x-ref``) — ``spec.os``, ``spec.engine``
and each ``spec.software`` item for the standard kinds, and the same shapes in user kinds — so
no field name is hard-coded here. A version matches the longest version the product lists that
equals it or is a dotted prefix of it: ``22.04.3`` matches ``22.04``, ``16.4`` does
not match ``16.40``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from cmdbgit.model.dates import parse_date
from cmdbgit.model.document import Document
from cmdbgit.model.kinds import KindRegistry, RefField
from cmdbgit.model.paths import FieldPath, expand_pattern, format_path

PRODUCT_KIND = "SoftwareProduct"


@dataclass(frozen=True, slots=True)
class VersionLine:
    """A version a product lists, and its end of life (None: not known)."""

    version: str
    eol: date | None


@dataclass(frozen=True, slots=True)
class Installed:
    """One ``{product, version}`` pair of a document; ``path`` is the pair's mapping."""

    doc: Document
    path: FieldPath
    product: str
    version: str

    @property
    def version_path(self) -> FieldPath:
        return (*self.path, "version")

    @property
    def shown_path(self) -> str:
        return format_path(self.path) or ""


def version_lines(product: Document) -> list[VersionLine]:
    raw = product.spec.get("versions")
    if not isinstance(raw, list):
        return []
    return [
        VersionLine(item["version"], parse_date(item.get("eol")))
        for item in raw
        if isinstance(item, dict) and isinstance(item.get("version"), str)
    ]


def match_version(installed: str, lines: list[VersionLine]) -> VersionLine | None:
    """The longest listed version equal to ``installed`` or a dotted prefix of it."""
    best: VersionLine | None = None
    for line in lines:
        matches = installed == line.version or installed.startswith(line.version + ".")
        if matches and (best is None or len(line.version) > len(best.version)):
            best = line
    return best


def installed_software(doc: Document, kinds: KindRegistry) -> Iterator[Installed]:
    """Every (product, version) ``doc`` runs, found through its schema's ``x-ref`` fields."""
    schema = kinds.get(doc.kind or "")
    if schema is None:
        return
    for pattern in product_holders(schema.refs):
        for path, node in expand_pattern(doc.data, pattern):
            if not isinstance(node, dict):
                continue
            product, version = node.get("product"), node.get("version")
            if isinstance(product, str) and isinstance(version, str):
                yield Installed(doc, path, product, version)


#: ``product_holders`` by the ``refs`` tuple it was found for (held, so its id stays its own).
_HOLDERS: dict[int, tuple[tuple[RefField, ...], tuple[tuple[str, ...], ...]]] = {}


def product_holders(refs: tuple[RefField, ...]) -> tuple[tuple[str, ...], ...]:
    """The patterns of the mappings whose ``product`` references a SoftwareProduct: decided
    once per kind, not once per document (the lifecycle rule and report ask for 10^5). Kept
    by the identity of the kind's ``refs``: hashing the tuple, field by field, on every call
    cost more than the lookup it saved."""
    found = _HOLDERS.get(id(refs))
    if found is not None and found[0] is refs:
        return found[1]
    patterns = tuple(
        ref.pattern[:-1]
        for ref in refs
        if PRODUCT_KIND in ref.kinds and ref.pattern[-1:] == ("product",)
    )
    _HOLDERS[id(refs)] = (refs, patterns)
    return patterns
