"""The page shell and the escaping every page uses.

Every value from the inventory goes through ``esc`` (HTML entities) and, when it may be a
secret, through the same redaction as every other output. Pages link to each other with
relative URLs, so the site works from any folder, from GitHub Pages, and from ``file://``.
The Content-Security-Policy allows scripts from the site itself and nothing else.
"""

from __future__ import annotations

from html import escape
from typing import Any

from cmdbgit import __version__
from cmdbgit.diff.redact import redact

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


def esc(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def shown(value: Any, path: tuple[str, ...]) -> Any:
    """A document value as a page may show it: secret-looking leaves redacted."""
    return redact(value, path)


def doc_url(ident: str) -> str:
    """Ids are ``[a-z0-9._-]`` (the envelope checks it), so they are safe file names."""
    return f"d/{ident}.html"


def kind_url(kind: str, page: int = 1) -> str:
    return f"k/{kind}/index.html" if page == 1 else f"k/{kind}/page-{page}.html"


def rel(from_page: str, to: str) -> str:
    """The relative URL from one page of the site to another file of it. Pages and targets
    are site paths without ``..`` (``d/x.html``, ``k/Kind/index.html``), so the way up is the
    page's depth and the way down is the target: no ``os.path`` work for 100,000 pages."""
    depth = from_page.count("/")
    folder = from_page.rsplit("/", 1)[0] + "/"
    if depth and to.startswith(folder) and "/" not in to[len(folder) :]:
        return to[len(folder) :]  # a neighbour in the same folder
    if depth == 0:
        return to if to != "." else "."
    up = "../" * depth
    return up.rstrip("/") if to == "." else up + to


def link(from_page: str, ident: str, known: bool, text: str | None = None) -> str:
    label = esc(text if text is not None else ident)
    if not known:
        return f'<span class="missing" title="names no document">{label}</span>'
    return f'<a href="{esc(rel(from_page, doc_url(ident)))}">{label}</a>'


def page(path: str, title: str, body: str, stamp: str, *, search: bool = True) -> str:
    """A whole page: head with the CSP, the navigation, the body, the footer stamp."""
    home = esc(rel(path, "index.html"))
    reports = esc(rel(path, "reports/index.html"))
    scripts = "".join(
        f'<script src="{esc(rel(path, f"assets/{name}"))}" defer></script>' for name in ("site.js",)
    )
    form = ""
    if search:
        form = (
            '<form class="search" role="search" data-root="'
            + esc(rel(path, ".") or ".")
            + '"><label for="q">Search</label>'
            '<input id="q" name="q" type="search" autocomplete="off" '
            'placeholder="id, name, host name, serial, IP, label" disabled>'
            '<ol class="results" aria-live="polite"></ol></form>'
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · cmdbgit</title>\n"
        f'<link rel="icon" href="{esc(rel(path, "assets/favicon.svg"))}" type="image/svg+xml">\n'
        f'<link rel="stylesheet" href="{esc(rel(path, "assets/site.css"))}">\n'
        f"{scripts}\n</head>\n<body>\n"
        f'<header><nav><a class="home" href="{home}">Inventory</a>'
        f'<a href="{reports}">Reports</a></nav>{form}</header>\n'
        f"<main>\n<h1>{esc(title)}</h1>\n{body}\n</main>\n"
        f"<footer>{esc(stamp)} · cmdbgit {esc(__version__)}</footer>\n"
        "</body>\n</html>\n"
    )
