"""The documentation site in Chromium: served by the app within its security policy, and from a static copy
by a plain file server, it draws, searches in local JavaScript and asks nothing of another host."""

from __future__ import annotations

import pytest

from browser.test_security import RECORD_VIOLATIONS, violations

SEARCH_RESULT = ".md-search-result__item"


def search_for(visit, words: str) -> list[str]:
    """Type into the theme's search box; the titles of the results its local index finds."""
    search = visit.page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(words, delay=30)  # the theme searches on key presses, not on a filled value
    visit.page.wait_for_selector(SEARCH_RESULT, timeout=20_000)
    return visit.page.locator(f"{SEARCH_RESULT} h1, {SEARCH_RESULT} h2").all_inner_texts()


def test_docs_draw_and_search_within_the_apps_policy(visit, live_url):
    visit.page.add_init_script(RECORD_VIOLATIONS)
    response = visit.page.goto(live_url + "/docs/")
    assert response.status == 200 and "'sha256-" in response.headers["content-security-policy"]
    assert visit.page.title() == "corridor"
    titles = search_for(visit, "QGIS")
    assert any("QGIS" in title for title in titles), titles
    assert violations(visit) == []
    visit.assert_clean()
    visit.screenshot("docs-search")


@pytest.mark.parametrize("page", ["docs/index.html", "docs/gis/qgis.html"])
def test_docs_in_the_static_copy_work_from_a_plain_file_server(visit, built_site, serve_files, page):
    with serve_files(built_site.root) as url:
        visit.page.goto(f"{url}/some/prefix/{page}")
        assert visit.page.locator("nav.md-nav").count() > 0
        assert search_for(visit, "GeoPackage")
        visit.assert_clean()


def test_docs_fit_a_phone(mobile_visit, live_url):
    mobile_visit.page.goto(live_url + "/docs/readers/index.html")
    width = mobile_visit.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px screen"
    mobile_visit.assert_clean()
    mobile_visit.screenshot("docs-phone")
