"""A reader in a real browser goes from a corridor's timeline to what changed between two dates, then picks two
other dates on the changes page."""

from __future__ import annotations


def test_a_reader_compares_two_dates_from_the_timeline(visit, live_url):
    page = visit.page
    page.goto(f"{live_url}/corridors/chaman-onward?as_of=2025-08-01")
    page.click("form.timeline a.compare")
    page.wait_for_url("**/changes?corridor=chaman-onward&from=*&to=2025-08-01")
    assert page.locator("ol.changes li.change").count() > 0
    page.fill("input[name=from]", "2025-01-01")
    page.fill("input[name=to]", "2026-01-25")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/changes?corridor=chaman-onward&from=2025-01-01&to=2026-01-25")
    differences = page.locator("section.status-differences").inner_text()
    assert "Lines whose status differs between 2025-01-01 and 2026-01-25" in differences
    assert "Sanobar–Robat Paryan (stage 2): not yet reported → planned" in differences  # first dated 2025-07-10
    dates = page.locator("ol.changes time").all_inner_texts()
    assert dates and all("2025-01-01" < d <= "2026-01-25" for d in dates)
    visit.screenshot("changes-between-two-dates")
    visit.assert_clean()


def test_the_changes_page_fits_a_phone(mobile_visit, live_url):
    mobile_visit.page.goto(f"{live_url}/changes")
    assert mobile_visit.page.evaluate("document.documentElement.scrollWidth") <= 390
    mobile_visit.assert_clean()
