"""``cmdbgit report``: load a revision, build the reports, render, write (docs/reports.md).

Exit 0 whatever the findings; exit 2 (an exception) only when the inventory cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_all
from cmdbgit.gcpause import no_gc
from cmdbgit.model.config import ReportSettings
from cmdbgit.reports import ALL, REPORTS
from cmdbgit.reports.bundle import ReportBundle
from cmdbgit.reports.context import build_context
from cmdbgit.reports.formats import REPORT_FORMATS, SPLIT_FORMATS, FormatOptions
from cmdbgit.revision import open_revision

#: The setting ``--days`` overrides, per report.
DAYS_SETTING = {
    "licenses": "license_days",
    "warranty": "warranty_days",
    "lifecycle": "eol_days",
    "health": "stale_days",
}


@dataclass(frozen=True, slots=True)
class ReportOptions:
    repo: Path
    as_of: date
    name: str
    fmt: str = "text"
    ref: str | None = None
    output: Path | None = None
    days: int | None = None
    threshold: float | None = None  # under-use ratio, 0..1
    color: bool = False


def settings_for(options: ReportOptions, defaults: ReportSettings) -> ReportSettings:
    updates: dict[str, Any] = {}
    if options.days is not None:
        if options.name not in DAYS_SETTING:
            raise UsageError(
                f"--days does not apply to report {options.name!r}; it applies to "
                + ", ".join(DAYS_SETTING)
                + " (set the horizons of `all` under `reports:` in cmdbgit.yaml)"
            )
        updates[DAYS_SETTING[options.name]] = options.days
    if options.threshold is not None:
        updates["under_use_ratio"] = options.threshold
    return defaults.model_copy(update=updates)


def build_bundle(options: ReportOptions) -> ReportBundle:
    if options.name != ALL and options.name not in REPORTS:
        raise UsageError(f"unknown report {options.name!r}; choose from {', '.join(REPORTS)}, all")
    revision = open_revision(options.repo, options.ref)
    settings = settings_for(options, revision.rules.config.reports)
    ctx = build_context(revision, options.as_of, settings)
    names = list(REPORTS) if options.name == ALL else [options.name]
    return ReportBundle(
        name=options.name,
        as_of=options.as_of,
        source=revision.label,
        settings=settings,
        reports=[REPORTS[n](ctx) for n in names],
        notes=ctx.notes,
        skipped=len(ctx.skipped),
    )


def _check_output(options: ReportOptions) -> None:
    if options.fmt not in REPORT_FORMATS:
        raise UsageError(f"unknown format {options.fmt!r}")
    split = options.name == ALL and options.fmt in SPLIT_FORMATS
    if split and options.output is None:
        raise UsageError(
            f"report all --format {options.fmt} writes one file per report: give --output DIR"
        )
    if split and options.output is not None and options.output.is_file():
        raise UsageError(f"--output {options.output}: a directory is needed, this is a file")
    if not split and options.output is not None and options.output.is_dir():
        raise UsageError(f"--output {options.output} is a directory; give a file name")


def run_report(options: ReportOptions, stdout: TextIO) -> list[Path]:
    """Build and render; returns the files written (nothing when printing to ``stdout``)."""
    _check_output(options)
    # Reports build millions of short-lived rows, dicts and strings without cycles: the
    # collector's passes over them are a fifth of ``report all`` at 100,000 documents.
    with no_gc():
        return _run(options, stdout)


def _run(options: ReportOptions, stdout: TextIO) -> list[Path]:
    bundle = build_bundle(options)
    to_file = options.output is not None
    fmt_options = FormatOptions(color=options.color and not to_file)
    if options.name == ALL and options.fmt in SPLIT_FORMATS:
        assert options.output is not None
        one = SPLIT_FORMATS[options.fmt]
        files: dict[Path, bytes | str] = {
            options.output / f"{report.name}.{options.fmt}": one(report, fmt_options)
            for report in bundle.reports
        }
        write_all(files)
        return list(files)
    text = REPORT_FORMATS[options.fmt](bundle, fmt_options)
    if options.output is not None:
        write_all({options.output: text})
        return [options.output]
    stdout.write(text)
    return []
