"""``--format markdown``: GitHub-flavoured markdown, safe for untrusted text, ≤ 65,000 chars.

Every cell is escaped (names and ids come from whoever edits the inventory). When the whole
document would exceed GitHub's comment limit, whole sections are dropped from the end and a
note says which; a table is never cut in the middle.
"""

from __future__ import annotations

import re

from cmdbgit.output.escape import terminal, unlink
from cmdbgit.output.markdown import size as units
from cmdbgit.reports.bundle import ReportBundle
from cmdbgit.reports.formats.base import FormatOptions, byline, heading
from cmdbgit.reports.model import Report, Table

LIMIT = 65_000
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Markdown-inert text on one line: specials backslash-escaped, ``&`` and line breaks
    neutralised so a cell can neither end a table row nor open HTML, controls shown as
    ``\\uXXXX``, bare URLs kept from becoming links."""
    flat = terminal(" ".join(text.replace("&", "&amp;").split()))
    return unlink(_SPECIAL.sub(r"\\\1", flat))


def table(t: Table, level: str = "###") -> str:
    lines = [f"{level} {escape(t.title)}", ""]
    if not t.rows:
        return "\n".join([*lines, f"_{escape(t.empty)}_", ""])
    lines.append("| " + " | ".join(escape(c.title) for c in t.columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in t.columns) + "|")
    lines.extend("| " + " | ".join(escape(cell) for cell in row) + " |" for row in t.rows)
    return "\n".join([*lines, ""])


def _sections(report: Report, level: str) -> list[str]:
    sub = level + "#"
    head = [f"{level} {escape(report.title)}", ""]
    head.extend(f"- **{escape(label)}:** {escape(value)}" for label, value in report.summary())
    head.append("")
    notes = [f"> **Note:** {escape(n)}" for n in report.notes]
    sections = ["\n".join(head)]
    sections.extend(table(t, sub) for t in report.tables())
    if notes:
        sections.append("\n".join([*notes, ""]))
    return sections


def fit(preamble: str, sections: list[str], limit: int = LIMIT) -> str:
    """``preamble`` and as many whole sections as fit, with a note on what was left out."""
    if units(preamble) + sum(units(s) + 1 for s in sections) <= limit:
        return "\n".join([preamble, *sections])
    out = [preamble]
    size = units(preamble)
    for index, section in enumerate(sections):
        note = (
            f"> **Truncated:** {len(sections) - index} section(s) left out to stay under "
            f"{limit:,} characters; use html, json or csv for the whole report.\n"
        )
        if size + units(section) + units(note) + 2 > limit:
            out.append(note)
            break
        out.append(section)
        size += units(section) + 1
    return "\n".join(out)


def render(bundle: ReportBundle, _options: FormatOptions) -> str:
    single = len(bundle.reports) == 1
    level = "#" if single else "##"
    preamble = [] if single else [f"# {escape(heading(bundle))}", ""]
    preamble.append(f"_{escape(byline(bundle))}_")
    preamble.append("")
    preamble.extend(f"> **Note:** {escape(n)}" for n in bundle.notes)
    sections = [s for r in bundle.reports for s in _sections(r, level)]
    if single:
        # The title comes first even for one report, then the byline.
        first, *others = sections
        title, _, rest = first.partition("\n")
        return fit("\n".join([title, "", *preamble]), [rest.lstrip("\n"), *others])
    return fit("\n".join(preamble), sections)
