"""The built book in a real browser: every page, offline, without errors.

Needs ``make site-build`` first (``make test`` runs it just before this).
"""

import re
from pathlib import Path

import pytest

BUILD = Path(__file__).resolve().parents[2] / "_build" / "html"
# The chapter on Keras's interpolation; its title stays when the page is written.
INTERPOLATION_PAGE = "book/03_keras_interpolation.html"
INTERPOLATION_TITLE = "Keras: thresholds and interpolation"


@pytest.fixture(scope="module")
def site():
    if not (BUILD / "index.html").is_file():
        pytest.fail(f"no built site in {BUILD.name}/: run `make site-build` first")
    return BUILD


# Served over http in the light theme, and opened from disk in the dark theme:
# each access path and each theme once, in about half the time of all four.
@pytest.mark.parametrize(
    "color_scheme, from_disk", [("light", False), ("dark", True)], ids=["http", "disk"]
)
def test_every_page_opens_offline_and_clean(
    site, browser, checker, capsys, color_scheme, from_disk
):
    report = checker.crawl(
        browser, site, color_scheme=color_scheme, from_disk=from_disk
    )
    how = "file://" if from_disk else "http://127.0.0.1"
    with capsys.disabled():
        print(f"\nsite check ({how}, {color_scheme}): {report.summary()}")
    assert report.pages == checker.site_pages(site)
    assert len(report.pages) >= 10  # intro, 7 chapters, status, references, ...
    assert report.foreign_requests == []
    problems = [f"{page}: {p}" for page, ps in report.problems.items() for p in ps]
    assert problems == []


def test_search_finds_the_interpolation_chapter(site, browser, checker):
    results = checker.search_results(browser, site, "interpolation")
    # Titles of numbered chapters start with their number ("3. Keras: ...").
    assert any(
        href == INTERPOLATION_PAGE and title.endswith(INTERPOLATION_TITLE)
        for href, title in results
    ), results


def test_search_can_come_back_empty(site, browser, checker):
    # The check above would be worthless if every query listed every page.
    assert checker.search_results(browser, site, "qzxv") == []


def test_every_notebook_page_offers_its_ipynb(site):
    notebooks = sorted((site / "_sources").rglob("*.ipynb"))
    assert len(notebooks) >= 8
    for source in notebooks:
        rel = source.relative_to(site / "_sources").with_suffix(".html")
        html = (site / rel).read_text(encoding="utf-8")
        link = re.search(
            r'<a href="([^"]+\.ipynb)"[^>]*\s+class="[^"]*btn-download-source-button',
            html,
        )
        assert link, f"{rel}: no .ipynb download button"
        assert (site / rel).parent.joinpath(link.group(1)).resolve() == source.resolve()
