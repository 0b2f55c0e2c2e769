"""``--format json``: stable keys (documented in docs/reports.md), money as cent strings."""

from __future__ import annotations

from cmdbgit.model.redact import redact_tree
from cmdbgit.output.json_format import dumps
from cmdbgit.reports.bundle import ReportBundle
from cmdbgit.reports.formats.base import FormatOptions


def render(bundle: ReportBundle, _options: FormatOptions) -> str:
    # Redacted by key name and shape, as every output is: a cell may hold a pasted secret.
    return dumps(redact_tree(bundle.to_json(), ())) + "\n"
