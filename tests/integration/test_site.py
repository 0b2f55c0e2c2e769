"""``cmdbgit site``: every link resolves, nothing leaks, nothing is injected, and a rebuild
rewrites only what changed. The browser half is in ``test_site_browser.py``."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cmdbgit.site.build import MARKER
from tests.conftest import AS_OF, ROOT, GitRepo, run_cli


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for key in ("href", "src", "xlink:href"):
            if found.get(key):
                self.urls.append(str(found[key]))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "script" and not found.get("src"):
            self.inline_scripts += 1


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def build(repo: Path, out: Path, *args: str) -> str:
    result = run_cli("site", "--output", str(out), *args, repo=repo)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build(ROOT, out)
    return out


def test_every_link_of_the_example_site_resolves(example_site: Path) -> None:
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 200  # index, kinds, one page per document, reports
    parsed = {p: _parse(p) for p in pages}
    broken = []
    for page, links in parsed.items():
        for url in links.urls:
            assert not re.match(r"^[a-z][a-z0-9+.-]*:", url), f"{page}: {url} leaves the site"
            target, _, fragment = url.partition("#")
            resolved = (page.parent / target).resolve() if target else page
            if not resolved.is_file():
                broken.append(f"{page.relative_to(example_site)} -> {url}")
            elif fragment and resolved.suffix == ".html":
                ids = parsed[resolved].ids if resolved in parsed else _parse(resolved).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(example_site)} -> {url} (no #{fragment})")
    assert not broken, "\n".join(broken[:20])


def test_every_page_says_what_it_shows_and_runs_no_inline_script(example_site: Path) -> None:
    for page in example_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in text, page
        if page.parent.name != "reports":
            assert f"As of {AS_OF}" in text, page
            assert _parse(page).inline_scripts == 0, page
            assert "script-src 'self'" in text


def test_a_document_page_is_the_service_desk_card(example_site: Path) -> None:
    page = (example_site / "d" / "hw-srv-db-01.html").read_text(encoding="utf-8")
    assert "Database Administration" in page  # the owner team, by name
    assert "CZJ14501KQ" in page  # serial
    assert "24,900.00 EUR" in page  # purchase cost as the reports print it
    assert "warranty end" in page and "2027-01-15" in page
    assert '<a href="srv-pay-db-01.html">srv-pay-db-01</a>' in page  # referred to by
    service = (example_site / "d" / "svc-payments.html").read_text(encoding="utf-8")
    assert '<svg class="drawing"' in service
    assert "db-payments" in service


def test_kind_indexes_are_paged(git_repo: GitRepo, tmp_path: Path) -> None:
    team = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a, name: A}\n"
    people = "".join(
        f"---\napiVersion: cmdbgit/v1\nkind: Person\nmetadata: {{id: p-{n:04d}, name: P {n}}}\n"
        f"spec: {{email: p{n}@example.com, status: active}}\n"
        for n in range(1203)
    )
    git_repo.write("inventory/people.yaml", team + people)
    git_repo.commit("people")
    out = tmp_path / "site"
    build(git_repo.path, out)
    pages = sorted(p.name for p in (out / "k" / "Person").iterdir())
    assert pages == ["index.html", "page-2.html", "page-3.html"]
    assert "page 3 of 3" in (out / "k" / "Person" / "page-3.html").read_text()


def test_secrets_are_redacted_and_markup_stays_text(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.write(
        "inventory/x.yaml",
        """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-a, name: "<script>alert(1)</script> Team"}
---
apiVersion: cmdbgit/v1
kind: Application
metadata: {id: app-x, name: "X <img src=x onerror=alert(1)>", owner: team-a}
spec:
  description: "connect: postgres://admin:c4n4ry-Sup3rS3cret@db.internal/app"
""",
    )
    git_repo.commit("hostile")
    out = tmp_path / "site"
    build(git_repo.path, out)
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"c4n4ry" not in data, path
            assert b"<script>alert" not in data and b"<img src=x" not in data, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Team" in (out / "d" / "team-a.html").read_text()


def test_a_rebuild_rewrites_only_what_changed(git_repo: GitRepo, tmp_path: Path) -> None:
    docs = "".join(
        f"---\napiVersion: cmdbgit/v1\nkind: Server\n"
        f"metadata: {{id: srv-{n:02d}, name: Server {n}, owner: team-a}}\n"
        f"spec: {{hostname: srv-{n:02d}.example.com}}\n"
        for n in range(30)
    )
    git_repo.write(
        "inventory/team.yaml",
        "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a, name: A}\n",
    )
    git_repo.write("inventory/servers.yaml", docs)
    git_repo.write(
        "inventory/vendors.yaml",
        "apiVersion: cmdbgit/v1\nkind: Vendor\nmetadata: {id: vendor-x, name: X}\n",
    )
    git_repo.commit("servers")
    out = tmp_path / "site"
    first = build(git_repo.path, out, "--ref", "HEAD")
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    git_repo.write(
        "inventory/servers.yaml",
        docs.replace("srv-07.example.com", "srv-07.example.org").replace(
            "---\napiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: srv-29, name: Server 29, owner: team-a}\n"
            "spec: {hostname: srv-29.example.com}\n",
            "",
        ),
    )
    git_repo.commit("rename a host, remove srv-29")
    second = build(git_repo.path, out, "--ref", "HEAD")
    assert "files" in first
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    rewritten = {p.relative_to(out).as_posix() for p in after if before.get(p) != after[p]}
    # Pages of what changed (and of what shows it) are rewritten; the rest, the assets and
    # the search shards of unchanged tokens stay as they were.
    assert not (out / "d" / "srv-29.html").exists()
    assert "1 removed" in second or "removed" in second
    assert "assets/site.js" not in rewritten and "assets/site.css" not in rewritten
    assert "search/sr.js" in rewritten  # srv-07.example.org is a new token
    assert "search/ex.js" not in rewritten  # "example" is still in the same documents
    # A document the change does not touch keeps its page: it names its own file's commit.
    assert "d/vendor-x.html" not in rewritten
    assert "d/srv-07.html" in rewritten
    unchanged = build(git_repo.path, out, "--ref", "HEAD")
    assert "(0 written, 0 removed)" in unchanged


def test_a_folder_that_is_not_a_site_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("do not delete me")
    result = run_cli("site", "--output", str(out), repo=ROOT)
    assert result.exit_code == 2
    assert "not a cmdbgit site" in result.output
    assert (out / "thesis.tex").read_text() == "do not delete me"
    assert not (out / MARKER).exists()
