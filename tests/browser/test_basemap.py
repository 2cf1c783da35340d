"""The basemap in Chromium, on a laptop (1366 x 900) and a phone (390 x 844): at every zoom the map allows, from
the farthest to the closest, views pushed against each edge of the basemap's box show land and sea to the edge
(no "no data" background or hatching in the screenshot) and stay inside the box; countries and seas are named
wherever they are in view; the measuring tool snaps to places; a page's map gives a link that reopens the page
at the same view."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from PIL import Image
from pyproj import Geod

from corridor.display.vocab import LAND_COLOUR, NO_DATA_COLOUR, NO_DATA_HATCH, SEA_COLOUR
from corridor.maps.basemap import MAX_ZOOM, basemap_of
from tests.browser.conftest import Visit, opened

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"laptop": LAPTOP, "phone": PHONE}
NAMED_VIEWS = [
    ("Afghanistan", 33.9, 66.0, 0),
    ("Kazakhstan", 48.0, 67.0, 0),
    ("Uzbekistan", 41.7, 63.5, 0),
    ("Caspian Sea", 42.0, 50.8, 0),
    ("Arabian Sea", 19.0, 63.0, 0),
    ("Gulf of Oman", 24.6, 58.5, 5),
]
"""A point well inside each, and the zoom from which it is named: at every zoom from there, a view centred there
names it. The Gulf of Oman is under 40 px wide on a phone at the farthest zoom, too narrow for its name."""
EDGE_PX = 1
"""Leaflet keeps the view inside the box to the pixel, rounded."""
BLOCK_PX = 4
"""A square this size wholly of the "no data" colours is a void; lone pixels are borders' anti-aliasing."""
SHOWN_NAMES = """() => {
    const frame = window.corridorMap.getContainer().getBoundingClientRect();
    return [...document.querySelectorAll('.country-label')].filter(e => {
        const r = e.getBoundingClientRect();
        return e.style.display !== 'none' && r.width > 0 && r.left >= frame.left - 1 && r.right <= frame.right + 1
            && r.top >= frame.top - 1 && r.bottom <= frame.bottom + 1;
    }).map(e => ({name: e.textContent, sea: e.classList.contains('sea-label')}));
}"""


def rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])


def no_data_colours() -> list[np.ndarray]:
    """The background beyond the box and its hatching (the hatch colour blended over it at its alpha)."""
    ground, hatch, alpha = rgb(NO_DATA_COLOUR), rgb(NO_DATA_HATCH[:7]), int(NO_DATA_HATCH[7:9], 16) / 255
    return [ground, np.round(ground * (1 - alpha) + hatch * alpha)]


