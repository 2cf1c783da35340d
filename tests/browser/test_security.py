"""The Content-Security-Policy in a real browser: every page and map draws with no violation in any frame."""

from __future__ import annotations

import pytest

from tests.browser.test_browse import open_map_page

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
PAGES = [
    "/",
    "/corridors/chaman-onward",
    "/facts",
    "/sources",
    "/sources/003_fba5e8936d1eb623",
    "/ogc/collections",
    "/routes",
    "/nowhere",
]


def violations(visit) -> list[str]:
    """Violations reported in the page and in each of its frames."""
    return [v for frame in visit.page.frames for v in frame.evaluate("window.__cspViolations || []")]


@pytest.mark.parametrize("path", PAGES)
def test_pages_satisfy_their_content_security_policy(visit, live_url, path):
    visit.page.add_init_script(RECORD_VIOLATIONS)
    response = visit.page.goto(live_url + path)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    if visit.page.locator("iframe.map").count():
        frame = open_map_page(visit, live_url + path)
        assert frame.locator("path.seg").count() > 0
    visit.page.wait_for_load_state("load")
    assert violations(visit) == []
    if path == "/nowhere":  # the browser reports the page's own 404 status as a console error
        visit.errors.remove("Failed to load resource: the server responded with a status of 404 (NOT FOUND)")
    visit.assert_clean()


@pytest.mark.parametrize("path", ["/maps/overview.html", "/maps/uzbekistan-afghanistan-pakistan.html?as_of=2025-06-01"])
def test_map_documents_run_their_hashed_scripts_and_nothing_else(visit, live_url, path):
    visit.page.add_init_script(RECORD_VIOLATIONS)
    response = visit.page.goto(live_url + path)
    policy = response.headers["content-security-policy"]
    assert "'sha256-" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    visit.page.wait_for_selector("path.seg", state="attached")
    visit.page.wait_for_selector(".leaflet-marker-icon.place-marker", state="attached")
    assert violations(visit) == []
    visit.assert_clean()


def test_a_script_the_policy_does_not_list_is_refused(visit, live_url):
    """The check above can fail: an inline script added to a page is blocked and reported."""
    visit.page.add_init_script(RECORD_VIOLATIONS)
    visit.page.goto(live_url + "/facts")
    visit.page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__ran = true;";
        document.body.append(script);
    }""")
    visit.page.wait_for_function("window.__cspViolations.length > 0")
    assert visit.page.evaluate("window.__ran === undefined")
    assert violations(visit) == ["script-src-elem blocked inline"]
