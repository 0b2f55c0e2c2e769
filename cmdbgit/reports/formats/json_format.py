"""``--format json``: stable keys (documented in docs/reports.md), money as cent strings."""

from __future__ import annotations

import json

from cmdbgit.reports.bundle import ReportBundle
from cmdbgit.reports.formats.base import FormatOptions


def render(bundle: ReportBundle, _options: FormatOptions) -> str:
    return json.dumps(bundle.to_json(), indent=2, ensure_ascii=False) + "\n"
