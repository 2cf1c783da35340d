"""Every page with a map opens on it: the map is the first thing under the title and fills most of the first
screen, at desktop and phone sizes (issue: the map was below the fold)."""

from __future__ import annotations

import pytest

PAGES = [
    "/",
    "/corridors/turghundi-herat-spin-boldak",
    "/corridors/chaman-onward",
    "/corridors/uzbekistan-afghanistan-pakistan",
    "/routes?from=Termez&to=Karachi+Port",
    "/?as_of=2025-06-30",
]
MIN_SHARE = 0.55
"""The least share of the first screen's area the map must cover before any scrolling."""

MAP_SHARE = """() => {
    const frame = document.querySelector("iframe.map").getBoundingClientRect();
    const width = Math.max(0, Math.min(frame.right, innerWidth) - Math.max(frame.left, 0));
    const height = Math.max(0, Math.min(frame.bottom, innerHeight) - Math.max(frame.top, 0));
    return width * height / (innerWidth * innerHeight);
}"""


def _assert_map_first(visit, live_url: str, path: str) -> None:
    visit.page.goto(live_url + path)
    share = visit.page.evaluate(MAP_SHARE)
    assert share >= MIN_SHARE, f"{path}: the map covers {share:.0%} of the first screen"
    before_map = visit.page.evaluate(
        """() => {
            const map = document.querySelector("iframe.map");
            const above = [...document.querySelectorAll("main *")].filter(
                e => e.compareDocumentPosition(map) & Node.DOCUMENT_POSITION_FOLLOWING && !e.contains(map));
            return above.filter(e => e.matches("nav, form, table, section, ul, ol, dl, textarea")).map(e => e.tagName);
        }"""
    )
    assert before_map == [], f"{path}: {before_map} come before the map"
    assert visit.page.evaluate("document.documentElement.scrollWidth <= innerWidth"), f"{path}: scrolls sideways"


@pytest.mark.parametrize("path", PAGES)
def test_pages_open_on_their_map_on_a_desktop(visit, live_url, path):
    _assert_map_first(visit, live_url, path)


@pytest.mark.parametrize("path", PAGES)
def test_pages_open_on_their_map_on_a_phone(mobile_visit, live_url, path):
    _assert_map_first(mobile_visit, live_url, path)
