"""build_map on the real data: what the HTML document carries, checked as the browser receives it."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from markupsafe import escape
from popup_tables import popups

from corridor.atlas.geometry import bounds_of
from corridor.atlas.load import load_atlas
from corridor.display.vocab import CONTEXT_COLOUR, STATUS, corridor_colour, segment_style
from corridor.maps.labels import key_places, label_html, label_order, label_texts, names_in_label
from corridor.maps.popups import MAP_FACT_KINDS
from corridor.maps.render import (
    MapAssets,
    breaks_on_map,
    places_on_map,
    popup_facts,
    render_map_html,
)

ASSETS = MapAssets(
    leaflet_js="/vendor/leaflet/leaflet.js", leaflet_css="/vendor/leaflet/leaflet.css", map_css="/static/map.css"
)
UNDATED_SEED = "000_22cb328290fae5cb.txt"
LATER_SEED = "002_cd5f8a68b4b3e00c.txt"
"""Published 2026-01-24: hidden from a map as of 2025."""


def in_script(text: str) -> str:
    """`text` as it appears inside a JSON string in the map's <script> (HTML-safe JSON, as Jinja's tojson)."""
    encoded = json.dumps(text)[1:-1]
    return encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def in_popup(text: str) -> str:
    """`text` as it appears in popup HTML (escaped) carried in a JSON string."""
    return in_script(str(escape(text)))


def popups_of(html: str) -> str:
    """Every popup's HTML the map document carries in its popup table, as one text."""
    return "\n".join(popups(html))


def in_popups(text: str, html: str) -> bool:
    """Whether `text`, escaped as popups escape it, is in one of the map's popups."""
    return str(escape(text)) in popups_of(html)


def map_setup(html: str) -> dict:
    """The configuration the map document hands to its scripts (static/map/): bounds to fit and the legend."""
    found = re.findall(r"var CORRIDOR_KIT = L\.Corridor\.map\(\w+, (\{.*\})\);", html)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture(scope="module")
def overview_html(atlas) -> str:
    return render_map_html(atlas, assets=ASSETS)


@pytest.fixture(scope="module")
def corridor_html(atlas) -> dict[str, str]:
    return {corridor_id: render_map_html(atlas, corridor_id, assets=ASSETS) for corridor_id in atlas.corridors}


def test_overview_map_carries_every_segment_and_place_coordinate(atlas, overview_html):
    for segment in atlas.segments.values():
        assert json.dumps(list(segment.geometry.coordinates[0])) in overview_html, segment.id
    for place in atlas.places.values():
        assert json.dumps(list(place.geometry.coordinates)) in overview_html, place.id


def test_layer_control_lists_each_corridor_and_overlay(atlas, overview_html):
    for corridor in atlas.corridors.values():
        assert json.dumps(str(escape(corridor.name))) in overview_html
    for layer in (
        "Places",
        "Gauge breaks",
        "Connecting railways (context)",
        "Railways in Natural Earth",
        "OpenRailwayMap (online)",
        "OpenStreetMap (online)",
        "Offline basemap (Natural Earth)",
    ):
        assert json.dumps(layer) in overview_html, layer
    assert "L.control.layers(" in overview_html
    assert "L.control.scale()" in overview_html


def test_map_loads_scripts_and_styles_only_from_the_given_assets(overview_html):
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', overview_html)
    styles = re.findall(r'<link[^>]*\shref="([^"]+)"', overview_html)
    assert scripts == [ASSETS.leaflet_js]
    assert styles == [ASSETS.leaflet_css, ASSETS.map_css]
    for cdn in ("cdn.jsdelivr", "code.jquery", "bootstrap", "awesome", "font-awesome", "cdnjs"):
        assert cdn not in overview_html


