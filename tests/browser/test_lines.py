"""What Chromium draws of the lines: on the UAP map the two alternative routes are told apart (one over a dark
casing, one plain), a casing never takes the click meant for its line, and the three alignments are drawn at
their own fading; screenshots of the UAP map and the overview at a desktop and a phone size."""

from __future__ import annotations

import pytest

from browser.conftest import SCREENSHOTS
from browser.test_embed import wait_for_map
from corridor.display.vocab import ALIGNMENT, ALTERNATIVE
from tests.popup_tables import POPUP_SHOWN

UAP = "uzbekistan-afghanistan-pakistan"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
LINES = """() => [...document.querySelectorAll('path.seg, path.casing')].map((p) => {
  const cls = p.getAttribute('class').split(' ');
  const id = cls.find((c) => c.startsWith('seg-') || c.startsWith('casing-'));
  return {kind: cls.includes('casing') ? 'casing' : 'line', segment: id.replace(/^(seg|casing)-/, ''),
          alignment: (cls.find((c) => c.startsWith('alignment-')) || '').replace('alignment-', ''),
          stroke: p.getAttribute('stroke'), width: Number(p.getAttribute('stroke-width')),
          opacity: Number(p.getAttribute('stroke-opacity')), dash: p.getAttribute('stroke-dasharray'),
          events: getComputedStyle(p).pointerEvents};
})"""
HITS_ALONG = """(segment) => {
  const line = document.querySelector(`path.seg-${segment}`);
  const hits = [];
  for (let step = 1; step < 20; step++) {
    const point = line.getPointAtLength(line.getTotalLength() * step / 20);
    const screen = point.matrixTransform(line.getScreenCTM());
    const hit = document.elementFromPoint(screen.x, screen.y);
    hits.push({x: screen.x, y: screen.y, on: hit ? (hit.getAttribute('class') || hit.tagName) : ''});
  }
  return hits;
}"""


@pytest.fixture
def uap_lines(visit, live_url, atlas):
    visit.page.set_viewport_size(VIEWPORTS["desktop"])
    visit.page.goto(f"{live_url}/maps/{UAP}.html")
    wait_for_map(visit.page.main_frame)
    return visit.page.evaluate(LINES)


def test_the_two_uap_alternatives_are_drawn_apart_and_the_casing_takes_no_click(visit, uap_lines, atlas):
    casings = {line["segment"]: line for line in uap_lines if line["kind"] == "casing"}
    lines = {line["segment"]: line for line in uap_lines if line["kind"] == "line"}
    routes = atlas.index.alternatives[UAP]
    for rank, name in enumerate(routes):
        symbol = ALTERNATIVE[rank]
        for segment in (s for s in atlas.corridor_segments(UAP) if s.properties.variant == name):
            edge = symbol.casing_colour(lines[segment.id]["stroke"])
            assert (segment.id in casings) == (edge is not None), segment.id
            if edge is not None:
                casing, line = casings[segment.id], lines[segment.id]
                assert casing["stroke"] == edge and casing["dash"] == line["dash"], segment.id
                assert casing["width"] == pytest.approx(line["width"] + 2 * symbol.casing_px), segment.id
                assert casing["events"] == "none", segment.id
    cased = next(s for s in casings)
    hits = visit.page.evaluate(HITS_ALONG, cased)
    assert not any("casing" in hit["on"] for hit in hits), hits
    on_line = next(hit for hit in hits if f"seg-{cased}" in hit["on"])
    visit.page.mouse.click(on_line["x"], on_line["y"])
    popup = visit.page.wait_for_selector(POPUP_SHOWN)
    assert atlas.segments[cased].properties.name in popup.inner_text()
    visit.assert_clean()


def test_each_alignment_is_drawn_at_its_own_fading(uap_lines):
    seen = {line["alignment"]: line["opacity"] for line in uap_lines if line["kind"] == "line"}
    assert seen.keys() >= {"approximate", "schematic"}
    for alignment, opacity in seen.items():
        assert opacity == pytest.approx(ALIGNMENT[alignment].opacity), alignment


ON_SCREEN = """(ids) => {
  const frame = document.querySelector('.leaflet-container').getBoundingClientRect();
  return ids.map((id) => [...document.querySelectorAll(`path.seg-${id}, path.casing-${id}`)].map((p) => {
    const box = p.getBoundingClientRect();
    const inside = box.right > frame.left && box.left < frame.right && box.bottom > frame.top && box.top < frame.bottom;
    return {casing: p.classList.contains('casing'), inside: inside && box.width + box.height > 0,
            stroke: p.getAttribute('stroke'), width: Number(p.getAttribute('stroke-width'))};
  }));
}"""


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("path", [f"/corridors/{UAP}", "/"], ids=["uap", "overview"])
def test_both_uap_alternatives_are_on_the_first_screen_each_in_its_own_symbol(browser, live_url, atlas, viewport, path):
    """At a desktop and a phone size, on the UAP page and the overview: every segment of both alternatives is drawn
    inside the map as it opens, the cased one over its casing and the plain one without, so that the two read
    apart; the screenshots (tests/browser/screenshots/lines-*.png) are for the eye."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.goto(live_url + path)
        frame = page.frame_locator("iframe").first
        frame.locator("path.seg").first.wait_for(state="attached")
        frame.locator(".map-legend").first.wait_for(state="attached")
        page.wait_for_timeout(300)
        name = "uap" if "corridors" in path else "overview"
        page.screenshot(path=str(SCREENSHOTS / f"lines-{name}-{viewport}.png"))
        looks = {}
        for rank, route in enumerate(atlas.index.alternatives[UAP]):
            ids = [s.id for s in atlas.corridor_segments(UAP) if s.properties.variant == route]
            drawn = frame.locator(".leaflet-container").evaluate(f"(_, ids) => ({ON_SCREEN})(ids)", ids)
            assert all(paths and all(p["inside"] for p in paths) for paths in drawn), (route, drawn)
            looks[route] = {tuple(sorted((p["casing"], p["stroke"], p["width"]) for p in paths)) for paths in drawn}
            assert len(looks[route]) == 1, (route, looks[route])
            casings = {p["casing"] for paths in drawn for p in paths}
            assert (True in casings) == bool(ALTERNATIVE[rank].casing_px), route
        assert len({next(iter(look)) for look in looks.values()}) == 2, looks
    finally:
        context.close()
