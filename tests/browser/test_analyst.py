"""What an analyst sees in a real browser: the facts page searched, a dispute card, the highlighted passage, the
print layout, and the planner's result first on a phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, Visit, opened

WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def wide_visit(browser):
    with opened(browser, WIDE) as visit:
        yield visit


def shot(visit: Visit, name: str, selector: str | None = None) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    if selector:
        visit.page.locator(selector).first.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    else:
        visit.screenshot(name)


def test_facts_page_search_and_filters_work_from_the_form(wide_visit, live_url):
    page = wide_visit.page
    page.goto(f"{live_url}/facts")
    page.fill("input[name=q]", "7 billion")
    page.check("input[name=disputed]")
    page.select_option("select[name=sort]", "source")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/facts?**")
    assert "q=7+billion" in page.url and "disputed=1" in page.url
    rows = page.locator("table.facts tbody tr")
    assert rows.count() >= 3 and page.locator("table.facts a.badge.disputed").count() == rows.count()
    page.fill("input[name=as_of]", "2026/01/01")
    assert page.evaluate("document.querySelector('input[name=as_of]').checkValidity()") is False
    page.locator("details.citation summary").first.click()
    assert "seeds/" in page.locator("textarea.citation-text").first.input_value()
    shot(wide_visit, "analyst-facts-1366")
    wide_visit.assert_clean()


def test_facts_page_fits_a_phone_its_filters_folded_so_the_claims_start_in_the_first_screen(mobile_visit, live_url):
    page = mobile_visit.page
    page.goto(f"{live_url}/facts?q=gauge")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("input[name=q]").is_visible() and page.locator("form.filters button[type=submit]").is_visible()
    assert not page.locator("select[name=corridor]").is_visible(), "the other filters fold"
    assert page.locator("table.facts tbody tr").first.bounding_box()["y"] < 844 - 100, "claims in the first screen"
    page.click("label[for=fold-filters]")
    page.select_option("select[name=corridor]", "chaman-onward")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**corridor=chaman-onward**")
    assert page.locator("select[name=corridor]").is_visible(), "a filter in use keeps the fold open"
    shot(mobile_visit, "analyst-facts-390")
    mobile_visit.assert_clean()


def test_dispute_card_says_what_is_disputed(wide_visit, live_url):
    page = wide_visit.page
    page.goto(f"{live_url}/corridors/chaman-onward#dispute-railway-worth-up-to-7bn")
    card = page.locator("#dispute-railway-worth-up-to-7bn")
    assert "What is disputed:" in card.inner_text() and "valued at USD 7 bn" in card.inner_text()
    top = card.bounding_box()["y"]
    assert 0 <= top < 900, "the link scrolls the card into view"
    shot(wide_visit, "analyst-dispute-card", "#dispute-railway-worth-up-to-7bn")
    wide_visit.assert_clean()


def test_only_the_targeted_claims_passage_is_highlighted(wide_visit, live_url):
    page = wide_visit.page
    page.goto(f"{live_url}/sources/003_fba5e8936d1eb623#fact-rail-network-cost-7bn")
    colours = page.evaluate("""() => [...document.querySelectorAll('mark.quote')].map(m =>
        [m.classList.contains('q-rail-network-cost-7bn'), getComputedStyle(m).backgroundColor])""")
    targeted = {colour for is_target, colour in colours if is_target}
    others = {colour for is_target, colour in colours if not is_target}
    assert len(targeted) == 1 and targeted != {"rgba(0, 0, 0, 0)"}
    assert others == {"rgba(0, 0, 0, 0)"}, "the other quotes are only underlined"
    shot(wide_visit, "analyst-source-target")
    wide_visit.assert_clean()


def test_print_keeps_the_map_and_claims_and_drops_the_rest(wide_visit, live_url):
    page = wide_visit.page
    page.goto(f"{live_url}/corridors/chaman-onward")
    page.emulate_media(media="print")
    for hidden in (
        "header.site",
        "footer.site",
        "form.timeline",
        "section.embed",
        "section.downloads",
        "nav.contents",
        "table.segments",
        "details.spellings",
    ):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("iframe.map").is_visible()
    assert page.locator("article.fact").first.is_visible()
    assert page.locator("article.fact p.cite").first.is_visible()
    wide_visit.assert_clean()


def test_corridor_page_on_a_phone_puts_contents_and_downloads_right_after_its_map(mobile_visit, live_url):
    page = mobile_visit.page
    page.goto(f"{live_url}/corridors/chaman-onward")
    brief = page.locator("nav.contents a[href$='brief.pdf'], nav.contents a[href*='/briefs/']").first
    map_bottom = page.locator("iframe.map").bounding_box()
    assert brief.bounding_box()["y"] < map_bottom["y"] + map_bottom["height"] + 844 / 2, "downloads follow the map"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    mobile_visit.page.screenshot(path=str(SCREENSHOTS / "analyst-corridor-390-top.png"))
    mobile_visit.assert_clean()


def test_route_result_comes_before_the_form_on_a_phone(mobile_visit, live_url):
    page = mobile_visit.page
    page.goto(f"{live_url}/routes?from=termez&to=karachi-port")
    assert page.locator("input[name=from]").input_value() == "Termez"
    assert page.locator("h1#route").bounding_box()["y"] < page.locator("form.route-form").bounding_box()["y"]
    assert page.locator("iframe.map").bounding_box()["y"] < page.locator("form.route-form").bounding_box()["y"]
    assert page.locator("h1#route").bounding_box()["y"] < 844
    page.click("button.swap")
    page.wait_for_url("**/routes?from=Karachi*")
    assert page.locator("input[name=from]").input_value() == "Karachi Port (Keamari)"
    mobile_visit.page.screenshot(path=str(SCREENSHOTS / "analyst-routes-390.png"))
    mobile_visit.assert_clean()
