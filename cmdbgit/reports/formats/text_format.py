"""``--format text``: rich tables for a terminal (plain when colour is off or piped).

Tables take their natural width and are never squeezed: a folded id or amount is unreadable,
while a line wider than the window is only inconvenient (pipe to ``less -S``). The output is
therefore the same on every terminal and in every file.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from cmdbgit.reports.bundle import ReportBundle
from cmdbgit.reports.formats.base import FormatOptions, byline, heading
from cmdbgit.reports.model import Report, Table

#: Wide enough for any report table; nothing here expands to the full width.
WIDTH = 400
#: Rows shown per table: a terminal is for reading, and rich lays out ~250 rows a second.
#: The rest is counted on the last line; json, csv and html carry every row.
MAX_ROWS = 200


def _console(options: FormatOptions) -> Console:
    return Console(
        file=io.StringIO(),
        width=options.width or WIDTH,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )


def _table(table: Table) -> RichTable:
    out = RichTable(
        title=table.title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title_style="bold",
    )
    for column in table.columns:
        out.add_column(column.title, justify="right" if column.numeric else "left", no_wrap=True)
    for row in table.rows[:MAX_ROWS]:
        out.add_row(*row)
    return out


def _report(console: Console, report: Report) -> None:
    console.print(Text(report.title, style="bold underline"))
    console.print()
    summary = RichTable.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    for label, value in report.summary():
        summary.add_row(label, value)
    console.print(summary)
    console.print()
    for table in report.tables():
        if table.rows:
            console.print(_table(table))
            hidden = len(table.rows) - MAX_ROWS
            if hidden > 0:
                console.print(f"  … {hidden} more rows (use --format csv, json or html for all)")
                console.print()
        else:
            # The title, then the empty state as its own sentence (as markdown and HTML show it).
            console.print(Text(table.title, style="bold"))
            console.print(Text(f"  {table.empty}"))
            console.print()
    for note in report.notes:
        console.print(Text(f"note: {note}", style="yellow"), soft_wrap=True)
    console.print()


def render(bundle: ReportBundle, options: FormatOptions) -> str:
    console = _console(options)
    console.print(Text(heading(bundle), style="bold"), Text(f"· {byline(bundle)}"))
    for note in bundle.notes:
        console.print(Text(f"note: {note}", style="yellow"), soft_wrap=True)
    console.print()
    for report in bundle.reports:
        _report(console, report)
    stream = console.file
    assert isinstance(stream, io.StringIO)
    # Grids and titles pad to their width; trailing blanks only get in the way of diffs.
    return "\n".join(line.rstrip() for line in stream.getvalue().splitlines()) + "\n"
