"""``--format csv``: the one table of a report, spreadsheet-friendly.

Amounts are plain decimals with a separate currency column; dates are ISO; lists inside a
cell are joined with ``;``. A text cell that a spreadsheet would run as a formula (starting
with ``= + - @``, tab or CR, and not a number) is prefixed with ``'`` — names come from
whoever edits the inventory, and this file goes to finance. A cell shaped like a secret is
``<redacted>``.
"""

from __future__ import annotations

import csv
import io

from cmdbgit.model.redact import REDACTED, secret_shape
from cmdbgit.reports.bundle import ReportBundle
from cmdbgit.reports.formats.base import FormatOptions
from cmdbgit.reports.model import Report
from cmdbgit.reports.money import to_decimal

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    if secret_shape(value):
        return REDACTED
    if value.startswith(_FORMULA_START) and to_decimal(value) is None:
        return "'" + value
    return value


def render_report(report: Report, _options: FormatOptions) -> str:
    table = report.csv()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows([safe_cell(cell) for cell in row] for row in table.rows)
    return out.getvalue()


def render(bundle: ReportBundle, options: FormatOptions) -> str:
    """One report's table (``report all`` writes one file per report instead)."""
    return "".join(render_report(report, options) for report in bundle.reports[:1])
