"""Does the map read at a glance? Names at first view are measured in tests/browser/test_names.py; here: more
names by the same rules once the reader zooms in, popups open fully in view, the map tools work."""

from __future__ import annotations

import re

from pyproj import Geod

from browser.test_names import open_view
from tests.popup_tables import POPUP_SHOWN

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGES = [None, "turghundi-herat-spin-boldak", "chaman-onward", "uzbekistan-afghanistan-pakistan"]


def map_url(live_url: str, corridor_id: str | None) -> str:
    return live_url + ("/" if corridor_id is None else f"/corridors/{corridor_id}")


def _screenshots() -> str:
    from browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    return str(SCREENSHOTS)


def test_more_names_appear_when_zooming_in_by_the_same_rules(browser, live_url, atlas):
    from browser.test_names import measure

    context, page, frame, _ = open_view(browser, LAPTOP, map_url(live_url, "chaman-onward"))
    try:
        before = len(measure(frame, atlas)["names"])
        frame.evaluate("corridorMap.setZoom(corridorMap.getZoom() + 2, {animate: false})")
        frame.wait_for_timeout(300)
        after = measure(frame, atlas)
        assert after["far"] == [] and after["nearerOther"] == [] and after["overlaps"] == []
        frame.evaluate("corridorMap.setView([29.0, 67.5], corridorMap.getZoom(), {animate: false})")
        frame.wait_for_timeout(300)
        names = frame.locator(".place-label[style*=visible]").all_inner_texts()
        assert "Sibi" in names and "Jacobabad" in names, "stations are named once the reader zooms in"
        assert before > 0
    finally:
        context.close()


