"""A document as ``get``/``show`` print it: the stable JSON shape of SPEC §7."""

from __future__ import annotations

from typing import Any

from cmdbgit.diff.redact import redact
from cmdbgit.model.document import Document


def record(doc: Document) -> dict[str, Any]:
    """``{id, kind, file, line, metadata, spec, relations}``; ``line`` is 1-based. Values that
    look like secrets are redacted (SPEC §4: in every output of every command)."""
    relations = doc.data.get("relations")
    return {
        "id": doc.id,
        "kind": doc.kind,
        "file": doc.file,
        "line": doc.line,
        "metadata": redact(doc.metadata, ("metadata",)),
        "spec": redact(doc.spec, ("spec",)),
        "relations": relations if isinstance(relations, list) else [],
    }