def test_online_layers_are_present_but_not_shown_by_default(overview_html):
    for url in (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://{s}.tiles.openrailwaymap.org/standard/{z}/{x}/{y}.png",
    ):
        tile_layer = re.search(r"var (tile_layer_\w+) = L\.tileLayer\(\s*" + re.escape(json.dumps(url)), overview_html)
        assert tile_layer, url
        assert f"{tile_layer.group(1)}.addTo(" not in overview_html


def test_segment_popups_quote_their_corridor_and_link_the_source(atlas, overview_html):
    facts = popup_facts(atlas, None)
    for corridor_id in atlas.corridors:
        assert facts[corridor_id], corridor_id
        for fact in facts[corridor_id]:
            source = atlas.source_for_seed(fact.seed)
            assert in_popups(fact.quote, overview_html), fact.id
            assert in_popups(f"/sources/{source.id}#fact-{fact.id}", overview_html), fact.id


def test_place_popups_quote_the_facts_about_the_place(atlas, overview_html):
    kabul_facts = [f for f in atlas.facts.values() if "kabul" in f.subjects]
    assert kabul_facts
    for fact in kabul_facts:
        assert in_popups(fact.statement, overview_html)


def test_corridor_map_fits_the_corridor_bounds(atlas, corridor_html):
    for corridor_id, html in corridor_html.items():
        min_lon, min_lat, max_lon, max_lat = bounds_of(
            c for s in atlas.corridor_segments(corridor_id) for c in s.geometry.coordinates
        )
        assert map_setup(html)["bounds"] == [[min_lat, min_lon], [max_lat, max_lon]], corridor_id


def test_corridor_map_marks_the_places_its_segments_join_and_the_border_crossings_they_pass(atlas):
    segments = atlas.corridor_segments("turghundi-herat-spin-boldak")
    ends = {p for s in segments for p in (s.properties.from_place, s.properties.to_place)}
    assert set(places_on_map(atlas, "turghundi-herat-spin-boldak")) == ends | {"serhetabat-torghundi-border"}
    assert set(places_on_map(atlas, None)) == set(atlas.places)


@pytest.mark.parametrize(
    ("corridor_id", "crossings"),
    [
        ("turghundi-herat-spin-boldak", {"serhetabat-torghundi-border"}),
        ("chaman-onward", {"serhetabat-torghundi-border", "chaman-spin-boldak-border"}),
        ("uzbekistan-afghanistan-pakistan", {"termez-friendship-bridge", "torkham", "kharlachi"}),
    ],
)
def test_every_corridor_map_shows_its_own_border_crossings(atlas, corridor_id, crossings):
    shown = {p for p in places_on_map(atlas, corridor_id) if atlas.places[p].properties.kind == "border_crossing"}
    assert shown == crossings


def test_gauge_breaks_are_marked_where_gauges_meet(atlas, overview_html):
    breaks = breaks_on_map(atlas, list(atlas.corridors))
    assert "torghundi" in {b.place_id for b in breaks}
    for gauge_break in breaks:
        place = atlas.places[gauge_break.place_id]
        assert json.dumps(list(place.geometry.coordinates)) in overview_html
    assert overview_html.count('"icon_class": "gauge-break') == len(breaks)


def test_line_style_follows_status_alignment_and_role(atlas):
    corridor = atlas.corridors["chaman-onward"]
    existing = segment_style(atlas.segments["quetta-chaman"], corridor)
    proposed = segment_style(atlas.segments["herat-kandahar"], corridor)
    context = segment_style(next(s for s in atlas.segments.values() if s.properties.role == "context"), None)
    assert existing["dashArray"] is None and existing["color"] == corridor_colour(corridor.id)
    assert proposed["dashArray"] == STATUS["proposed"].dash
    assert proposed["opacity"] < existing["opacity"], "schematic lines are faded"
    assert context["color"] == CONTEXT_COLOUR and context["weight"] < existing["weight"]


