"""``--format json``: stable keys (documented in docs/reports.md), money as cent strings.

Written as bytes, and ``all`` one report at a time: each report's JSON is redacted, encoded
and indented alone (``report_piece``, which a forked worker can run) and the pieces are put
together around the shared keys. Indenting is the same at every depth and JSON strings hold
no raw line break, so the result is byte for byte the whole document written at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cmdbgit.model.redact import plain_key
from cmdbgit.output.json_format import redacted_bytes
from cmdbgit.reports.bundle import ALL, ReportBundle
from cmdbgit.reports.formats.base import FormatOptions
from cmdbgit.reports.model import Report

#: How deep a report sits in ``all``: under the top object and its ``reports`` key.
_NESTED = b"\n    "
#: The reports' own keys that hold a secret name's word part (health's counts): the JSON is
#: searched for what redaction could find without them (``output.json_format.redacted_bytes``).
_PLAIN_KEYS = (plain_key("passed"),)


def render(bundle: ReportBundle, _options: FormatOptions) -> str:
    return b"".join(render_bytes(bundle)).decode()


def render_bytes(bundle: ReportBundle) -> list[bytes]:
    """The JSON of ``bundle``, in chunks to write one after the other."""
    if bundle.name != ALL:
        # Redacted by key name and shape, as every output is: a cell may hold a pasted secret.
        return [redacted_bytes(bundle.to_json(), _PLAIN_KEYS), b"\n"]
    return assemble(bundle.head_json(), {r.name: report_piece(r) for r in bundle.reports})


def report_piece(report: Report) -> bytes:
    """One report of ``all``, redacted and indented as it sits in the whole. (A report's own
    keys are judged alike alone or under ``reports``: no report name exempts or marks a
    subtree.)"""
    return redacted_bytes(report.to_json(), _PLAIN_KEYS).replace(b"\n", _NESTED)


def assemble(head: dict[str, Any], pieces: Mapping[str, bytes]) -> list[bytes]:
    """``all``: the shared keys (``head``), then ``reports`` holding the pieces in order."""
    top = redacted_bytes(head, _PLAIN_KEYS)
    assert top.endswith(b"\n}"), "the head of `all` is a non-empty object"
    chunks = [top[:-2], b',\n  "reports": {']
    for number, (name, piece) in enumerate(pieces.items()):
        chunks += [b"," if number else b"", _NESTED, json.dumps(name).encode(), b": ", piece]
    chunks.append(b"\n  }\n}\n" if pieces else b"}\n}\n")
    return chunks
