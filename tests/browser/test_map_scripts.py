"""The map's plugin files at work in Chromium: legs shared by several corridors drawn as parallel lines by the
vendored leaflet-polylineoffset (at the offset each line asks for, at any zoom), the names' placement reported
on the map, and popups built from the popup table when they open."""

from __future__ import annotations

from tests.popup_tables import popup_table

OFFSETS = """() => {
    // For each line drawn with an offset: how far the middle of the drawn path is from the line's own course.
    const map = window.corridorMap, found = [];
    const distance = (p, a, b) => {
        const dx = b.x - a.x, dy = b.y - a.y, t = Math.max(0, Math.min(1,
            ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
        return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
    };
    map.eachLayer(layer => {
        if (!(layer instanceof L.Polyline) || !layer.options.offset || !layer.getElement()) { return; }
        const path = layer.getElement(), middle = path.getPointAtLength(path.getTotalLength() / 2);
        const course = layer.getLatLngs().flat(3).map(ll => map.latLngToLayerPoint(ll));
        let nearest = Infinity;
        for (let i = 0; i < course.length - 1; i++) {
            nearest = Math.min(nearest, distance(middle, course[i], course[i + 1]));
        }
        found.push({segment: layer.feature.properties.segment_id, offset: layer.options.offset, apart: nearest});
    });
    return found;
}"""


def open_map(visit, url: str) -> None:
    visit.page.goto(url)
    visit.page.wait_for_function("() => document.querySelector('.leaflet-container[data-names-placed]')")


def test_shared_legs_are_drawn_apart_by_their_offsets_at_every_zoom(visit, live_url):
    open_map(visit, f"{live_url}/maps/overview.html")
    for zoom_in in (0, 2):
        if zoom_in:
            visit.page.evaluate(f"corridorMap.setZoom(corridorMap.getZoom() + {zoom_in}, {{animate: false}})")
        lines = visit.page.evaluate(OFFSETS)
        assert len({line["segment"] for line in lines}) >= 2, "the overview has legs shared by corridors"
        for line in lines:
            assert abs(line["apart"] - abs(line["offset"])) < 1.0, line
        by_segment: dict[str, set[float]] = {}
        for line in lines:
            by_segment.setdefault(line["segment"], set()).add(line["offset"])
        assert all(len(offsets) >= 2 for offsets in by_segment.values()), "each corridor's copy has its own place"
    visit.assert_clean()


def test_the_map_reports_how_many_names_it_placed(visit, live_url):
    open_map(visit, f"{live_url}/maps/chaman-onward.html")
    reported = visit.page.evaluate("Number(document.querySelector('.leaflet-container').dataset.namesPlaced)")
    shown = visit.page.evaluate(
        "[...document.querySelectorAll('.place-label')].filter(e => e.style.visibility === 'visible').length"
    )
    assert reported == shown > 0
    visit.assert_clean()


def test_popups_come_from_the_table_fetched_on_the_first_click_and_show_before_it_arrives(visit, live_url):
    html = visit.page.request.get(f"{live_url}/maps/overview.html").text()
    table = popup_table(html, lambda url: visit.page.request.get(live_url + url).text())
    assert "popup_html" not in html and '"popup": "place:kabul"' in html
    assert "Kabul</h3>" not in html, "the served map document carries no popup HTML"
    held = []
    visit.page.route("**/maps/popups.*.json", lambda route: held.append(route))
    open_map(visit, f"{live_url}/maps/overview.html")
    assert not [u for u in visit.requests if "/maps/popups." in u], "the table waits for the first popup"
    popup = visit.page.locator(".leaflet-popup-content")
    for attempt in ("fails", "arrives"):
        visit.page.evaluate("corridorMap.closePopup(); document.querySelector('.place-marker.place-kabul').click()")
        popup.wait_for()
        assert popup.inner_text() == "Loading…", "a click opens the popup before the table arrives"
        for _ in range(1000):  # the held request reaches the route handler while the page is waited on
            if held:
                break
            visit.page.wait_for_timeout(10)
        if attempt == "fails":
            held.pop().abort()
            visit.page.wait_for_function(
                "() => document.querySelector('.leaflet-popup-content').textContent.includes('could not be loaded')"
            )
    assert len(held) == 1, "the next popup asked again"
    visit.errors[:] = [e for e in visit.errors if "Failed to load resource" not in e]  # the request aborted
    held[0].continue_()
    visit.page.wait_for_function("() => document.querySelector('.leaflet-popup-content h3') !== null")
    assert popup.locator("h3").inner_text() == "Kabul"
    as_parsed = "(html) => { const div = document.createElement('div'); div.innerHTML = html; return div.innerHTML; }"
    assert popup.inner_html() == visit.page.evaluate(as_parsed, table["features"]["place:kabul"])
    visit.assert_clean()


def test_a_layer_that_opens_switched_off_gets_its_features_when_shown(visit, live_url):
    open_map(visit, f"{live_url}/maps/overview.html")
    railways = visit.page.locator(".leaflet-railways-pane path")
    assert railways.count() == 0 and not [u for u in visit.requests if "/maps/railways." in u]
    visit.page.evaluate("""() => {
        const label = [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
            .find(l => l.textContent.includes('Railways in Natural Earth'));
        label.querySelector('input').click();
    }""")
    visit.page.wait_for_function("() => document.querySelectorAll('.leaflet-railways-pane path').length > 100")
    assert len([u for u in visit.requests if "/maps/railways." in u]) == 1, "fetched when first shown"
    style = visit.page.evaluate("getComputedStyle(document.querySelector('.leaflet-railways-pane path')).stroke")
    assert style not in ("", "none")
    visit.assert_clean()
