"""The pages: the index, one paged table per kind, one page per document.

Every page is plain HTML that reads without JavaScript (only search needs it); tables are
sortable when scripts run. A document page is the ``show`` card as a page: owner and people,
the asset's purchase, warranty and book value, relations both ways, references, problems and
waivers, and the file's recent commits; a Service page adds its dependency drawing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from cmdbgit.model.document import Document
from cmdbgit.query.asset import asset_section
from cmdbgit.site.data import Link, SiteData
from cmdbgit.site.drawing import draw_all
from cmdbgit.site.html import doc_url, esc, kind_url, link, page, rel, shown

PAGE_SIZE = 500


def stamp(data: SiteData) -> str:
    """Which revision and date every page shows: the site's edge over a live CMDB."""
    if data.commit == "working tree":
        of = "the working tree (no commit yet)"
    elif data.from_worktree:
        of = f"the working tree at commit {data.commit[:12]}"
    else:
        of = f"commit {data.commit[:12]}"
    return f"As of {data.as_of.isoformat()} · {of}"


def document_stamp(data: SiteData, doc: Document) -> str:
    """A document page names the commit that last changed the document's file, not the
    site's: an unrelated commit then leaves the page's bytes alone, so a rebuild after a
    one-document change rewrites that page and the pages that show it, not all 100,000.
    The index names the commit of the whole inventory."""
    commits = data.history.get(doc.file)
    if not commits or data.from_worktree:
        return stamp(data)  # the working tree may differ from any commit of the file
    return f"As of {data.as_of.isoformat()} · {doc.file} as of commit {commits[0].sha[:12]}"


def index_page(data: SiteData) -> tuple[str, str]:
    path = "index.html"
    counts = Counter(d.kind for d in data.documents if d.kind)
    problems = sum(len(p) for p in data.problems.values())
    rows = "".join(
        f'<tr><td><a href="{esc(rel(path, kind_url(kind)))}">{esc(kind)}</a></td>'
        f'<td class="num">{counts[kind]}</td></tr>'
        for kind in data.kinds()
    )
    body = (
        f'<p class="lead">{len(data.documents)} documents of {len(counts)} kinds, '
        f"{problems} problems. {esc(stamp(data))}; each document's page names the commit "
        "that last changed its file.</p>"
        '<table class="sortable"><thead><tr><th>Kind</th><th class="num">Documents</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
        f'<p><a href="{esc(rel(path, "reports/index.html"))}">Asset reports</a>: licences, '
        "warranty, lifecycle, depreciation, health, offboarding.</p>"
    )
    return path, page(path, "Inventory", body, stamp(data))


