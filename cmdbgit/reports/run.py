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
from cmdbgit.reports.context import ReportContext, begin_context
from cmdbgit.reports.formats import REPORT_FORMATS, SPLIT_FORMATS, FormatOptions, json_format
from cmdbgit.revision import open_revision
from cmdbgit.workers.background import Background

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


#: ``report all --format json``: health is built here, while a forked process builds the
#: others, costliest first; when health is done this process takes those not begun yet. Health
#: goes here because its compliance score reads the policies' violations, still being found
#: in a third process when the reports begin (``begin_context``). Warranty's one pass over
#: every document (``managed_by_asset``) runs before the fork, so the worker need not.
IN_WORKERS = ("depreciation", "lifecycle", "licenses", "warranty", "offboarding")
HERE = ("health",)


def build_bundle(options: ReportOptions) -> ReportBundle:
    ctx, bundle = _prepare(options)
    names = list(REPORTS) if options.name == ALL else [options.name]
    bundle.reports = [REPORTS[n](ctx) for n in names]
    ctx.judged()  # the judgement ends and is remembered, whether a report read it or not
    return bundle


def _prepare(options: ReportOptions) -> tuple[ReportContext, ReportBundle]:
    """The context every report reads, and the bundle's shared part (no report yet)."""
    if options.name != ALL and options.name not in REPORTS:
        raise UsageError(f"unknown report {options.name!r}; choose from {', '.join(REPORTS)}, all")
    revision = open_revision(options.repo, options.ref)
    settings = settings_for(options, revision.rules.config.reports)
    ctx = begin_context(revision, options.as_of, settings)
    bundle = ReportBundle(
        name=options.name,
        as_of=options.as_of,
        source=revision.label,
        settings=settings,
        reports=[],
        notes=ctx.notes,
        skipped=len(ctx.skipped),
    )
    return ctx, bundle


def json_chunks(options: ReportOptions) -> list[bytes]:
    """The JSON output; ``all`` with its reports built, redacted and encoded beside each
    other (``workers.background``), put together in the fixed order."""
    if options.name != ALL:
        return json_format.render_bytes(build_bundle(options))
    ctx, bundle = _prepare(options)
    ctx.managed_by_asset()

    def piece(name: str) -> bytes:
        return json_format.report_piece(REPORTS[name](ctx))

    beside = Background(piece, IN_WORKERS)
    pieces = {name: piece(name) for name in HERE}
    pieces.update(zip(IN_WORKERS, beside.results(), strict=True))
    ctx.judged()
    return json_format.assemble(bundle.head_json(), {name: pieces[name] for name in REPORTS})


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
    if options.fmt == "json":
        return _write(json_chunks(options), options.output, stdout)
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


def _write(chunks: list[bytes], output: Path | None, stdout: TextIO) -> list[Path]:
    """Bytes to the file, or straight to standard output's buffer (no text copy)."""
    if output is not None:
        write_all({output: b"".join(chunks)})
        return [output]
    buffer = getattr(stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test's StringIO)
        stdout.write(b"".join(chunks).decode())
        return []
    stdout.flush()
    buffer.writelines(chunks)
    buffer.flush()
    return []