def rects_cross(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_phone_popup_opens_fully_in_view_clear_of_the_controls(browser, live_url):
    from browser.test_browse import POINT_ON_PATH

    context, page, frame, _ = open_view(browser, PHONE, map_url(live_url, "uzbekistan-afghanistan-pakistan"))
    try:
        iframe = page.locator("iframe.map")
        iframe.scroll_into_view_if_needed()
        box = iframe.bounding_box()
        point = frame.evaluate(POINT_ON_PATH, "path.seg-kabul-jalalabad")
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        frame.wait_for_selector(POPUP_SHOWN)
        frame.wait_for_timeout(600)  # the map pans the popup into view
        popup = frame.locator(".leaflet-popup-content-wrapper").bounding_box()  # page coordinates, as `box`
        assert popup["x"] >= box["x"] and popup["y"] >= box["y"]
        assert popup["x"] + popup["width"] <= box["x"] + box["width"]
        assert popup["y"] + popup["height"] <= box["y"] + box["height"]
        for control in (".leaflet-control-zoom", ".leaflet-control-layers", ".map-tools", ".map-search"):
            control_box = frame.locator(control).bounding_box()  # None when folded away
            assert control_box is None or not rects_cross(popup, control_box), control
        scroller = frame.locator(".leaflet-popup-content")
        assert scroller.evaluate("e => e.scrollHeight <= e.clientHeight || getComputedStyle(e).overflowY === 'auto'")
        scale = frame.locator(".leaflet-control-scale").bounding_box()
        attribution = frame.locator(".leaflet-control-attribution").bounding_box()
        assert not rects_cross(scale, attribution), "the scale bar and the attribution do not collide"
    finally:
        context.close()


def test_view_is_kept_in_the_address_and_an_embed_opens_at_a_permalink(visit, live_url):
    page = visit.page
    page.goto(f"{live_url}/embed/chaman-onward#7/30.2000/67.0000")
    page.wait_for_selector("path.seg", state="attached")
    view = page.evaluate("[corridorMap.getZoom(), corridorMap.getCenter().lat, corridorMap.getCenter().lng]")
    assert view[0] == 7 and abs(view[1] - 30.2) < 0.01 and abs(view[2] - 67.0) < 0.01
    page.evaluate("corridorMap.setView([31, 66], 8, {animate: false})")
    page.wait_for_function("() => location.hash === '#8/31.0000/66.0000'")
    visit.assert_clean()


def test_reset_view_search_and_fullscreen_controls(visit, live_url):
    page = visit.page
    page.goto(f"{live_url}/maps/chaman-onward.html")
    page.wait_for_selector(".place-label[style*=visible]")
    home = page.evaluate("corridorMap.getZoom()")
    assert page.locator(".map-search input").is_visible(), "a laptop-sized map shows the search box"
    page.fill(".map-search input", "Quetta")
    page.press(".map-search input", "Enter")
    page.wait_for_selector(".leaflet-popup-content")
    center = page.evaluate("[corridorMap.getZoom(), corridorMap.getCenter().lat, corridorMap.getCenter().lng]")
    assert center[0] >= 8 and abs(center[1] - 30.19) < 0.05 and abs(center[2] - 66.99) < 0.05
    assert "Quetta" in page.locator(".leaflet-popup-content h3").inner_text()
    page.click(".map-tools a[title='Reset view']")
    page.wait_for_function(f"() => Math.abs(corridorMap.getZoom() - {home}) < 0.01")  # a function: CSP forbids eval
    assert page.locator(".map-tools a[title='Full screen']").count() == 1
    visit.assert_clean()


def test_phone_map_folds_the_search_box_behind_its_button(mobile_visit, live_url):
    page = mobile_visit.page
    page.goto(f"{live_url}/embed/uzbekistan-afghanistan-pakistan")
    page.wait_for_selector(".place-label[style*=visible]")
    assert not page.locator(".map-search input").is_visible()
    page.click(".map-tools a[title='Find a place']")
    page.fill(".map-search input", "Torkham")
    page.press(".map-search input", "Enter")
    page.wait_for_selector(".leaflet-popup-content")
    assert "Torkham" in page.locator(".leaflet-popup-content h3").inner_text()
    mobile_visit.assert_clean()


def test_cursor_coordinates_and_geodesic_measure(visit, live_url):
    page = visit.page
    page.goto(f"{live_url}/maps/chaman-onward.html")
    page.wait_for_selector(".place-label[style*=visible]")
    page.mouse.move(700, 450)
    text = page.locator(".map-coordinates").inner_text()
    lat, lon = (float(n) for n in re.findall(r"-?\d+\.\d+", text))
    expected = page.evaluate(
        "(() => { const p = corridorMap.containerPointToLatLng([700, 450]); return [p.lat, p.lng]; })()"
    )
    assert abs(lat - expected[0]) < 0.01 and abs(lon - expected[1]) < 0.01
    page.click(".map-tools a[title^='Measure']")
    points = [(600, 400), (800, 500)]
    for x, y in points:
        page.mouse.click(x, y)
    ends = page.evaluate(
        "(pts) => pts.map(p => corridorMap.containerPointToLatLng(p)).map(l => [l.lng, l.lat])",
        [list(p) for p in points],
    )
    _, _, metres = Geod(ellps="WGS84").inv(ends[0][0], ends[0][1], ends[1][0], ends[1][1])
    readout = page.locator(".measure-readout").inner_text()
    assert readout == f"{round(metres / 1000):,} km"
    assert page.locator(".leaflet-popup").count() == 0, "measuring opens no popup"
    visit.assert_clean()


def test_clicking_a_segments_table_row_zooms_the_map_to_it(visit, live_url, atlas):
    page = visit.page
    page.goto(f"{live_url}/corridors/chaman-onward")
    frame = page.locator("iframe.map").element_handle().content_frame()
    frame.wait_for_selector(".place-label[style*=visible]")
    before = frame.evaluate("corridorMap.getZoom()")
    cell = page.locator("table.segments tr[data-segment='sibi-quetta'] td:nth-child(4)")
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # anywhere on the row
    frame.wait_for_selector(".leaflet-popup-content")
    assert "Sibi" in frame.locator(".leaflet-popup-content h3").inner_text()
    assert frame.evaluate("corridorMap.getZoom()") > before
    inside = frame.evaluate(
        "(pts) => pts.every(p => corridorMap.getBounds().contains([p[1], p[0]]))",
        [list(c) for c in atlas.segments["sibi-quetta"].geometry.coordinates],
    )
    assert inside
    visit.assert_clean()
