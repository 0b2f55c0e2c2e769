"""Report formats, a registry by name. Adding a format is one module and one line here."""

from __future__ import annotations

from cmdbgit.reports.formats import (
    csv_format,
    html_format,
    json_format,
    markdown_format,
    text_format,
)
from cmdbgit.reports.formats.base import FormatOptions, OneReport, Renderer

REPORT_FORMATS: dict[str, Renderer] = {
    "text": text_format.render,
    "json": json_format.render,
    "markdown": markdown_format.render,
    "csv": csv_format.render,
    "html": html_format.render,
}

#: Formats that hold one table per file: ``report all`` writes one file per report.
SPLIT_FORMATS: dict[str, OneReport] = {
    "csv": csv_format.render_report,
}

__all__ = ["REPORT_FORMATS", "SPLIT_FORMATS", "FormatOptions", "OneReport", "Renderer"]
