"""Maps outside the app, in Chromium: the embed snippet on another site's page, framing refused for everything
else, the single-file map opened from disk with no network, and the static copy on a plain file server."""

from __future__ import annotations

from browser.test_browse import POINT_ON_PATH, count, drawn_segments, open_map_page, show_corridor_claims
from corridor.maps.render import breaks_on_map, places_on_map
from corridor_web.cli import main
from tests.popup_tables import POPUP_SHOWN

CORRIDOR = "chaman-onward"


def host_page(directory, body: str) -> str:
    """Write another site's article around `body`; returns its file name."""
    (directory / "article.html").write_text(
        "<!doctype html><html lang=en><meta charset=utf-8><link rel=icon href='data:,'><title>An article</title>"
        f"<h1>A report</h1>{body}"
        "<p>The article goes on.</p></html>",
        encoding="utf-8",
    )
    return "article.html"


def wait_for_map(frame) -> None:
    for selector in ("path.seg", ".leaflet-marker-icon.place-marker", ".map-legend"):
        frame.wait_for_selector(selector, state="attached")


def test_embed_snippet_on_another_sites_page_draws_the_map(visit, live_url, serve_files, tmp_path, atlas):
    visit.page.goto(f"{live_url}/corridors/{CORRIDOR}")
    snippet = visit.page.locator("#embed-snippet").input_value()
    assert f'<iframe src="{live_url}/embed/{CORRIDOR}"' in snippet
    with serve_files(tmp_path) as host_url:
        assert host_url != live_url, "another origin"
        visit.page.goto(f"{host_url}/{host_page(tmp_path, snippet)}")
        iframe = visit.page.locator("iframe")
        frame = iframe.element_handle().content_frame()
        wait_for_map(frame)
        assert count(frame, "path.seg") == drawn_segments(atlas, [CORRIDOR])
        assert count(frame, ".leaflet-marker-icon.place-marker") == len(places_on_map(atlas, CORRIDOR))
        assert count(frame, "header.site") == 0, "the map alone, no page around it"
        box = iframe.bounding_box()
        assert (round(box["width"]), round(box["height"])) == (800, 560)
        visit.screenshot("embed-on-another-site")
    visit.assert_clean()


def test_other_sites_cannot_frame_the_pages_or_the_map_documents(visit, live_url, serve_files, tmp_path):
    frames = "".join(
        f'<iframe src="{live_url}{path}"></iframe>' for path in (f"/corridors/{CORRIDOR}", f"/maps/{CORRIDOR}.html")
    )
    with serve_files(tmp_path) as host_url:
        visit.page.goto(f"{host_url}/{host_page(tmp_path, frames)}")
        for index in range(2):
            frame = visit.page.locator("iframe").nth(index).element_handle().content_frame()
            assert count(frame, "header.site") == 0 and count(frame, "path.seg") == 0
    refused = [e for e in visit.errors if "frame-ancestors" in e]
    assert len(refused) == 2, visit.errors


def test_embed_options_leave_out_layers_and_legend(visit, live_url, atlas):
    visit.page.goto(f"{live_url}/embed/{CORRIDOR}?layers=&legend=0")
    frame = visit.page.main_frame
    frame.wait_for_selector("path.seg", state="attached")
    main = [s for s in atlas.corridor_segments(CORRIDOR) if not s.properties.variant]
    assert count(frame, "path.seg") == count(frame, f"path.corridor-{CORRIDOR}") == len(main)
    assert count(frame, ".leaflet-marker-icon.place-marker") == count(frame, ".leaflet-marker-icon.gauge-break") == 0
    assert count(frame, ".map-legend") == 0
    visit.screenshot("embed-lines-only")
    visit.assert_clean()


def test_single_file_opens_from_disk_with_no_network(visit, runner, tmp_path, atlas):
    output = tmp_path / "map.html"
    assert runner.invoke(main, ["render", "-o", str(output)]).exit_code == 0
    page = visit.page
    page.goto(output.as_uri())
    wait_for_map(page.main_frame)
    frame = page.main_frame
    assert count(frame, "path.seg") == drawn_segments(atlas, list(atlas.corridors))
    assert count(frame, ".leaflet-marker-icon.place-marker") == len(atlas.places)
    assert count(frame, ".leaflet-marker-icon.gauge-break") == len(breaks_on_map(atlas, list(atlas.corridors)))
    assert count(frame, "path.land") > 0 and count(frame, ".leaflet-control-layers-toggle") == 1
    point = page.evaluate(POINT_ON_PATH, "path.seg-quetta-chaman")
    page.mouse.click(point["x"], point["y"])
    # The popup element appears a frame after the click: wait for it to exist, then to fade in.
    page.wait_for_function(
        "(() => { const p = document.querySelector('.leaflet-popup');"
        " return p !== null && getComputedStyle(p).opacity === '1'; })()"
    )
    popup = page.locator(".leaflet-popup-content")
    show_corridor_claims(page.main_frame, CORRIDOR)
    assert popup.locator("blockquote").first.inner_text()
    assert popup.locator(".source-link").first.inner_text(), "the article is named, offline"
    page.evaluate("""() => [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
        .find(l => l.textContent.includes('Railways in Natural Earth')).querySelector('input').click()""")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-railways-pane path').length > 100")
    visit.screenshot("single-file-from-disk")
    assert [u for u in visit.requests if not u.startswith("data:")] == [output.as_uri()]
    assert visit.errors == [] and visit.dialogs == []


def test_static_copy_works_from_a_sub_path_on_a_plain_file_server(visit, built_site, serve_files, atlas):
    failed: list[str] = []
    visit.page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    with serve_files(built_site.root) as url:
        home = f"{url}/some/prefix/"
        frame = open_map_page(visit, home)
        assert count(frame, "path.seg") == drawn_segments(atlas, list(atlas.corridors))
        visit.screenshot("static-copy-overview")
        visit.page.locator(f"table.compare a[href='corridors/{CORRIDOR}.html']").click()
        visit.page.wait_for_url(f"{home}corridors/{CORRIDOR}.html")
        frame = open_map_page(visit, visit.page.url)
        assert count(frame, "path.seg") == drawn_segments(atlas, [CORRIDOR])
        assert visit.page.locator("article.fact").count() > 0
        visit.page.locator("article.fact a.source-link").first.click()
        visit.page.wait_for_url(f"{home}sources/*.html#fact-*")
        assert visit.page.locator("mark").count() > 0
        visit.page.goto(f"{home}embed/all.html")
        wait_for_map(visit.page.main_frame)
        visit.page.evaluate("document.querySelector('.place-marker.place-kabul').click()")
        visit.page.wait_for_selector(POPUP_SHOWN)  # its table fetched from beside the embed
        assert visit.page.locator(".leaflet-popup-content h3").inner_text() == "Kabul"
        visit.screenshot("static-copy-embed")
    assert failed == []
    visit.assert_clean()
