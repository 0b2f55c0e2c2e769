"""The html report's inline stylesheet (screen and print); no web fonts, no network."""

CSS = """
:root { --ink: #1c2833; --muted: #5d6d7e; --line: #d5d8dc; --band: #f4f6f7;
        --accent: #2a6fb0; --bad: #c0392b; --warn: #d68910; --good: #1e8449; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; border-bottom: 3px solid var(--accent); }
h1 { margin: 0 0 4px; font-size: 26px; }
h2 { margin: 32px 0 8px; font-size: 21px; border-bottom: 1px solid var(--line);
     padding-bottom: 4px; }
h3 { margin: 20px 0 6px; font-size: 15px; }
.byline { color: var(--muted); margin: 0 0 12px; }
nav.toc { margin: 12px 0; }
nav.toc a { margin-right: 14px; color: var(--accent); text-decoration: none; }
.note { background: #fef9e7; border-left: 4px solid var(--warn); padding: 6px 10px;
        margin: 6px 0; }
dl.summary { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0 16px; }
dl.summary div { background: var(--band); border-radius: 6px; padding: 8px 12px;
                 min-width: 150px; }
dl.summary dt { color: var(--muted); font-size: 12px; }
dl.summary dd { margin: 2px 0 0; font-size: 17px; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 8px 0; }
figcaption { color: var(--muted); font-size: 12px; }
svg.chart { max-width: 100%; height: auto; background: #fff; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
         vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fbfcfc; }
.empty { color: var(--muted); font-style: italic; }
.date { white-space: nowrap; }
.tag { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px;
       font-weight: 600; color: #fff; background: var(--muted); white-space: nowrap; }
.tag-bad { background: var(--bad); } .tag-warn { background: var(--warn); }
.tag-good { background: var(--good); }
footer { color: var(--muted); font-size: 12px; padding: 24px; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 10.5px; }
  header, main, footer { max-width: none; padding: 0; }
  nav.toc { display: none; }
  section.report { break-before: page; }
  section.report:first-of-type { break-before: auto; }
  h2, h3 { break-after: avoid; }
  table { font-size: 9.5px; }
  thead { display: table-header-group; }
  tr, figure, dl.summary div { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""