def test_shared_segment_is_drawn_as_parallel_lines_one_per_corridor_shown(atlas):
    shared = atlas.segments["herat-kandahar"]
    first, second = (atlas.corridors[c] for c in shared.properties.corridors[:2])
    both = list(atlas.corridors)
    left, right = segment_style(shared, first, both)["offset"], segment_style(shared, second, both)["offset"]
    assert left == -right != 0, "side by side, centred on the line"
    assert abs(left - right) > segment_style(shared, first, both)["weight"], "the two lines do not overlap"
    assert segment_style(shared, first, [first.id])["offset"] == 0, "alone on its own corridor's map"
    assert segment_style(shared, first, both)["weight"] == segment_style(shared, first, [first.id])["weight"]


def test_status_styles_get_thinner_and_more_broken_the_less_real_the_line(atlas):
    order = sorted(STATUS.values(), key=lambda s: s.order)
    assert order[0].dash is None, "existing is solid"
    assert [s.weight_px for s in order] == sorted((s.weight_px for s in order), reverse=True)
    assert len({s.dash for s in order}) == len(order), "every status has its own dash pattern"


def test_schematic_lines_are_faded_and_never_the_boldest(atlas):
    corridor = atlas.corridors["turghundi-herat-spin-boldak"]
    schematic = segment_style(atlas.segments["herat-kandahar"], corridor)
    existing = segment_style(atlas.segments["serhetabat-torghundi"], corridor)
    assert schematic["opacity"] < existing["opacity"]
    assert schematic["weight"] < existing["weight"]


def test_variants_are_drawn_as_alternative_routes(atlas, corridor_html):
    variant = next(s for s in atlas.segments.values() if s.properties.variant)
    corridor_id = variant.properties.corridors[0]
    style = segment_style(variant, atlas.corridors[corridor_id])
    assert "variant" in style["className"].split()
    assert in_popup(f"alternative: {variant.properties.variant}") in corridor_html[corridor_id]
    assert (
        json.dumps(str(escape(atlas.corridors[corridor_id].name + ": alternative routes")))
        in corridor_html[corridor_id]
    )


def test_legend_shows_exactly_the_colours_line_styles_and_markers_drawn(atlas, overview_html):
    legend = map_setup(overview_html)["legend_html"]
    drawn = {s.properties.status for s in atlas.segments.values()}
    for status, style in STATUS.items():
        assert (f"<span>{style.label}</span>" in legend) is (status in drawn), status
    for words in (
        "schematic",
        "alternative route via Kabul–Torkham",
        "alternative route via Logar–Kharlachi",
        "shared leg",
        "connecting railway",
        "border crossing",
        "sea port",
        "gauge undecided",
    ):
        assert words in legend, words
    for corridor in atlas.corridors.values():
        assert corridor_colour(corridor.id) in legend and str(escape(corridor.name)) in legend
    assert "railway in Natural Earth" not in legend, "that layer starts switched off"


def test_as_of_hides_claims_published_later_and_keeps_undated_ones(data_copy, edit_json):
    # The bundled data's dated claims are about relations, not lines: attach two to the corridor for the test.
    def dated_claims_on_the_corridor(facts):
        for fact in [f for f in facts if f["seed"] == LATER_SEED and f["kind"] in MAP_FACT_KINDS][:2]:
            fact["subjects"].append("chaman-onward")
            fact["subject_note"] = "Attached for this test."

    edit_json(data_copy / "facts.json", dated_claims_on_the_corridor)
    atlas = load_atlas(data_copy)
    html = render_map_html(atlas, "chaman-onward", as_of=dt.date(2025, 6, 1), assets=ASSETS)
    later = [f for f in popup_facts(atlas, None)["chaman-onward"] if f.seed == LATER_SEED]
    undated = [f for f in popup_facts(atlas, None)["turghundi-herat-spin-boldak"] if f.seed == UNDATED_SEED]
    assert later and undated
    assert not any(in_popups(f.quote, html) for f in later)
    assert all(in_popups(f.quote, html) for f in undated)
    assert in_popups("undated", html)
    legend = map_setup(html)["legend_html"]
    assert "<summary>Legend · 2025-06-01</summary>" in legend, "folded, on a phone, the date on one short line"
    assert '<p class="legend-date">Lines and claims as of 2025-06-01' in legend


