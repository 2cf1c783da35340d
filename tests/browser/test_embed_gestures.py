"""An embedded map respects the article around it: the wheel and one finger scroll the article, Ctrl + wheel and a
click-then-wheel zoom the map, two fingers pan it; the frame keeps its aspect ratio (down to a least height on a
phone) and names its map and date, on a laptop and a phone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser.test_embed import wait_for_map
from corridor.maps.embed import IFRAME_MIN_HEIGHT_PX, iframe_snippet

CORRIDOR = "chaman-onward"
FILLER = "<p>Paragraph of the article.</p>" * 60
"""Text above and below the frame, so the article has somewhere to scroll."""


@pytest.fixture
def article(live_url, serve_files, tmp_path) -> Iterator[str]:
    """Another site's long article with this corridor's embed snippet in the middle; yields its URL."""
    snippet = iframe_snippet(f"{live_url}/embed/{CORRIDOR}", "Map")
    (tmp_path / "article.html").write_text(
        "<!doctype html><html lang=en><meta charset=utf-8><link rel=icon href='data:,'>"
        "<meta name=viewport content='width=device-width, initial-scale=1'><title>A long article</title>"
        f"<h1>A report</h1>{FILLER[:600]}{snippet}{FILLER}</html>",
        encoding="utf-8",
    )
    with serve_files(tmp_path) as host_url:
        yield f"{host_url}/article.html"


def _frame_in_view(page):
    iframe = page.locator("iframe")
    iframe.scroll_into_view_if_needed()
    frame = iframe.element_handle().content_frame()
    wait_for_map(frame)
    _wait_until(frame, "Boolean(window.corridorMap && window.corridorMap.cooperativeGestures)")
    return iframe, frame


def _wait_until(frame, expression: str, timeout_ms: int = 5000) -> None:
    """Poll `expression` in the frame (the map's CSP forbids eval, which wait_for_function's polling needs)."""
    for _ in range(timeout_ms // 50):
        if frame.evaluate(expression):
            return
        frame.page.wait_for_timeout(50)
    raise AssertionError(f"still false after {timeout_ms} ms: {expression}")


def _zoom(frame) -> float:
    return frame.evaluate("window.corridorMap.getZoom()")


def _centre_of(iframe) -> tuple[float, float]:
    box = iframe.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _scroll_y(page) -> float:
    return page.evaluate("window.scrollY")


def test_the_wheel_over_an_embed_scrolls_the_article_and_leaves_the_map_alone(visit, article):
    page = visit.page
    page.goto(article)
    iframe, frame = _frame_in_view(page)
    zoom, before = _zoom(frame), _scroll_y(page)
    page.mouse.move(*_centre_of(iframe))
    for _ in range(3):
        page.mouse.wheel(0, 120)
        page.wait_for_timeout(150)
    page.wait_for_timeout(400)
    assert _scroll_y(page) > before + 100, "the article scrolled"
    assert _zoom(frame) == zoom, "the map kept its zoom"
    visit.assert_clean()


def test_ctrl_wheel_or_a_click_then_the_wheel_zooms_the_embed(visit, article):
    page = visit.page
    page.goto(article)
    iframe, frame = _frame_in_view(page)
    x, y = _centre_of(iframe)
    zoom = _zoom(frame)
    page.mouse.move(x, y)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -240)
    page.keyboard.up("Control")
    _wait_until(frame, f"window.corridorMap.getZoom() > {zoom}")
    zoomed = _zoom(frame)
    page.mouse.click(x, y)
    frame.evaluate("window.corridorMap.closePopup()")  # a popup under the pointer would take the wheel itself
    page.mouse.wheel(0, 240)
    _wait_until(frame, f"window.corridorMap.getZoom() < {zoomed}")
    visit.assert_clean()


def _swipe(page, x: float, y: float, distance: float, fingers: int) -> None:
    """A touch swipe upwards with one or two fingers, sent as the touchscreen would (CDP touch events)."""
    session = page.context.new_cdp_session(page)

    def points(dy: float) -> list[dict[str, float]]:
        return [{"x": x + 40 * finger, "y": y + dy} for finger in range(fingers)]

    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": points(0)})
    for step in range(1, 11):
        session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": points(-distance * step / 10)})
        page.wait_for_timeout(16)
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(500)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_one_finger_over_an_embed_scrolls_the_article_on_a_phone(phone, article):
    phone.goto(article)
    iframe, frame = _frame_in_view(phone)
    x, y = _centre_of(iframe)
    centre, before = frame.evaluate("window.corridorMap.getCenter()"), _scroll_y(phone)
    _swipe(phone, x, y, 150, fingers=1)
    assert _scroll_y(phone) > before + 50, "the article scrolled"
    assert frame.evaluate("window.corridorMap.getCenter()") == centre, "the map did not pan"
    x, y = _centre_of(iframe)
    scrolled = _scroll_y(phone)
    _swipe(phone, x - 20, y, 80, fingers=2)
    assert frame.evaluate("window.corridorMap.getCenter()")["lat"] < centre["lat"], "two fingers pan the map"
    assert _scroll_y(phone) == scrolled, "and leave the article where it is"


def test_an_embed_on_a_phone_keeps_its_shape_and_says_what_and_when(phone, article, atlas):
    phone.goto(article)
    iframe, frame = _frame_in_view(phone)
    box = iframe.bounding_box()
    assert box["width"] <= 390 and box["height"] == pytest.approx(IFRAME_MIN_HEIGHT_PX, abs=1), "not a tall strip"
    _assert_says_what_and_when(frame, atlas, box)


def _assert_says_what_and_when(frame, atlas, box) -> None:
    caption = frame.locator(".frame-caption")
    assert caption.locator(".frame-title").inner_text() == atlas.corridors[CORRIDOR].name
    assert caption.locator(".frame-date").inner_text().startswith("Latest data (last change ")
    caption_box, map_box = caption.bounding_box(), frame.locator(".leaflet-container").bounding_box()
    assert caption_box["y"] >= box["y"] - 0.5, "the caption is inside the frame"
    assert caption_box["y"] + caption_box["height"] <= map_box["y"] + 0.5, "the caption sits above the map"
    assert map_box["y"] + map_box["height"] <= box["y"] + box["height"] + 0.5, "the map fits the frame below it"


def test_an_embed_on_a_desktop_keeps_its_aspect_ratio_and_says_what_and_when(visit, article, atlas):
    visit.page.goto(article)
    iframe, frame = _frame_in_view(visit.page)
    box = iframe.bounding_box()
    assert (round(box["width"]), round(box["height"])) == (800, 560)
    _assert_says_what_and_when(frame, atlas, box)
