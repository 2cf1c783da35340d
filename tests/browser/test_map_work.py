"""The work a map does as it opens, counted in Chromium (the counts, not timings, are what a test can hold; the
timings are bench/browser.py's): the names are placed once, not again when the legend's `<details open>` is
parsed; the attribution box is written once per layer group, not once per basemap feature; and the map asks for
nothing after it is ready."""

from __future__ import annotations

import pytest

COUNT_WORK = """() => {
    // Leaflet assigns window.L once it is built: count, from then on, each placement of the names and each
    // rewrite of the attribution box.
    window.mapWork = {placements: 0, attributionWrites: 0};
    let leaflet;
    Object.defineProperty(window, "L", {configurable: true, get: () => leaflet, set: (value) => {
        leaflet = value;
        const fire = value.Map.prototype.fire, update = value.Control.Attribution.prototype._update;
        value.Map.prototype.fire = function (type) {
            if (type === "namesplaced") { window.mapWork.placements += 1; }
            return fire.apply(this, arguments);
        };
        value.Control.Attribution.prototype._update = function () {
            window.mapWork.attributionWrites += 1;
            return update.apply(this, arguments);
        };
    }});
}"""


@pytest.mark.parametrize("path", ["/maps/overview.html", "/maps/uzbekistan-afghanistan-pakistan.html", "/embed/all"])
def test_a_map_places_its_names_once_and_writes_its_attribution_once_per_group(visit, live_url, path):
    page = visit.page
    page.add_init_script(f"({COUNT_WORK})()")
    page.goto(f"{live_url}{path}", wait_until="load")
    page.wait_for_function("() => document.querySelector('.leaflet-container[data-names-placed]')")
    requests_when_ready = len(visit.requests)
    page.wait_for_timeout(600)  # a placement queued for the next frames (a toggle, a resize) would have run
    work = page.evaluate("window.mapWork")
    assert work["placements"] == 1, work
    assert 1 <= work["attributionWrites"] <= 3, work
    assert "Made with Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    assert len(visit.requests) == requests_when_ready, "nothing asked for after the map is ready"
    visit.assert_clean()
