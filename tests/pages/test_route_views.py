"""The route planner page: its dict, the 400s that show the form again, the JSON twin, the map and the table."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from corridor.atlas.network import compare_routes
from corridor.pages.route_table import route_table
from corridor.pages.routes import RouteQuery, gap_text, parse_route_query, routes_page
from corridor.request.errors import BadParameter
from corridor_web import create_app
from tests.addresses import addresses_in

ROUTES_PAGE = Path(__file__).resolve().parents[2] / "docs" / "readers" / "routes.md"
EXTERNAL_OK = {
    "https://www.openrailwaymap.org/",
    "https://www.openstreetmap.org/copyright",
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "https://{s}.tiles.openrailwaymap.org/standard/{z}/{x}/{y}.png",
}


def cards(view: dict) -> dict[str, dict]:
    return {card["key"]: card for card in view["routes"]}


def test_parse_resolves_names_aliases_and_accents_to_ids(atlas):
    params = {"from": ["Turghundi"], "to": ["gwadar"], "via": ["", "Qandahar"], "allow": ["existing", "proposed"]}
    query = parse_route_query(atlas, params)
    assert query == RouteQuery("torghundi", "gwadar-port", ("kandahar",), frozenset({"existing", "proposed"}))
    assert query.as_params() == {
        "from": ["torghundi"],
        "to": ["gwadar-port"],
        "via": ["kandahar"],
        "allow": ["existing", "proposed"],
    }


def test_parse_of_an_empty_form_is_no_query(atlas):
    assert parse_route_query(atlas, {"from": [""], "to": [" "], "via": [""]}) is None


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": ["Torgundy"], "to": ["Karachi"]}, "There is no place called 'Torgundy'. Did you mean Torghundi?"),
        ({"from": ["Termez"], "to": ["Xyzzyville"]}, "Pick one from the list of places."),
        ({"from": ["Termez"]}, "Give both a start ('from') and an end ('to')"),
        ({"from": ["Termez", "Herat"], "to": ["Gwadar"]}, "Give from once; it was given 2 times."),
        (
            {"from": ["Termez"], "to": ["Gwadar"], "allow": ["built"]},
            "There is no status 'built'; allow one or more of existing, under_construction, planned, proposed.",
        ),
        ({"from": ["x" * 101], "to": ["Gwadar"]}, "at most 100 characters"),
    ],
)
def test_parse_explains_what_to_ask_instead(atlas, params, message):
    with pytest.raises(BadParameter, match=re.escape(message)):
        parse_route_query(atlas, params)


def test_termez_to_karachi_sets_the_afghan_gap_beside_the_announced_route(atlas):
    view = routes_page(atlas, {"from": ["termez"], "to": ["karachi-port"]})
    existing, announced = cards(view)["existing"], cards(view)["announced"]
    assert [s["name"] for s in view["stops"]] == ["Termez", "Karachi Port (Keamari)"]
    assert existing["label"] == "Existing track only" and existing["found"] is False
    assert [s["name"] for s in existing["missing_segments"]][-1] == "Torkham–Peshawar"
    assert existing["needs_statuses"] == [{"value": "proposed", "label": "proposed"}]
    assert announced["label"] == "Everything announced" and 2000 < announced["length_km"] < 2600
    assert [r["label"] for r in announced["km_by_country"]] == ["Pakistan", "Afghanistan", "Uzbekistan"]
    assert {r["key"] for r in announced["km_by_status"]} == {"existing", "proposed"}
    crossings = [
        (c["from_country"]["name"], c["to_country"]["name"], c["place"]["name"]) for c in announced["border_crossings"]
    ]
    assert crossings == [
        ("Uzbekistan", "Afghanistan", "Afghanistan–Uzbekistan Friendship Bridge"),
        ("Afghanistan", "Pakistan", "Torkham"),
    ]
    assert [(g["place"]["id"], g["from_gauge"], g["to_gauge"], g["certain"]) for g in announced["gauge_changes"]] == [
        ("mazar-i-sharif", "1520 mm", "undecided", False),
        ("peshawar", "undecided", "1676 mm", False),
    ]
    assert [c["id"] for c in announced["corridors"]] == ["uzbekistan-afghanistan-pakistan", "chaman-onward"]
    assert view["gap"].startswith("No path exists over existing track; the announced lines would open one of 2,")


def test_via_herat_takes_the_western_line(atlas):
    view = routes_page(atlas, {"from": ["Termez"], "to": ["Karachi Port"], "via": ["Herat"]})
    assert [s["id"] for s in view["stops"]] == ["termez", "herat", "karachi-port"]
    path = [p["id"] for p in cards(view)["announced"]["places"]]
    assert path.index("torghundi") < path.index("herat") < path.index("chaman")
    crossings = cards(view)["announced"]["border_crossings"]
    assert crossings[0]["place"] is None and crossings[0]["segment"]["id"] == "termez-karshi"


def test_an_allow_list_gives_one_card_named_after_it(atlas):
    view = routes_page(atlas, {"from": ["serhetabat"], "to": ["port-qasim"], "allow": ["planned", "existing"]})
    (card,) = view["routes"]
    assert card["key"] == "allowed" and card["label"] == "Over existing and planned track"
    assert card["allowed"] == ["existing", "planned"] and card["found"] is False
    assert view["gap"] is None
    assert [s["checked"] for s in view["form"]["statuses"]] == [True, False, True, False]


def test_gap_says_when_the_announced_lines_are_no_shorter(atlas):
    assert gap_text(compare_routes(atlas, "quetta", "karachi-port")) == (
        "The announced lines offer no shorter path than the 847 km of existing track."
    )


def test_routes_page_without_a_query_offers_the_form_and_examples(client, atlas):
    response = client.get("/routes")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form class="filters route-form" method="get" action="/routes">' in html
    assert html.count("<option value=") == len(atlas.places)
    assert '<option value="Karachi Port (Keamari)">sea port, Pakistan</option>' in html
    assert 'href="/routes?from=termez&amp;to=karachi-port"' in html
    assert 'href="/routes?from=termez&amp;to=karachi-port&amp;via=herat"' in html
    assert "<iframe" not in html


def test_routes_are_in_the_site_navigation(client):
    assert '<a href="/routes">Routes</a>' in client.get("/").get_data(as_text=True)


def test_route_page_shows_the_map_and_both_cards(client):
    html = client.get("/routes?from=Termez&to=Karachi+Port").get_data(as_text=True)
    assert '<iframe class="map" src="/maps/route.html?from=termez&amp;to=karachi-port"' in html
    assert 'id="route-existing"' in html and 'id="route-announced"' in html
    assert "Kabul–Jalalabad" in html and "depends on an undecided gauge" in html
    assert 'href="/corridors/uzbekistan-afghanistan-pakistan"' in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/routes?from=Torgundy&to=Karachi", "Did you mean Torghundi?"),
        ("/routes?from=termez&to=karachi-port&allow=bogus", "allow one or more of existing, under_construction"),
        ("/routes?to=karachi-port", "Give both a start"),
    ],
)
def test_bad_route_queries_are_400_pages_with_the_form_and_the_reason(client, url, message):
    response = client.get(url)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert '<p class="error-message" role="alert">' in html and message in html
    assert 'action="/routes"' in html and "<iframe" not in html
    twin = client.get(url.replace("/routes?", "/routes.json?"))
    assert twin.status_code == 400 and message in twin.get_json()["error"]


def test_unknown_place_keeps_what_the_reader_typed(client):
    html = client.get("/routes?from=Torgundy&to=Karachi").get_data(as_text=True)
    assert 'name="from" list="places" value="Torgundy"' in html


def test_json_twin_holds_the_page_dict(client, atlas):
    html = client.get("/routes?from=termez&to=gwadar-port").get_data(as_text=True)
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html).group(1)
    assert unescape(twin) == "/routes.json?from=termez&to=gwadar-port"
    data = client.get(unescape(twin)).get_json()
    assert data == routes_page(atlas, {"from": ["termez"], "to": ["gwadar-port"]})


def test_route_map_draws_each_route_as_bands_named_in_the_legend(client, atlas):
    html = client.get("/maps/route.html?from=quetta&to=karachi-port").get_data(as_text=True)
    route = compare_routes(atlas, "quetta", "karachi-port")["existing"]
    assert html.count('"className": "route route-existing"') == len(route.segments)
    assert html.count('"className": "route route-announced"') == len(route.segments)
    assert "Existing track only: 847 km" in html and "Everything announced: 847 km" in html
    external = addresses_in(html)
    cited = {reference.url for reference in atlas.references.values()}  # links to the sources popups cite
    assert external <= EXTERNAL_OK | cited


def test_route_map_is_rendered_once_per_query(app, client):
    client.get("/maps/route.html?from=termez&to=gwadar-port")
    maps = app.extensions["corridor"].route_map_html
    before = maps.cache_info()
    client.get("/maps/route.html?from=Termez&to=Gwadar")
    after = maps.cache_info()
    assert after.hits == before.hits + 1 and after.misses == before.misses


def test_route_maps_follow_reloaded_data(data_copy):
    app = create_app({"DATA_DIR": data_copy, "TESTING": True})
    client = app.test_client()
    client.get("/maps/route.html?from=termez&to=gwadar-port")
    app.extensions["corridor_data"].on_change(app.extensions["corridor"].atlas)  # what a reload does
    assert app.extensions["corridor"].route_map_html.cache_info().currsize == 0
    client.get("/maps/route.html?from=termez&to=gwadar-port&via=kabul")
    assert app.extensions["corridor"].route_map_html.cache_info().misses == 1


@pytest.mark.parametrize("url", ["/maps/route.html", "/maps/route.html?from=Torgundy&to=Gwadar"])
def test_route_map_without_a_valid_query_is_400(client, url):
    assert client.get(url).status_code == 400


def test_docs_route_table_is_current(atlas):
    text = ROUTES_PAGE.read_text(encoding="utf-8")
    assert route_table(atlas) in text, "run `python -m corridor_web.docs_parts` to regenerate the documentation"


def test_route_page_takes_a_town_and_says_which_station_serves_it(client):
    html = client.get("/routes?from=Chaman&to=Zhanaozen").get_data(as_text=True)
    assert '<p class="station-note">Zhanaozen is reached at Uzen (Zhanaozen) station, 8 km away.</p>' in html
    view = client.get("/routes.json?from=Chaman&to=Zhanaozen").get_json()
    announced = next(card for card in view["routes"] if card["key"] == "announced")
    assert announced["found"] and announced["places"][-1]["name"] == "Uzen (Zhanaozen) station"
