"""The single-file map: everything inlined, nothing to fetch, links where they were asked to point."""

from __future__ import annotations

import json
import re

import pytest

from corridor.display.links import Links
from corridor.maps.render import popup_facts
from corridor.maps.standalone import render_standalone_html
from corridor_web.cli import main
from maps.test_render import in_popups

MAX_BYTES = 1_000_000
"""About 950 kB today: Leaflet (150 kB) and the basemap (300 kB: Natural Earth over lon 30..100, lat 10..58), lines,
popups and quotes of every corridor."""


@pytest.fixture(scope="module")
def overview_file(atlas) -> str:
    return render_standalone_html(atlas)


def fetched_urls(html: str) -> list[str]:
    """What a browser would fetch: script and image sources, linked stylesheets, CSS url()s that are not data
    (not a `rel="alternate"` link, which only tells a feed reader where the site's feed is)."""
    urls = re.findall(r"<(?:script|img|iframe)\b[^>]*\ssrc=[\"']?([^\"' >]+)", html)
    urls += re.findall(r"<link\b(?![^>]*\brel=\"alternate\")[^>]*\shref=[\"']?([^\"' >]+)", html)
    return urls + [u for u in re.findall(r"url\(([^)]*)\)", html) if not u.startswith(("data:", "#"))]


def test_single_file_fetches_nothing(overview_file):
    assert fetched_urls(overview_file) == []


def test_single_file_inlines_leaflet_its_images_and_the_map_stylesheet(overview_file):
    assert "window.L" in overview_file and "sourceMappingURL" not in overview_file
    assert ".leaflet-control-layers-toggle" in overview_file
    assert "url(data:image/png;base64," in overview_file
    assert ".place-marker" in overview_file and ".gauge-break" in overview_file


def test_single_file_keeps_lines_places_legend_and_quotes(atlas, overview_file):
    for segment in atlas.segments.values():
        assert json.dumps(list(segment.geometry.coordinates[0])) in overview_file, segment.id
    for place in atlas.places.values():
        assert json.dumps(list(place.geometry.coordinates)) in overview_file, place.id
    assert "map-legend" in overview_file
    assert "<title>Railway corridors: Central Asia – Arabian Sea · corridor</title>" in overview_file
    shown = popup_facts(atlas, None)
    for fact in (f for subject in atlas.segments for f in shown.get(subject, [])):
        assert in_popups(fact.quote, overview_file), fact.id


def test_single_file_without_a_site_names_sources_without_dead_links(overview_file):
    assert 'class=\\"source-link\\"' in overview_file
    assert 'href=\\"/' not in overview_file, "no root-relative link: it would be dead on file://"


def test_single_file_links_to_the_site_it_is_told_about(atlas):
    html = render_standalone_html(atlas, "chaman-onward", Links.under("https://example.org/corridor"))
    assert 'href=\\"https://example.org/corridor/sources/' in html
    assert 'href=\\"https://example.org/corridor/corridors/chaman-onward\\"' in html


def test_single_file_stays_reasonably_small(overview_file):
    assert len(overview_file.encode("utf-8")) < MAX_BYTES


def test_cli_render_writes_the_single_file_and_reports_its_size(runner, tmp_path):
    output = tmp_path / "map.html"
    result = runner.invoke(
        main,
        ["render", "--corridor", "chaman-onward", "-o", str(output), "--base-url", "https://example.org/corridor/"],
    )
    assert result.exit_code == 0, result.output
    html = output.read_text(encoding="utf-8")
    size = len(html.encode("utf-8"))
    assert result.output == f"wrote {output} (self-contained HTML, no other file needed, {size:,} bytes)\n"
    assert fetched_urls(html) == []
    assert 'href=\\"https://example.org/corridor/sources/' in html


def test_cli_render_refuses_unknown_corridors_and_missing_directories(runner, tmp_path):
    result = runner.invoke(main, ["render", "--corridor", "atlantis", "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 2 and "unknown corridor; choose from all," in result.output
    result = runner.invoke(main, ["render", "-o", str(tmp_path / "missing" / "m.html")])
    assert result.exit_code == 2 and "does not exist; create it first" in result.output


def test_download_route_links_back_to_the_serving_site(client):
    response = client.get("/standalone/uzbekistan-afghanistan-pakistan.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert fetched_urls(html) == []
    assert 'href=\\"http://localhost/sources/' in html
