"""Embedding: the options an embed takes, the /embed/ route, who may frame what, and the Embed panel."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pytest
from markupsafe import escape

from corridor.maps.embed import EmbedOptions, iframe_snippet
from corridor.maps.frame import GESTURE_HANDLING_DIR, GESTURE_HINTS, without_gesture_locales
from corridor.maps.render import DEFAULT_LAYERS, MapStyle
from corridor.request.errors import BadParameter
from corridor.request.params import parse_query
from tests.popup_tables import popup_table

KEYS = ["all", "turghundi-herat-spin-boldak", "chaman-onward", "uzbekistan-afghanistan-pakistan"]


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_embed_options_default_to_the_maps_own_defaults():
    assert parse_query(EmbedOptions, {}) == EmbedOptions()
    style = MapStyle(DEFAULT_LAYERS, "natural-earth", legend=True, gestures=True, caption=True)
    assert parse_query(EmbedOptions, {}).style == style


def test_embed_options_switch_gestures_and_title_off():
    style = parse_query(EmbedOptions, {"gestures": ["0"], "title": ["off"]}).style
    assert (style.gestures, style.caption) == (False, False)


def test_embed_options_read_layers_basemap_date_and_legend():
    query = {"layers": ["places, railways"], "basemap": ["openstreetmap"], "as_of": ["2025-06-01"], "legend": ["off"]}
    expected = MapStyle(frozenset({"places", "railways"}), "openstreetmap", False, gestures=True, caption=True)
    options = parse_query(EmbedOptions, query)
    assert options.as_of == dt.date(2025, 6, 1) and options.style == expected


def test_empty_layers_leaves_only_the_corridor_lines():
    assert parse_query(EmbedOptions, {"layers": [""]}).style.layers == frozenset()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"zoom": ["5"]},
            "There is no parameter 'zoom' here; this page takes layers, basemap, as_of, legend, gestures, title.",
        ),
        (
            {"layers": ["places,rivers"]},
            "There is no layer 'rivers'; layers takes places, gauge-breaks, "
            "alternatives, context, railways, openrailwaymap",
        ),
        ({"basemap": ["satellite"]}, "There is no basemap 'satellite'; basemap takes natural-earth, openstreetmap"),
        ({"as_of": ["June"]}, "as_of must be a date written YYYY-MM-DD, e.g. 2025-06-30; got 'June'"),
        ({"legend": ["2"]}, "The legend option takes 1 or 0 (or true/false, yes/no, on/off); got '2'"),
        ({"legend": ["1", "0"]}, "Give legend once; it was given 2 times."),
        ({"gestures": ["all"]}, "The gestures option takes 1 or 0 (or true/false, yes/no, on/off); got 'all'"),
    ],
)
def test_bad_embed_options_raise_saying_what_works(query, message):
    with pytest.raises(BadParameter) as raised:
        parse_query(EmbedOptions, query)
    assert str(raised.value) == message


def test_iframe_snippet_escapes_its_url_and_title():
    snippet = iframe_snippet("https://example.org/embed/all?legend=0&as_of=2025-06-01", 'Map: "A" & <B>')
    assert snippet == (
        '<div style="position:relative;width:100%;max-width:800px;aspect-ratio:10 / 7;min-height:360px">'
        '<iframe src="https://example.org/embed/all?legend=0&amp;as_of=2025-06-01" '
        'title="Map: &#34;A&#34; &amp; &lt;B&gt;" '
        'style="position:absolute;inset:0;width:100%;height:100%;border:0" loading="lazy" allowfullscreen>'
        "</iframe></div>"
    )


@pytest.mark.parametrize("key", KEYS)
def test_embed_route_serves_the_map_document(client, key):
    response = client.get(f"/embed/{key}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<header" not in html, "no page chrome"
    table = json.dumps(popup_table(html, lambda url: client.get(url).get_data(as_text=True)))
    assert 'target=\\"_blank\\"' in table and 'target=\\"_top\\"' not in table, "links leave the host page alone"
    assert 'target=\\"_top\\"' not in html


def test_embed_legend_option_switches_the_legend_off(client):
    assert '"legend_html": null' in client.get("/embed/chaman-onward?legend=0").get_data(as_text=True)
    assert '"legend_html": null' not in client.get("/embed/chaman-onward").get_data(as_text=True)


def test_embed_carries_its_caption_and_gestures_unless_switched_off(client, atlas):
    drawn_for = atlas.index.change_dates[len(atlas.index.change_dates) // 2].isoformat()  # not redirected
    html = client.get(f"/embed/chaman-onward?as_of={drawn_for}").get_data(as_text=True)
    title = escape(atlas.corridors["chaman-onward"].name)
    assert f'<strong class="frame-title">{title}</strong>' in html
    following = atlas.index.change_dates[len(atlas.index.change_dates) // 2 + 1] - dt.timedelta(days=1)
    assert f'<span class="frame-date">As of {drawn_for}, unchanged to {following.isoformat()}</span>' in html
    assert "CorridorGestures.enable(" in html and "Use two fingers to move the map" in html
    plain = client.get("/embed/chaman-onward?gestures=0&title=0").get_data(as_text=True)
    assert "CorridorGestures.enable(" not in plain and "frame-caption" not in plain
    latest = client.get("/embed/all").get_data(as_text=True)
    assert f"Latest data (last change {atlas.index.change_dates[-1].isoformat()})" in latest


def test_an_embed_asked_for_a_date_is_headed_with_the_date_drawn_and_the_days_it_holds(client, atlas):
    """The issue's case: asked for 2024-01-01, the frame said "as of 2021-02-02" without saying why."""
    asked = dt.date(2024, 1, 1)
    drawn = max(day for day in atlas.index.change_dates if day <= asked)
    html = client.get(f"/embed/all?as_of={asked.isoformat()}", follow_redirects=True).get_data(as_text=True)
    following = min(day for day in atlas.index.change_dates if day > asked) - dt.timedelta(days=1)
    assert drawn <= asked <= following
    assert f'<span class="frame-date">As of {drawn.isoformat()}, unchanged to {following.isoformat()}</span>' in html


