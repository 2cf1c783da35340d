"""The route planner in Chromium: the path drawn as a band over the map, the cards beside it, the form."""

from __future__ import annotations

import re

from browser.test_browse import count, open_map_page
from corridor.atlas.network import plan_route
from corridor.pages.routes import card_label


def test_route_page_draws_the_announced_path_and_compares_it_with_existing_track(visit, live_url, atlas):
    frame = open_map_page(visit, f"{live_url}/routes?from=termez&to=karachi-port")
    frame.wait_for_selector("path.route", state="attached")
    announced = plan_route(atlas, "termez", "karachi-port")
    assert count(frame, "path.route-announced") == len(announced.segments)
    assert count(frame, "path.route-existing") == 0, "no path over existing track to draw"
    assert count(frame, "path.seg") > 0, "the corridor lines stay on top of the band"
    assert frame.evaluate("document.querySelector('.map-legend details').open"), "two columns: it fits unfolded"
    assert f"{card_label('announced', announced.allowed)}: 2," in frame.locator(".map-legend").inner_text()
    page = visit.page
    assert page.locator("#route-existing").inner_text().count("proposed") >= 1
    assert "Pakistan" in page.locator("#route-announced").inner_text()
    assert page.locator("#route-announced a[href='/corridors/uzbekistan-afghanistan-pakistan']").is_visible()
    visit.screenshot("route-termez-karachi-port")
    visit.assert_clean()


def test_route_with_existing_and_announced_paths_draws_both_bands(visit, live_url, atlas):
    frame = open_map_page(visit, f"{live_url}/routes?from=quetta&to=karachi-port")
    frame.wait_for_selector("path.route", state="attached")
    existing = plan_route(atlas, "quetta", "karachi-port", {"existing"})
    assert count(frame, "path.route-existing") == len(existing.segments) > 0
    assert count(frame, "path.route-announced") > 0
    visit.screenshot("route-quetta-karachi-port")
    visit.assert_clean()


def test_route_form_works_by_name_without_script(browser, live_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_url}/routes")
    page.fill("input[name=from]", "Turghundi")
    page.fill("input[name=to]", "gwadar")
    page.click("form.route-form button[type=submit]")
    page.wait_for_url(re.compile(r"/routes\?from=Turghundi&to=gwadar&via=&open_on=$"))  # the empty date too
    assert page.locator("h1#route").inner_text() == "Torghundi → Gwadar Port"
    assert page.locator(".route-card").count() == 2
    assert page.locator("#route-announced .route-km").inner_text().endswith("km")
    context.close()


def test_route_page_fits_a_phone_screen(mobile_visit, live_url):
    frame = open_map_page(mobile_visit, f"{live_url}/routes?from=serhetabat&to=port-qasim")
    frame.wait_for_selector("path.route", state="attached")
    page = mobile_visit.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"
    assert page.locator("#route-announced").bounding_box()["width"] <= 390
    mobile_visit.screenshot("mobile-route-serhetabat-port-qasim")
    mobile_visit.assert_clean()
