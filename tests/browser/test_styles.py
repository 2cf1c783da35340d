"""What Chromium draws is the style table's: a single-file map opened from disk (its generated stylesheet is
inline) colours every place kind's marker and legend icon, the gauge rings and the lines from
corridor/display/vocab.py, and a page takes its colours from the linked generated stylesheet."""

from __future__ import annotations

import re

from display.test_style_surfaces import atlas_with_every_place_kind

from browser.test_embed import wait_for_map
from corridor.display.vocab import GAUGE_RING, PALETTE, PLACE_KIND, corridor_colour
from corridor.maps.standalone import render_standalone_html

MARKER_COLOURS = """(kind) => {
  const look = (element) => {
    const diamond = getComputedStyle(element, '::before');
    const style = diamond.content !== 'none' ? diamond : getComputedStyle(element);
    return [style.backgroundColor, style.borderTopColor];
  };
  const marker = document.querySelector(`.leaflet-marker-icon.place-marker.place-${kind}`);
  const icon = document.querySelector(`.map-legend .legend-icon.place-${kind}`);
  return [look(marker), look(icon)];
}"""


def rgb(hex_colour: str) -> str:
    """`#rrggbb` as the browser reports a computed colour."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_single_file_map_from_disk_draws_markers_rings_and_lines_from_the_table(visit, tmp_path):
    output = tmp_path / "map.html"
    output.write_text(render_standalone_html(atlas_with_every_place_kind(tmp_path)), encoding="utf-8")
    page = visit.page
    page.goto(output.as_uri())
    wait_for_map(page.main_frame)
    for kind, style in PLACE_KIND.items():
        on_map, in_legend = page.evaluate(MARKER_COLOURS, kind)
        assert on_map == in_legend == [rgb(style.fill), rgb(style.outline)], kind
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('.leaflet-marker-icon.gauge-break'));"
        " return [s.borderTopColor, s.borderTopStyle, s.borderTopWidth]; }"
    )
    undecided = GAUGE_RING[False]
    assert ring == [rgb(undecided.colour), "dashed" if undecided.dashed else "solid", f"{undecided.width_px:g}px"]
    stroke = page.evaluate("() => document.querySelector('path.corridor-chaman-onward').getAttribute('stroke')")
    assert stroke == corridor_colour("chaman-onward")
    visit.screenshot("styles-single-file")
    assert visit.errors == []


def test_pages_take_their_colours_from_the_generated_stylesheet(visit, live_url):
    visit.page.goto(live_url + "/")
    colours = visit.page.evaluate(
        "() => [getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.querySelector('header.site')).backgroundColor]"
    )
    assert colours == [rgb(PALETTE["paper"]), rgb(PALETTE["header"])]
    assert re.search(
        r"/styles/vocabulary\.css$", visit.page.locator("link[rel=stylesheet]").first.get_attribute("href")
    )
    visit.assert_clean()