def test_pages_and_single_files_take_every_gesture_themselves(client):
    for url in ["/maps/overview.html", "/maps/chaman-onward.html", "/standalone/all.html"]:
        assert "CorridorGestures.enable(" not in client.get(url).get_data(as_text=True), url


def test_embed_rejects_unknown_options_with_a_clear_400(client):
    response = client.get("/embed/all?layers=rivers")
    assert response.status_code == 400
    assert "There is no layer &#39;rivers&#39;; layers takes places," in response.get_data(as_text=True)
    assert client.get("/embed/all?colour=red").status_code == 400


def test_embed_of_an_unknown_corridor_is_404_naming_the_valid_ones(client):
    response = client.get("/embed/atlantis")
    assert response.status_code == 404
    assert "use one of all, turghundi-herat-spin-boldak" in response.get_data(as_text=True)


def test_only_embeds_may_be_framed_by_other_sites(client):
    embed = client.get("/embed/all")
    assert csp_directives(embed)["frame-ancestors"] == "*" and "X-Frame-Options" not in embed.headers
    for url in ["/maps/overview.html", "/maps/chaman-onward.html"]:
        response = client.get(url)
        assert csp_directives(response)["frame-ancestors"] == "'self'", url
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN", url
    for url in ["/", "/corridors/chaman-onward", "/facts", "/sources", "/standalone/all.html"]:
        response = client.get(url)
        assert csp_directives(response)["frame-ancestors"] == "'none'", url
        assert response.headers["X-Frame-Options"] == "DENY", url


@pytest.mark.parametrize(("page", "key"), [("/", "all"), *[(f"/corridors/{k}", k) for k in KEYS[1:]]])
def test_every_map_page_has_an_embed_panel_with_snippet_and_downloads(client, page, key):
    html = client.get(page).get_data(as_text=True)
    snippet = unescape(re.search(r'<textarea id="embed-snippet"[^>]*>(.*?)</textarea>', html, re.S).group(1))
    assert f'<iframe src="http://localhost/embed/{key}" title="Map: ' in snippet
    assert "max-width:800px;aspect-ratio:10 / 7" in snippet
    assert f'href="/embed/{key}"' in html
    standalone = client.get(f"/standalone/{key}.html")
    assert f'href="/standalone/{key}.html" download="corridor-{key}-map.html"' in html
    assert standalone.headers["Content-Disposition"] == f"attachment; filename=corridor-{key}-map.html"
    assert f'href="/maps/{key}.png" download="corridor-{key}.png"' in html


def test_the_gesture_script_carries_only_the_hints_the_map_gives(client):
    vendored = (GESTURE_HANDLING_DIR / "leaflet-gesture-handling.min.js").read_text(encoding="utf-8")
    assert "Verwende Strg" in vendored, "the vendored file stays as it came"
    html = client.get("/embed/all").get_data(as_text=True)
    assert "Verwende Strg" not in html and "استخدم" not in html
    assert f"var o={{en:{json.dumps(GESTURE_HINTS)}}};L.Map.mergeOptions" in without_gesture_locales(vendored)
    with pytest.raises(ValueError, match="no table of languages"):
        without_gesture_locales(vendored.replace(";L.Map.mergeOptions", ";L.Map.other"))
