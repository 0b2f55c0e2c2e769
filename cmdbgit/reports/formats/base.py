"""What every report format shares: its options and signatures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cmdbgit.reports.bundle import ReportBundle
from cmdbgit.reports.model import Report


@dataclass(frozen=True, slots=True)
class FormatOptions:
    color: bool = False
    width: int | None = None  # text only; None: the terminal's, or 160 off a terminal


#: Renders a bundle (one report or all) to the text of one file or stream.
Renderer = Callable[[ReportBundle, FormatOptions], str]
#: Renders one report to one file (formats that write a file per report with ``all``).
OneReport = Callable[[Report, FormatOptions], str]


def heading(bundle: ReportBundle) -> str:
    return bundle.reports[0].title if len(bundle.reports) == 1 else "cmdbgit reports"


def byline(bundle: ReportBundle) -> str:
    source = "working tree" if bundle.source == "WORKTREE" else f"commit {bundle.source[:12]}"
    return f"As of {bundle.as_of.isoformat()} · {source}"