def kind_pages(data: SiteData) -> Iterator[tuple[str, str]]:
    by_kind: dict[str, list[Document]] = {}
    for doc in data.documents:
        by_kind.setdefault(doc.kind or "", []).append(doc)
    for kind, docs in sorted(by_kind.items()):
        pages = max(1, -(-len(docs) // PAGE_SIZE))
        for number in range(1, pages + 1):
            path = kind_url(kind, number)
            chunk = docs[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            rows = "".join(_kind_row(data, path, d) for d in chunk)
            body = (
                f"<p>{len(docs)} documents"
                + (f", page {number} of {pages}" if pages > 1 else "")
                + ".</p>"
                + _pager(kind, number, pages, path)
                + '<table class="sortable"><thead><tr><th>Id</th><th>Name</th><th>Owner</th>'
                '<th>Labels</th><th>File</th><th class="num">Problems</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>" + _pager(kind, number, pages, path)
            )
            yield path, page(path, kind, body, stamp(data))


def _kind_row(data: SiteData, path: str, doc: Document) -> str:
    ident = doc.id or ""
    owner = doc.owner
    labels = shown(doc.labels, ("metadata", "labels"))
    label_text = ", ".join(f"{k}={v}" for k, v in sorted(labels.items(), key=str))
    return (
        f"<tr><td>{link(path, ident, True)}</td><td>{esc(doc.name)}</td>"
        f"<td>{link(path, owner, owner in data.by_id) if owner else ''}</td>"
        f"<td>{esc(label_text)}</td><td><code>{esc(doc.file)}:{doc.line}</code></td>"
        f'<td class="num">{len(data.problems.get(ident, []))}</td></tr>'
    )


def _pager(kind: str, number: int, pages: int, path: str) -> str:
    if pages == 1:
        return ""
    items = []
    for n in range(1, pages + 1):
        if n == number:
            items.append(f'<span aria-current="page">{n}</span>')
        else:
            items.append(f'<a href="{esc(rel(path, kind_url(kind, n)))}">{n}</a>')
    return f'<nav class="pager">{"".join(items)}</nav>'


def document_pages(data: SiteData, use_dot: bool = True) -> Iterator[tuple[str, str]]:
    services = [d.id or "" for d in data.documents if d.kind == "Service"]
    drawings = draw_all(data.graph, services, use_dot) if data.graph is not None else {}
    for doc in data.documents:
        path = doc_url(doc.id or "")
        body = _document_body(data, doc, path, drawings.get(doc.id or ""))
        yield path, page(path, f"{doc.name}", body, document_stamp(data, doc))


def _document_body(
    data: SiteData, doc: Document, path: str, drawing: tuple[str, int] | None
) -> str:
    ident = doc.id or ""
    kind_link = f'<a href="{esc(rel(path, kind_url(doc.kind or "")))}">{esc(doc.kind)}</a>'
    parts = [
        f'<p class="lead"><code>{esc(ident)}</code> · {kind_link} · '
        f"<code>{esc(doc.file)}:{doc.line}</code></p>",
        _owner(data, doc, path),
        _labels(doc),
    ]
    if drawing is not None:
        parts.append(_service_drawing(*drawing))
    parts.append(_assets(data, doc, path))
    parts.append(_fields(doc))
    parts.append(_links("Relations", data.out_links.get(ident, []), data, path))
    parts.append(_links("Related from", data.in_links.get(ident, []), data, path))
    parts.append(_links("Refers to", data.refs_out.get(ident, []), data, path))
    parts.append(_links("Referred to by", data.refs_in.get(ident, []), data, path))
    parts.append(_problems(data, ident))
    parts.append(_history(data, doc))
    return "\n".join(p for p in parts if p)


def _owner(data: SiteData, doc: Document, path: str) -> str:
    team: Document | None = None
    if doc.kind == "Team":
        team = doc
    elif doc.owner:
        team = data.by_id.get(doc.owner)
        if team is None:
            return f"<p>Owner: {link(path, doc.owner, False)}</p>"
    if team is None:
        return ""
    members = team.spec.get("members")
    people = [m for m in members if isinstance(m, str)] if isinstance(members, list) else []
    handle = team.spec.get("github")
    who = ", ".join(_person(data, p, path) for p in people) or "no members listed"
    heading = (
        "Team" if doc.kind == "Team" else f"Owner: {link(path, team.id or '', True, team.name)}"
    )
    github = f" · <code>{esc(handle)}</code>" if isinstance(handle, str) else ""
    return f'<section class="owner"><h2>{heading}{github}</h2><p>People: {who}</p></section>'


def _person(data: SiteData, ident: str, path: str) -> str:
    person = data.by_id.get(ident)
    if person is None:
        return link(path, ident, False)
    email = person.spec.get("email")
    status = person.spec.get("status")
    extra = f" &lt;{esc(email)}&gt;" if isinstance(email, str) else ""
    if isinstance(status, str) and status != "active":
        extra += f' <span class="tag tag-warn">{esc(status)}</span>'
    return link(path, ident, True, person.name) + extra


def _labels(doc: Document) -> str:
    labels = shown(doc.labels, ("metadata", "labels"))
    if not labels:
        return ""
    items = "".join(
        f'<li><span class="label">{esc(k)}={esc(v)}</span></li>'
        for k, v in sorted(labels.items(), key=str)
    )
    return f'<ul class="labels">{items}</ul>'


def _service_drawing(svg: str, left_out: int) -> str:
    note = f'<p class="note">{left_out} more not drawn (farthest first).</p>' if left_out else ""
    return (
        '<section class="needs"><h2>What this service needs</h2>'
        f'<figure class="drawing-box">{svg}</figure>{note}</section>'
    )


def _assets(data: SiteData, doc: Document, path: str) -> str:
    ident = doc.id or ""
    assets = [doc] if doc.kind == "HardwareAsset" else []
    assets += [
        a
        for ref in data.refs_out.get(ident, [])
        if (a := data.by_id.get(ref.id)) is not None and a.kind == "HardwareAsset"
    ]
    out = []
    for asset in assets:
        holder = asset.spec.get("assigned_to")
        person = {"id": holder} if isinstance(holder, str) else None
        section = asset_section(asset, data.as_of, person)
        rows = "".join(
            f"<tr><th>{esc(k)}</th><td>{esc(_flat(v))}</td></tr>"
            for k, v in _pairs(section)
            if v not in (None, "", {}, [])
        )
        title = "Asset" if asset is doc else f"Asset {link(path, asset.id or '', True)}"
        out.append(
            f'<section class="asset"><h2>{title}</h2><table class="kv">{rows}</table></section>'
        )
    return "".join(out)


def _pairs(section: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in section.items():
        if key in ("id", "name"):
            continue
        name = f"{prefix}{key}".replace("_", " ")
        if isinstance(value, dict) and "display" in value:
            yield name, value["display"]  # money and dates as the reports print them
        elif isinstance(value, dict) and not ({"amount", "currency"} >= value.keys() and value):
            yield from _pairs(value, f"{name} ")
        else:
            yield name, value


def _flat(value: Any) -> str:
    if isinstance(value, dict) and {"amount", "currency"} <= value.keys():
        return f"{value['amount']} {value['currency']}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _fields(doc: Document) -> str:
    spec = shown(doc.spec, ("spec",))
    if not spec:
        return ""
    rows = "".join(
        f"<tr><th>{esc(path)}</th><td>{esc(_flat(value))}</td></tr>"
        for path, value in _leaves(spec)
    )
    return f'<section class="fields"><h2>Fields</h2><table class="kv">{rows}</table></section>'


def _leaves(node: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict) and node and not {"amount", "currency"} >= node.keys():
        for key, value in node.items():
            yield from _leaves(value, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix, node


def _links(title: str, links: list[Link], data: SiteData, path: str) -> str:
    if not links:
        return ""
    rows = "".join(
        f"<tr><td>{esc(item.label)}</td><td>{link(path, item.id, item.id in data.by_id)}</td>"
        f"<td>{esc(data.by_id[item.id].kind) if item.id in data.by_id else ''}</td></tr>"
        for item in sorted(links, key=lambda x: (x.label, x.id))
    )
    return (
        f'<section class="links"><h2>{esc(title)} ({len(links)})</h2>'
        f'<table class="sortable"><thead><tr><th>How</th><th>Document</th><th>Kind</th></tr>'
        f"</thead><tbody>{rows}</tbody></table></section>"
    )


def _problems(data: SiteData, ident: str) -> str:
    problems = sorted(data.problems.get(ident, []))
    waived = data.waived.get(ident, [])
    if not problems and not waived:
        return '<section class="problems"><h2>Problems</h2><p>None.</p></section>'
    rows = "".join(
        f'<tr><td><span class="tag tag-{"bad" if p.severity == "error" else "warn"}">'
        f"{esc(p.severity)}</span></td><td><code>{esc(p.rule)}</code></td>"
        f"<td><code>{esc(p.path or '')}</code></td><td>{esc(p.message)}</td></tr>"
        for p in problems
    )
    rows += "".join(
        f'<tr><td><span class="tag">waived</span></td><td><code>{esc(s.problem.rule)}</code></td>'
        f"<td><code>{esc(s.problem.path or '')}</code></td><td>{esc(s.problem.message)} — "
        f"waived until {esc(s.expires)}: {esc(s.reason)}</td></tr>"
        for s in waived
    )
    return (
        f'<section class="problems"><h2>Problems ({len(problems)})</h2><table>'
        "<thead><tr><th></th><th>Rule</th><th>Field</th><th>Message</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _history(data: SiteData, doc: Document) -> str:
    commits = data.history.get(doc.file, [])
    if not commits:
        return ""
    items = "".join(
        f"<li><code>{esc(c.sha[:12])}</code> {esc(c.date)} {esc(c.author)}: {esc(c.subject)}</li>"
        for c in commits
    )
    return (
        f'<section class="history"><h2>Recent changes to <code>{esc(doc.file)}</code></h2>'
        f"<ol>{items}</ol></section>"
    )
