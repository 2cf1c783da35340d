"""Published lengths beside drawn ones: per segment, and per route end to end (terminus to terminus along one
alternative) on the corridor page and its JSON, the brief, the JSON API and the exports."""

from __future__ import annotations

from html import unescape

from corridor.atlas.network import corridor_path_km
from corridor.display.citations import published_route_rows, published_text
from corridor.exports.layers import corridor_layer, select
from corridor.pages.brief import brief_html
from corridor.pages.views import corridor_page

UAP = "uzbekistan-afghanistan-pakistan"


def test_a_route_is_measured_between_its_own_termini_not_over_every_branch(atlas):
    kharlachi = corridor_path_km(atlas, UAP, ["termez", "maidan-shahr", "kharlachi"])
    summary = atlas.index.summary(UAP)
    assert kharlachi is not None and kharlachi < summary.km_by_variant["via Logar–Kharlachi"]  # not on to Kohat
    torkham = corridor_path_km(atlas, UAP, ["mazar-i-sharif", "kabul", "peshawar"])
    assert torkham is not None and torkham < summary.length_km
    assert corridor_path_km(atlas, UAP, ["termez", "karachi"]) is None  # not on the corridor's lines


def test_every_published_route_sits_beside_its_drawn_length_with_its_source(atlas):
    rows = published_route_rows(atlas, UAP)
    by_name = {row["name"]: row for row in rows}
    tass = by_name["Termez–Naibabad–Maidan Shahr–Logar–Kharlachi"]
    assert tass["published_text"] == "647 km" and tass["source"] == "per TASS, 2025-07-21"
    assert tass["drawn_km"] == round(corridor_path_km(atlas, UAP, ["termez", "maidan-shahr", "kharlachi"]), 1)
    assert by_name["Termez–Kharlachi, as Kabul 24 gives it"]["published_text"] == "573–647 km"
    # disagreeing figures for the same drawn path are all kept
    assert {r["published_km"] for r in rows if r["from_place"] == "mazar-i-sharif" and r["to_place"] == "peshawar"} == {
        573,
        600,
    }
    assert all(row["cites"] and row["note"] for row in rows)
    route = atlas.corridors[UAP].published_routes[0]
    assert published_text(route.model_copy(update={"km": 737.5})) == "737.5 km"


def test_the_corridor_page_and_its_json_show_published_and_drawn_lengths(atlas, client):
    view = corridor_page(atlas, UAP)
    assert view["corridor"]["published_routes"] == published_route_rows(atlas, UAP)
    html = unescape(client.get(f"/corridors/{UAP}").get_data(as_text=True))
    assert "Published lengths beside drawn ones" in html
    table = html[html.index('<table class="published-lengths">') :]
    table = table[: table.index("</table>")]
    for row in view["corridor"]["published_routes"]:
        assert row["published_text"] in table and row["drawn_text"] in table and row["name"] in table
    assert 'href="https://tass.com/economy/1992107"' in table
    data = client.get(f"/corridors/{UAP}.json").get_json()
    assert data["corridor"]["published_routes"][0]["published_km"] == 647


def test_the_brief_sets_published_beside_drawn(atlas):
    html = unescape(brief_html(atlas, UAP, b"\x89PNG"))
    assert "<h2>Published beside drawn, end to end</h2>" in html
    assert "647 km published" in html and "per TASS, 2025-07-21" in html


def test_exports_and_the_api_carry_published_routes_as_text(atlas, client):
    rows = {row["id"]: row for row in corridor_layer(select(atlas, "all")).rows}
    text = rows[UAP]["published_routes"]
    assert text.startswith(
        "Termez–Naibabad–Maidan Shahr–Logar–Kharlachi: published 647 km, per TASS, 2025-07-21; drawn "
    )
    western = rows["turghundi-herat-spin-boldak"]["published_routes"]
    assert western.startswith("Torghundi–Herat (stages 1–3): published 115 km")
    chaman = "Chaman–Herat–Uzen (to Kazakhstan)"
    assert rows["chaman-onward"]["published_routes"].startswith(f"{chaman}: none published; drawn 2,146 km")
    record = client.get(f"/api/corridors/{UAP}").get_json()
    assert record["published_routes"] == text
    assert record["reviewed_on"] == atlas.corridors[UAP].reviewed_on.isoformat()


def test_segments_record_the_published_lengths_of_the_long_schematic_lines(atlas):
    herat_kandahar = atlas.segments["herat-kandahar"].properties
    assert herat_kandahar.published_length_km == 737.5 and herat_kandahar.published_length_cites
    assert "schematic" in herat_kandahar.published_length_note
    assert round(atlas.index.segment_km["herat-kandahar"]) == 447
    kerki = atlas.segments["turkmenabat-kerki"].properties
    assert kerki.alignment == "schematic" and "no source for their positions" in kerki.geometry_note
    assert atlas.segments["kandahar-spin-boldak"].properties.published_length_km == 96


def test_the_drawn_total_says_it_adds_every_branch(client, atlas):
    html = unescape(client.get("/corridors/chaman-onward").get_data(as_text=True))
    assert "every branch and alternative added: not an end-to-end length" in html
    assert "drawn, all lines (every branch added)" in unescape(brief_html(atlas, "chaman-onward", b"\x89PNG"))


def test_a_route_no_source_measures_is_still_given_end_to_end(atlas, client):
    """Chaman onward has no published end-to-end length: its routes from Chaman and from the two ports to
    Kazakhstan are listed with "none published" beside their drawn length (terminus to terminus, one path),
    never the total of every branch."""
    rows = {row["to_place"] + "<" + row["from_place"]: row for row in published_route_rows(atlas, "chaman-onward")}
    assert set(rows) == {"uzen<chaman", "uzen<karachi-port", "uzen<gwadar-port"}
    for row in rows.values():
        assert row["published_km"] is None and row["published_text"] == "none published" and row["cites"] == []
        assert "schematic" in row["difference_note"] and "No source read publishes" in row["note"]
    chaman = rows["uzen<chaman"]
    assert chaman["drawn_km"] == round(corridor_path_km(atlas, "chaman-onward", ["chaman", "uzen"]), 1)
    assert chaman["drawn_km"] < atlas.index.summary("chaman-onward").length_km / 1.5  # one path, not all lines
    html = unescape(client.get("/corridors/chaman-onward").get_data(as_text=True))
    table = html[html.index('<table class="published-lengths">') :]
    assert "none published" in table[: table.index("</table>")] and chaman["drawn_text"] in table
    brief = unescape(brief_html(atlas, "chaman-onward", b"\x89PNG"))
    assert f"none published</td><td class='num'>{chaman['drawn_text']} drawn" in brief
    assert "none published published" not in brief
