"""Review dates and border-crossing states on every surface: corridor page, brief, popups, exports, the route
planner (page, JSON and `corridor route`) and its "as open on a date" parameter."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from corridor.atlas.network import atlas_open_on, shut_crossings
from corridor.atlas.timeline import crossing_on
from corridor.display.citations import crossing_state_text, crossing_text
from corridor.display.links import Links
from corridor.exports.layers import corridor_layer, place_layer, select
from corridor.maps.popups import place_popup
from corridor.pages.brief import brief_html
from corridor.pages.routes import (
    RESTRICTED_RULE,
    RouteQuery,
    not_open_text,
    parse_route_query,
    plan_routes,
    routes_page,
)
from corridor.pages.views import corridor_page
from corridor.request.errors import BadParameter

CLOSED_ON = dt.date(2025, 10, 12)
BEFORE = dt.date(2025, 6, 1)
AFTER = dt.date(2025, 11, 1)


def test_a_later_report_of_the_same_state_keeps_the_date_it_began(atlas):
    torkham = atlas.places["torkham"]
    states = [s.state for s in torkham.properties.crossing_history]
    assert states[-9:] == ["open", "closed", "closed"] + ["restricted"] * 6
    assert crossing_state_text(atlas, torkham, dt.date(2025, 10, 30)) == "closed since 2025-10-12"
    assert crossing_state_text(atlas, torkham) == "restricted since 2025-11-01"
    assert crossing_state_text(atlas, torkham, BEFORE) == "open since 2025-03-19"  # reopened after 27 days
    # the first state ("open") is first reported on 2021-08-19: on no date before it is a state known
    assert crossing_state_text(atlas, torkham, dt.date(2021, 8, 18)) is None
    herat = atlas.places["herat"]
    assert crossing_on(atlas, herat, None) is None and crossing_state_text(atlas, herat) is None
    # the sources of every report of the closure are named
    closed = crossing_text(atlas, torkham, dt.date(2025, 10, 30))
    assert "Jago News 24, 2025-10-12" in closed and "Dawn, 2025-10-25" in closed


def test_the_corridor_page_shows_its_review_date_what_is_missing_and_its_crossings(atlas, client):
    corridor = atlas.corridors["uzbekistan-afghanistan-pakistan"]
    row = corridor_page(atlas, corridor.id)["corridor"]
    assert row["reviewed_on"] == corridor.reviewed_on.isoformat()
    assert row["known_missing"] == list(corridor.known_missing) and row["known_missing"]
    states = {x["id"]: x["state_text"] for x in row["crossings"]}
    assert states["torkham"].startswith("restricted since 2025-11-01, per Dawn, 2025-11-01")
    assert states["kharlachi"].startswith("closed since 2025-10-12, per ")
    assert states["termez-friendship-bridge"].startswith("open")
    earlier = {x["id"]: x["state"] for x in corridor_page(atlas, corridor.id, BEFORE)["corridor"]["crossings"]}
    assert earlier["torkham"] == "open"
    html = unescape(client.get(f"/corridors/{corridor.id}").get_data(as_text=True))
    assert f'<time datetime="{corridor.reviewed_on.isoformat()}">' in html
    assert all(item in html for item in corridor.known_missing)
    assert "closed since 2025-10-12, per Jago News 24, 2025-10-12" in html  # Kharlachi


def test_every_corridor_page_and_its_json_twin_carry_the_review_date(atlas, client):
    for corridor in atlas.corridors.values():
        data = client.get(f"/corridors/{corridor.id}.json").get_json()
        assert data["corridor"]["reviewed_on"] == corridor.reviewed_on.isoformat()
        assert "Data reviewed on" in client.get(f"/corridors/{corridor.id}").get_data(as_text=True)


def test_the_brief_shows_the_review_date_what_is_missing_and_the_crossings(atlas):
    corridor = atlas.corridors["uzbekistan-afghanistan-pakistan"]
    html = unescape(brief_html(atlas, corridor.id, b"\x89PNG"))
    assert f"Data reviewed on {corridor.reviewed_on.isoformat()}." in html
    assert corridor.known_missing[0] in html
    assert "<h2>Border crossings</h2>" in html
    assert "Torkham</strong>: restricted since 2025-11-01" in html
    assert "Kharlachi border crossing</strong>: closed since 2025-10-12" in html


def test_a_crossing_popup_shows_its_state_on_the_map_date(atlas):
    torkham = atlas.places["torkham"]
    now = unescape(str(place_popup(atlas, torkham, [], Links(), dt.date(2025, 10, 30))))
    assert "<th>crossing</th><td>closed since 2025-10-12, per " in now
    assert 'href="https://www.jagonews24.com/en/international/news/86307"' in now
    before = unescape(str(place_popup(atlas, torkham, [], Links(), BEFORE)))
    assert "<th>crossing</th><td>open since 2025-03-19, per " in before
    today = unescape(str(place_popup(atlas, atlas.places["termez-friendship-bridge"], [], Links())))
    assert "<th>crossing</th><td>open, first reported 2012-02-03, per " in today
    assert "<th>crossing</th>" not in str(place_popup(atlas, atlas.places["herat"], [], Links()))


def test_exports_carry_crossing_states_and_review_dates(atlas):
    selection = select(atlas, "all")
    places = {row["id"]: row for row in place_layer(selection).rows}
    assert places["torkham"]["crossing_state"].startswith("restricted since 2025-11-01, per ")
    assert places["torkham"]["crossing_history"].startswith("open, first reported 2021-08-19, per Daily Outcome")
    assert places["herat"]["crossing_state"] is None and places["herat"]["crossing_history"] is None
    dated = {row["id"]: row["reviewed_on"] for row in corridor_layer(selection).rows}
    assert dated == {c.id: c.reviewed_on for c in atlas.corridors.values()}
    missing = {row["id"]: row["known_missing"] for row in corridor_layer(selection).rows}
    assert missing == {c.id: list(c.known_missing) for c in atlas.corridors.values()}
    earlier = {row["id"]: row for row in place_layer(select(atlas, "all", BEFORE)).rows}
    assert earlier["torkham"]["crossing_state"].startswith("open since 2025-03-19, per ")


def test_the_network_as_open_on_a_date_leaves_out_lines_through_crossings_not_open(atlas):
    assert shut_crossings(atlas, BEFORE) == {}
    assert shut_crossings(atlas, CLOSED_ON) == {
        "torkham": "closed",
        "kharlachi": "closed",
        "chaman-spin-boldak-border": "closed",
    }
    assert shut_crossings(atlas, AFTER) == {
        "torkham": "restricted",
        "kharlachi": "closed",
        "chaman-spin-boldak-border": "restricted",
    }
    open_after = atlas_open_on(atlas, AFTER)
    gone = set(atlas.segments) - set(open_after.segments)
    assert gone == {"jalalabad-torkham", "torkham-peshawar", "logar-kharlachi", "kharlachi-kohat", "chaman-spin-boldak"}
    assert set(atlas_open_on(atlas, BEFORE).segments) == set(atlas.segments)


def test_a_route_asked_as_open_on_a_date_is_cut_where_a_crossing_is_not_open(atlas):
    query = parse_route_query(atlas, {"from": ["termez"], "to": ["peshawar"], "open_on": ["2025-11-01"]})
    assert query == RouteQuery("termez", "peshawar", open_on=AFTER)
    assert query.as_params()["open_on"] == ["2025-11-01"]
    results = plan_routes(atlas, query)
    assert results["announced"].reason == (
        "no path with the border crossings as they were; not open on 2025-11-01: Chaman–Spin Boldak border "
        "crossing (Friendship Gate) (restricted since 2025-10-20), Kharlachi border crossing (closed since "
        "2025-10-12), Torkham (restricted since 2025-11-01); " + RESTRICTED_RULE
    )
    # a path missing anyway keeps its own explanation, the crossings named after it
    assert results["existing"].missing_segments
    assert results["existing"].reason.endswith("Torkham (restricted since 2025-11-01); " + RESTRICTED_RULE)
    before = plan_routes(atlas, RouteQuery("termez", "peshawar", open_on=BEFORE))["announced"]
    assert before.place_ids[-2:] == ["torkham", "peshawar"]
    inside = plan_routes(atlas, RouteQuery("termez", "herat", open_on=AFTER))["announced"]
    assert inside.place_ids[-1] == "herat"  # routes that cross no shut crossing are planned as usual


def test_route_cards_say_the_track_and_the_crossing_state(atlas):
    view = routes_page(atlas, {"from": ["termez"], "to": ["peshawar"]})
    announced = next(card for card in view["routes"] if card["key"] == "announced")
    torkham = next(c for c in announced["border_crossings"] if c["place"] and c["place"]["id"] == "torkham")
    assert torkham["summary"] == "proposed track, crossing restricted since 2025-11-01"
    assert torkham["state"].startswith("restricted since 2025-11-01, per ")
    on_date = routes_page(atlas, {"from": ["termez"], "to": ["peshawar"], "open_on": ["2025-06-01"]})
    announced = next(card for card in on_date["routes"] if card["key"] == "announced")
    torkham = next(c for c in announced["border_crossings"] if c["place"] and c["place"]["id"] == "torkham")
    assert torkham["summary"] == "proposed track, crossing open since 2025-03-19"
    assert on_date["open_on"] == "2025-06-01"


@pytest.mark.parametrize("bad", ["2025-13-01", "yesterday", "01/11/2025"])
def test_a_bad_open_on_date_is_refused_by_the_one_parser(atlas, client, bad):
    with pytest.raises(BadParameter, match="open_on must be a date written YYYY-MM-DD"):
        parse_route_query(atlas, {"from": ["termez"], "to": ["peshawar"], "open_on": [bad]})
    response = client.get("/routes", query_string={"from": "termez", "to": "peshawar", "open_on": bad})
    assert response.status_code == 400
    assert "open_on must be a date written YYYY-MM-DD" in unescape(response.get_data(as_text=True))


def test_the_routes_page_keeps_the_date_and_says_what_it_means(client):
    html = unescape(
        client.get("/routes", query_string={"from": "termez", "to": "peshawar", "open_on": "2025-11-01"}).get_data(
            as_text=True
        )
    )
    assert re.search(r'name="open_on" value="2025-11-01"', html)
    assert "Over the network as open on 2025-11-01" in html
    assert "not open then: Chaman–Spin Boldak border crossing (Friendship Gate) (restricted since 2025-10-20)" in html
    assert f"Torkham (restricted since 2025-11-01); {RESTRICTED_RULE}." in html
    assert "No path with the border crossings as they were; not open on 2025-11-01: Chaman–Spin Boldak" in html


def test_corridor_route_prints_crossing_states_and_takes_open_on(runner):
    from corridor_web.cli import main

    now = runner.invoke(main, ["route", "termez", "peshawar"])
    assert now.exit_code == 0, now.output
    assert "at Torkham (proposed track, crossing restricted since 2025-11-01)" in now.output
    later = runner.invoke(main, ["route", "termez", "peshawar", "--open-on", "2025-11-01"])
    assert later.exit_code == 0, later.output
    assert (
        "Crossings not open on 2025-11-01: Chaman–Spin Boldak border crossing (Friendship Gate) (restricted since "
        "2025-10-20)" in later.output
    )
    assert f"Torkham (restricted since 2025-11-01); {RESTRICTED_RULE}; lines through them left out" in later.output
    assert "Everything announced: no path with the border crossings as they were" in later.output
    bad = runner.invoke(main, ["route", "termez", "peshawar", "--open-on", "2025-11-31"])
    assert bad.exit_code == 2 and "--open-on must be a date written YYYY-MM-DD" in bad.output


def test_a_claim_time_has_overtaken_keeps_its_quote_and_says_what_happened_since(atlas, client):
    fact = atlas.facts["no-country-recognises-taliban"]
    assert fact.quote.startswith("Although no country has officially recognized the Taliban")
    assert fact.statement.startswith("When the undated article was written, no country had")
    html = unescape(client.get("/facts", query_string={"topic": "afghanistan"}).get_data(as_text=True))
    assert (
        "<strong>Since then:</strong> Overtaken: Russia formally recognised the Taliban government on 3 July 2025"
        in html
    )
    assert f'href="{atlas.references[fact.context_cites[0]].url}"' in html
    home = unescape(client.get("/").get_data(as_text=True))  # the topic sections' cards say it too
    assert "Since then:" in home


def test_the_map_draws_each_crossing_popup_at_the_map_date(atlas):
    from corridor.maps.render import render_map_html

    earlier = render_map_html(atlas, "uzbekistan-afghanistan-pakistan", as_of=dt.date(2025, 10, 30))
    assert "closed since 2025-10-12, per " in earlier
    now = render_map_html(atlas, "uzbekistan-afghanistan-pakistan")
    assert "restricted since 2025-11-01, per " in now  # Torkham
    assert "closed since 2025-10-12, per " in now  # Kharlachi


def test_the_rule_for_restricted_crossings_is_said_only_when_one_is_left_out(atlas):
    """On 2025-10-12 every shut crossing was closed: nothing to explain; from 2025-11-01 Torkham and Chaman were
    restricted (returning refugees only), and the answer says that such a crossing counts as not open to trains."""
    closed = not_open_text(atlas, CLOSED_ON)
    assert closed.startswith("not open on 2025-10-12: ") and "closed since 2025-10-12" in closed
    assert "restricted" not in closed
    restricted = not_open_text(atlas, AFTER)
    assert restricted.endswith("Torkham (restricted since 2025-11-01); " + RESTRICTED_RULE)
    view = routes_page(atlas, {"from": ["termez"], "to": ["peshawar"], "open_on": ["2025-10-12"]})
    assert view["restricted_rule"] is None
    view = routes_page(atlas, {"from": ["termez"], "to": ["peshawar"], "open_on": ["2025-11-01"]})
    assert view["restricted_rule"] == RESTRICTED_RULE