def void_blocks(pixels: np.ndarray) -> int:
    """How many BLOCK_PX squares are wholly of the no-data colours."""
    void = np.zeros(pixels.shape[:2], dtype=bool)
    for colour in no_data_colours():
        void |= np.all(np.abs(pixels[:, :, :3].astype(int) - colour) <= 2, axis=2)
    h, w = (s - s % BLOCK_PX for s in void.shape)
    blocks = void[:h, :w].reshape(h // BLOCK_PX, BLOCK_PX, w // BLOCK_PX, BLOCK_PX).all(axis=(1, 3))
    return int(blocks.sum())


def share_of(pixels: np.ndarray, colour: str) -> float:
    return float(np.all(np.abs(pixels[:, :, :3].astype(int) - rgb(colour)) <= 2, axis=2).mean())


FARTHEST_ZOOM = {1366: 5.0, 390: 4.5}
"""The farthest zoom at which the whole map stays inside the box, by the map's width (docs/readers/pages.md)."""


def zooms(page) -> list[float]:
    low, high = page.evaluate("() => [window.corridorMap.getMinZoom(), window.corridorMap.getMaxZoom()]")
    assert high == MAX_ZOOM
    width = page.evaluate("() => window.corridorMap.getSize().x")
    assert width not in FARTHEST_ZOOM or low == FARTHEST_ZOOM[width]
    return [*np.arange(low, high, 1.0).tolist(), float(high)]


def set_view(page, lat: float, lon: float, zoom: float) -> dict:
    """The view moved (Leaflet keeps it inside the box) once the basemap's names are placed for it."""
    view = page.evaluate(
        """([lat, lon, zoom]) => {
            const map = window.corridorMap;
            map.setView([lat, lon], zoom, {animate: false, pan: {animate: false}});
            const box = map.options.maxBounds, size = map.getSize();
            const nw = map.latLngToContainerPoint(box.getNorthWest());
            const se = map.latLngToContainerPoint(box.getSouthEast());
            // How far the view reaches past the box, in px, on each side (0 or less: inside).
            return {zoom: map.getZoom(), past: [nw.x, nw.y, size.x - se.x, size.y - se.y]};
        }""",
        [lat, lon, zoom],
    )
    page.wait_for_function(
        """() => { const map = window.corridorMap, c = map.getCenter();
            const now = L.Corridor.viewHash.formatView(map.getZoom(), c.lat, c.lng);
            return map.getContainer().dataset.areaNamesView === now;
        }"""
    )
    return view


@contextmanager
def overview(browser, live_url: str, viewport: dict[str, int]) -> Iterator[Visit]:
    """The overview map at `viewport`, once its area names are placed."""
    with opened(browser, viewport) as visit:
        visit.page.goto(f"{live_url}/maps/overview.html")
        visit.page.wait_for_function("() => window.corridorMap && document.querySelector('[data-area-names-placed]')")
        yield visit


@pytest.mark.parametrize("device", VIEWPORTS)
def test_every_allowed_zoom_shows_land_and_sea_to_the_edges_of_the_box(browser, live_url, atlas, device):
    west, south, east, north = basemap_of(atlas.reference).extent
    with overview(browser, live_url, VIEWPORTS[device]) as visit:
        page = visit.page
        edges = {"south-west": (south, west), "north-west": (north, west), "north-east": (north, east),
                 "south-east": (south, east)}  # fmt: skip
        checked = []
        corners = list(edges.items())
        for step, zoom in enumerate(zooms(page)):
            beyond = set_view(page, south - 30, west - 40, zoom)  # asked for a view past the box: kept inside it
            assert max(beyond["past"]) <= EDGE_PX, f"{device} zoom {zoom} beyond the box"
            # Two opposite corners a zoom, the other two at the next: every corner at every other zoom, in half the
            # time.
            for edge, (lat, lon) in corners[0::2] if step % 2 == 0 else corners[1::2]:
                view = set_view(page, lat, lon, zoom)
                where = f"{device} zoom {zoom} {edge}"
                assert view["zoom"] == pytest.approx(zoom), where
                assert max(view["past"]) <= EDGE_PX, where
                pixels = np.asarray(Image.open(io.BytesIO(page.screenshot())))
                assert void_blocks(pixels) == 0, f"{where}: the no-data background shows"
                names = page.evaluate(SHOWN_NAMES)
                if share_of(pixels, LAND_COLOUR) > 0.3:
                    assert any(not n["sea"] for n in names), f"{where}: land in view, no country named"
                checked.append((zoom, edge, share_of(pixels, SEA_COLOUR)))
        assert len({zoom for zoom, _, _ in checked}) >= 6
        assert any(sea > 0.3 for _, _, sea in checked), "no view showed the sea"
        page.set_viewport_size({"width": VIEWPORTS[device]["width"] // 2, "height": VIEWPORTS[device]["height"]})
        page.wait_for_timeout(200)  # a smaller map may zoom out further, still not past the box
        narrow = set_view(page, south, west, 0)
        assert narrow["zoom"] < zooms(page)[0] + 1 and max(narrow["past"]) <= EDGE_PX
        assert visit.page_errors == []


@pytest.mark.parametrize("device", VIEWPORTS)
def test_countries_and_seas_are_named_at_every_allowed_zoom(browser, live_url, device):
    with overview(browser, live_url, VIEWPORTS[device]) as visit:
        page = visit.page
        home = {n["name"] for n in page.evaluate(SHOWN_NAMES)}
        assert {"Afghanistan", "Pakistan", "Iran", "Turkmenistan", "Uzbekistan", "Kazakhstan"} <= home
        assert {"Arabian Sea", "Caspian Sea"} <= home
        if device == "laptop":
            assert "Gulf of Oman" in home
        missing = []
        for zoom in zooms(page):
            for name, lat, lon, from_zoom in NAMED_VIEWS:
                if zoom < from_zoom:
                    continue
                set_view(page, lat, lon, zoom)
                if name not in {n["name"] for n in page.evaluate(SHOWN_NAMES)}:
                    missing.append(f"{name} at zoom {zoom}")
        assert missing == []
        assert visit.page_errors == []


def test_basemap_names_overlap_each_other_nowhere(browser, live_url):
    with overview(browser, live_url, LAPTOP) as visit:
        page = visit.page
        for zoom in zooms(page):
            set_view(page, 40.0, 46.0, zoom)  # the Caucasus: Armenia, Azerbaijan and Georgia side by side
            boxes = page.evaluate(
                """() => [...document.querySelectorAll('.country-label')].filter(e => e.style.display !== 'none')
                    .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""
            )
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), f"zoom {zoom}"
        # The sizes the names were placed with (canvas text metrics, no layout) are the sizes the browser draws them
        # at, rounded up, in one line and wrapped.
        sizes = page.evaluate(
            """() => CORRIDOR_KIT.areaNames._entries.filter(e => e.sizes).map(e => {
                const el = e.el, display = el.style.display, wrapped = el.classList.contains('wrapped'), drawn = [];
                el.style.display = 'block';
                for (const wrap of [false, true]) {
                    el.classList.toggle('wrapped', wrap);
                    const r = el.getBoundingClientRect();
                    drawn.push([r.width, r.height]);
                }
                el.classList.toggle('wrapped', wrapped);
                el.style.display = display;
                return {name: el.textContent, placed: e.sizes.map(s => [s.width, s.height]), drawn: drawn};
            })"""
        )
        assert len(sizes) >= 20
        for size in sizes:
            for placed, drawn in zip(size["placed"], size["drawn"], strict=True):
                assert all(0 <= p - d < 1 for p, d in zip(placed, drawn, strict=True)), size
        assert visit.page_errors == []


def marker_point(page, place_id: str) -> tuple[float, float]:
    box = page.locator(f".leaflet-marker-icon.place-{place_id}").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_the_measuring_tool_snaps_to_places(browser, live_url, atlas):
    """On a laptop: snapping works in pixels of the screen, the same on any (static/map/snap.js's unit tests)."""
    with overview(browser, live_url, LAPTOP) as visit:
        page = visit.page
        page.evaluate("() => window.corridorMap.setView([33.5, 65.5], 6, {animate: false})")
        page.click("a.map-tool[title^='Measure a distance']")
        kabul, herat = marker_point(page, "kabul"), marker_point(page, "herat")
        page.mouse.click(kabul[0] + 7, kabul[1] - 4)  # beside Kabul's marker, not on it
        page.mouse.click(*herat)  # on Herat's marker
        readout = page.locator(".measure-readout").inner_text()
        (lon1, lat1), (lon2, lat2) = (atlas.places[p].geometry.coordinates for p in ("kabul", "herat"))
        km = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2] / 1000
        assert readout == f"Herat: {round(km):,} km", readout
        assert page.locator("path.measure-point.measure-place").count() == 2
        page.mouse.click(herat[0] + 60, herat[1] + 60)  # far from any marker: the point clicked
        assert ":" not in page.locator(".measure-readout").inner_text()
        assert page.locator("path.measure-point").count() == 3
        assert visit.page_errors == []


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_page_gives_a_link_that_reopens_it_at_the_same_view(browser, live_url, device):
    with opened(browser, VIEWPORTS[device]) as visit:
        page = visit.page
        page.goto(f"{live_url}/corridors/chaman-onward")
        frame = page.frame(name="corridor-map")
        frame.wait_for_function("() => window.corridorMap && document.querySelector('[data-area-names-placed]')")
        frame.evaluate("() => window.corridorMap.setView([36.7, 67.1], 8)")  # as a reader's pan and zoom end
        page.wait_for_function("() => location.hash !== ''")
        assert page.url.endswith("/corridors/chaman-onward#8/36.7000/67.1000")  # the view kept in the address
        frame.click("a.map-tool[title='Link to this view']")
        link = frame.input_value(".map-view-link input")
        assert link == f"{live_url}/corridors/chaman-onward#8/36.7000/67.1000"
        again = page.context.new_page()
        again.goto(link)
        reopened = again.frame(name="corridor-map")
        reopened.wait_for_function("() => window.corridorMap")
        view = reopened.evaluate("() => { const m = window.corridorMap; return [m.getZoom(), m.getCenter()]; }")
        assert view[0] == 8 and view[1] == {"lat": pytest.approx(36.7), "lng": pytest.approx(67.1)}
        assert again.url == link
        page.goto(f"{live_url}/corridors/chaman-onward#segments")  # an anchor in the page: the map leaves it be
        frame = page.frame(name="corridor-map")
        frame.wait_for_function("() => window.corridorMap")
        frame.evaluate("() => window.corridorMap.setView([33, 66], 6)")
        page.wait_for_timeout(300)
        assert page.url.endswith("#segments")
