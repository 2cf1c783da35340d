"""Dashed lines as easy to click as solid ones: points along every line of the overview, hit-tested where a click
would land, reach the line (or its invisible hit line, static/map/hit-lines.js) about as often for dashed
(proposed, planned, under construction) as for solid lines; a click in a gap between dashes opens the line's popup.

Points under a marker are left out: a click there is the place's, whatever the line's dashes."""

from __future__ import annotations

import pytest

from tests.browser.conftest import opened

HIT_RATES = """(stepPx) => {
    // Of the points every stepPx along each drawn line (not under a marker), the share a click would give to the
    // line: for dashed and solid lines, and for dashed lines counting their drawn dashes only.
    const count = {dashed: 0, solid: 0, dashedOwn: 0, solidOwn: 0, dashedDrawn: 0}, gap = {found: null};
    for (const path of document.querySelectorAll('path.seg')) {
        const segment = [...path.classList].find(c => c.startsWith('seg-')).slice(4);
        const kind = path.getAttribute('stroke-dasharray') !== null ? 'dashed' : 'solid';
        const matrix = path.getScreenCTM(), length = path.getTotalLength();
        for (let at = stepPx / 2; at < length; at += stepPx) {
            const p = path.getPointAtLength(at);
            const x = matrix.a * p.x + matrix.c * p.y + matrix.e, y = matrix.b * p.x + matrix.d * p.y + matrix.f;
            if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) { continue; }
            const hit = document.elementFromPoint(x, y);
            if (hit && hit.closest('.leaflet-marker-pane')) { continue; }
            const own = hit === path || (hit !== null && hit.classList.contains('hit-line-' + segment));
            count[kind] += 1;
            count[kind + 'Own'] += own ? 1 : 0;
            if (kind === 'dashed' && hit === path) { count.dashedDrawn += 1; }
            if (kind === 'dashed' && own && hit !== path && !gap.found) { gap.found = {x: x, y: y, segment: segment}; }
        }
    }
    return {dashed: count.dashedOwn / count.dashed, solid: count.solidOwn / count.solid,
        dashedDrawn: count.dashedDrawn / count.dashed, points: count.dashed + count.solid, gap: gap.found};
}"""


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_dashed_lines_take_clicks_as_often_as_solid_ones(browser, live_url, viewport):
    with opened(browser, viewport) as visit:
        page = visit.page
        page.goto(f"{live_url}/maps/overview.html")
        page.wait_for_function("() => document.querySelector('.leaflet-container[data-names-placed]')")
        assert page.locator("path.hit-line").count() > 0, "the overview has dashed lines"
        found = page.evaluate(HIT_RATES, 3)
        assert found["points"] > 200
        assert found["dashedDrawn"] < 0.6, "clicks on the drawn dashes alone would miss the gaps"
        assert found["dashed"] >= found["solid"] - 0.05, found
        # A click in a gap between two dashes (on the hit line, not the drawn line) opens that line's popup.
        gap = found["gap"]
        page.mouse.click(gap["x"], gap["y"])
        page.locator(".leaflet-popup-content .segment-popup").wait_for()
        assert page.evaluate("() => corridorMap._popup._source.feature.properties.segment_id") == gap["segment"]
        assert visit.page_errors == []
