"""On a phone (390 x 844) long lists fold and wide tables scroll with a visible cue; on a desktop nothing folds.

Each page is measured folded (as it opens) and unfolded (every fold opened by its own label), so the test
shows what folding saves; a table wider than its box must sit in a box that scrolls sideways and shows a
shadow at the edge where more of it lies, with a "scroll" line above it."""

from __future__ import annotations

import pytest

PAGES = [
    "/",
    "/corridors/turghundi-herat-spin-boldak",
    "/corridors/chaman-onward",
    "/corridors/uzbekistan-afghanistan-pakistan",
]
HEIGHT = "() => document.documentElement.scrollHeight"
OPEN_EVERY_FOLD = """() => { for (const label of document.querySelectorAll(".fold-label")) label.click();
    return document.querySelectorAll(".fold-toggle:checked").length; }"""
TABLES = """() => [...document.querySelectorAll("main table")].map(table => {
    const box = table.parentElement, style = getComputedStyle(box);
    const hint = box.previousElementSibling;
    return {
        name: table.className,
        wider: Math.round(table.getBoundingClientRect().width) > box.clientWidth + 1,
        right: table.getBoundingClientRect().right,
        scrolls: ["auto", "scroll"].includes(style.overflowX) && box.scrollWidth > box.clientWidth,
        shadow: style.backgroundImage.includes("radial-gradient"),
        hint: Boolean(hint && hint.matches(".scroll-hint") && hint.getBoundingClientRect().height > 0),
        boxRight: box.getBoundingClientRect().right,
    };
})"""


@pytest.mark.parametrize("path", PAGES)
def test_long_lists_fold_on_a_phone_and_open_by_their_label(mobile_visit, live_url, path):
    page = mobile_visit.page
    page.goto(live_url + path)
    folded = page.evaluate(HEIGHT)
    labels = page.locator(".fold-label")
    assert labels.count() > 0 and labels.first.is_visible()
    hidden = page.locator(".fold-body").first
    assert not hidden.is_visible()
    opened = page.evaluate(OPEN_EVERY_FOLD)
    unfolded = page.evaluate(HEIGHT)
    assert opened == labels.count() and hidden.is_visible()
    print(f"{path}: {unfolded} px unfolded, {folded} px folded")
    assert folded < unfolded * 0.85, f"{path}: folding saves too little ({unfolded} -> {folded} px)"
    mobile_visit.assert_clean()


def test_nothing_folds_on_a_desktop(visit, live_url):
    visit.page.goto(live_url + "/corridors/chaman-onward")
    assert visit.page.locator(".fold-label").first.is_hidden()
    assert visit.page.locator(".fold-body").first.is_visible()
    assert visit.page.locator(".scroll-hint").first.is_hidden()


def test_a_link_to_a_claim_inside_a_fold_opens_it(mobile_visit, live_url):
    page = mobile_visit.page
    page.goto(live_url + "/corridors/chaman-onward")
    ids = page.evaluate(
        """() => [...document.querySelectorAll("section.fact-group .fold-body article[id^='claim-']")]
            .map(a => a.id).filter(id => document.querySelectorAll(`[id='${id}']`).length === 1)"""
    )
    claim = page.locator(f"[id='{ids[-1]}']")
    assert not claim.is_visible()
    page.goto(f"{live_url}/corridors/chaman-onward#{ids[-1]}")
    assert claim.is_visible()


@pytest.mark.parametrize("path", PAGES)
def test_no_table_is_clipped_without_a_cue_on_a_phone(mobile_visit, live_url, path):
    page = mobile_visit.page
    page.goto(live_url + path)
    page.evaluate(OPEN_EVERY_FOLD)  # the tables inside folds are measured open
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), f"{path}: the page scrolls sideways"
    tables = page.evaluate(TABLES)
    assert tables, path
    assert any(table["wider"] for table in tables), path  # every page has a table that must scroll
    for table in tables:
        if table["wider"]:
            assert table["scrolls"] and table["shadow"] and table["hint"], (path, table)
            assert table["boxRight"] <= 390, (path, table)
        else:
            assert table["right"] <= 390, (path, table)
