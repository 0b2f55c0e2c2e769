"""The html report in a real headless Chromium (Debian's, never a downloaded browser):
no console errors, no network, every SVG chart drawn with data, readable printed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo, run_cli
from tests.integration.report_org import build_example

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
    pytest.skip(
        "BROWSER TEST SKIPPED: /usr/bin/chromium is missing — install it with "
        "`apt-get install -y chromium`; the html report is NOT verified in a browser",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="BROWSER TEST SKIPPED: playwright is not installed (pip install playwright)",
)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    return build_example(tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def browser() -> Any:
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def _open(browser: Any, page_file: Path) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    return page, errors, requests


def test_example_report_renders_charts_with_data(
    browser: Any,
    example: tuple[Path, dict[str, Any]],
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.html"
    assert (
        run_cli("report", "all", "--format", "html", "-o", str(target), repo=example[0]).exit_code
        == 0
    )
    page, errors, requests = _open(browser, target)
    assert errors == []
    assert requests == [target.as_uri()]  # nothing fetched but the file itself

    charts = page.query_selector_all("svg.chart")
    titles = [c.get_attribute("aria-label") for c in charts]
    assert "Licence use per product" in titles
    assert any(t.startswith("Book value over time") for t in titles)
    assert any(t.startswith("Replacements due per quarter") for t in titles)
    for chart in charts:
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        marks = chart.query_selector_all("rect.bar, rect.used, path.line, circle")
        drawn = [m for m in marks if (b := m.bounding_box()) and b["width"] > 0 and b["height"] > 0]
        assert drawn, f"{chart.get_attribute('aria-label')}: no data drawn"

    usage = page.query_selector("svg.chart-usage")
    rows = example[1]["reports"]["licenses"]["licenses"]
    assert len(usage.query_selector_all("rect.used")) == len(rows)
    line = page.query_selector("svg.chart-line path.line")
    assert line.get_attribute("d").count("L") >= 10
    assert page.query_selector("svg.chart-line line.marker") is not None  # the as-of mark

    # Tables carry the figures; every report section is there.
    for section in ("licenses", "warranty", "lifecycle", "depreciation", "health", "offboarding"):
        assert page.query_selector(f"section#{section} h2") is not None
    assert page.locator("#depreciation table").first.is_visible()

    # Printed: the navigation goes, the tables stay, and it paginates.
    page.emulate_media(media="print")
    assert not page.locator("nav.toc").is_visible()
    assert page.locator("#licenses table").first.is_visible()
    pdf = page.pdf(format="A4", landscape=True)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pdf.startswith(b"%PDF") and pages >= 6  # each of the 6 reports starts a page
    page.close()


def test_hostile_names_stay_text(browser: Any, scaffold_repo: GitRepo, tmp_path: Path) -> None:
    evil = '<img src=x onerror="console.error(1)"><script>console.error(2)</script>'
    scaffold_repo.write(
        "inventory/a.yaml",
        (
            "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a}\n---\n"
            "apiVersion: cmdbgit/v1\nkind: SoftwareProduct\n"
            f"metadata: {{id: prod-x, owner: team-a, name: '{evil}'}}\n"
            "spec: {versions: [{version: '1'}]}\n---\n"
            "apiVersion: cmdbgit/v1\nkind: SoftwareLicense\nmetadata: {id: lic-1, owner: team-a}\n"
            "spec: {product: prod-x, metric: user, quantity: 2}\n"
        ),
    )
    scaffold_repo.commit()
    target = tmp_path / "evil.html"
    assert (
        run_cli(
            "report", "licenses", "--format", "html", "-o", str(target), repo=scaffold_repo.path
        ).exit_code
        == 0
    )
    page, errors, requests = _open(browser, target)
    assert errors == []
    assert requests == [target.as_uri()]
    assert page.query_selector("img") is None and page.query_selector("script") is None
    assert page.text_content("svg.chart-usage text").startswith('<img src=x onerror="')
    assert evil in page.inner_text("#licenses table")
    page.close()