def test_unknown_corridor_is_a_key_error(atlas):
    with pytest.raises(KeyError):
        render_map_html(atlas, "atlantis", assets=ASSETS)


def test_hostile_fact_text_stays_text_in_the_map(hostile_data):
    atlas = load_atlas(hostile_data)
    hostile = next(iter(atlas.facts.values())).quote
    html = render_map_html(atlas, assets=ASSETS)
    assert "<script>alert(1)</script>" in hostile and "<script>alert(1)</script>" not in html
    assert in_popups(hostile, html)
    assert html.count("</script>") == html.count("<script"), "no script element is closed early by data"
    assert "$(`" not in html, "no popup is rendered into a JS template literal"


def test_a_crowded_map_names_its_places_on_hover_instead_of_permanently(atlas, monkeypatch):
    from corridor.maps import render

    cities = [p.properties.name for p in atlas.places.values() if p.properties.kind == "city"]
    label = f'"label_html": "{in_popup(cities[0])}"'
    assert label in render_map_html(atlas, assets=ASSETS)
    monkeypatch.setattr(render, "MAX_PERMANENT_LABELS", len(atlas.places) - 1)
    crowded = render_map_html(atlas, assets=ASSETS)
    assert label not in crowded and in_popup(cities[0]) in crowded, "named in its tooltip and popup only"


def test_key_places_are_the_termini_junctions_border_crossings_and_ports(atlas):
    uap = key_places(atlas, ["uzbekistan-afghanistan-pakistan"])
    assert {"termez", "peshawar", "kohat", "mazar-i-sharif", "torkham", "kharlachi"} <= uap
    assert "pul-i-khumri" not in uap and "jalalabad" not in uap, "a place along the line is not key"
    assert {"kabul", "logar"} <= uap, "the places the alternative routes are named after (via Kabul–Torkham) are"
    western = key_places(atlas, ["turghundi-herat-spin-boldak"])
    assert {"serhetabat", "spin-boldak", "herat"} <= western, "both ends and the junction with Khaf-Herat"
    assert "kandahar" in western, "on its own corridor's map, a place the corridor's name spells out"
    overview = key_places(atlas, list(atlas.corridors))
    assert {"karachi-port", "port-qasim", "gwadar-port", "quetta", "chaman-spin-boldak-border"} <= overview
    assert "kandahar" not in overview, "along the line on the overview: named there from the next zoom"


def test_labels_are_placed_key_places_first_and_a_joint_name_names_both_places(atlas):
    key = key_places(atlas, list(atlas.corridors))
    order = label_order(atlas, list(atlas.places), key)
    assert set(order[: len(key)]) == key
    assert set(names_in_label(atlas, "serhetabat-torghundi-border", list(atlas.places))) == {
        "serhetabat-torghundi-border",
        "serhetabat",
        "torghundi",
    }
    assert names_in_label(atlas, "herat", list(atlas.places)) == ["herat"]
    texts = dict(label_texts(atlas, "termez-friendship-bridge", list(atlas.places)))
    assert set(texts["Termez–Hairatan"]) == {"termez-friendship-bridge", "termez", "hairatan"}, "its railheads"
    assert texts["Afghanistan–Uzbekistan Friendship Bridge"] == ["termez-friendship-bridge"]
    assert list(texts) == [
        "Termez–Hairatan",
        "Termez–\nHairatan",  # the same on two lines, where one line has no room
        "Hairatan bridge",
        "Afghanistan–Uzbekistan Friendship Bridge",
        "Afghanistan–\nUzbekistan Friendship Bridge",
    ]
    assert texts["Termez–\nHairatan"] == texts["Termez–Hairatan"]
    assert label_html("Chaman–\nSpin <Boldak>") == "Chaman–<br>Spin &lt;Boldak&gt;", "escaped, then broken"
