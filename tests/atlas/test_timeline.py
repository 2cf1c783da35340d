"""Lines over time: status_on and atlas_on, and every output at a date drawing each line's status then."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from html import unescape

from corridor.atlas.timeline import (
    atlas_on,
    cited_dates,
    crossing_held,
    crossing_on,
    drawn_on,
    first_reported,
    never_dated,
    status_held,
    status_history,
    status_on,
)
from corridor.display.captions import drawn_for
from corridor.display.citations import history_text, status_text
from corridor.exports.write import render_export
from corridor.maps.render import render_map_html
from corridor.pages.views import corridor_page
from tests.popup_tables import popup_table

BEFORE = dt.date(2024, 8, 15)
"""After the Torghundi–Herat talks first reported Torghundi–Sanobar (2024-08-01), before its work began (2024-09-11)."""
TODAY = dt.date(2026, 12, 2)


def line_classes(html: str, segment_id: str) -> set[str]:
    """The status classes the map gives a segment's drawn lines."""
    return set(re.findall(rf'"className": "seg seg-{segment_id} [^"]*?(status-[a-z_]+)', html))


def test_status_on_follows_the_dated_history(atlas):
    sanobar = atlas.segments["torghundi-sanobar"]
    assert status_on(atlas, sanobar, BEFORE) == "proposed"
    assert status_on(atlas, sanobar, dt.date(2024, 7, 31)) is None
    assert status_on(atlas, sanobar, dt.date(2024, 9, 10)) == "proposed"
    assert status_on(atlas, sanobar, dt.date(2024, 9, 11)) == "under_construction"
    assert status_on(atlas, sanobar, None) == sanobar.properties.status == "under_construction"
    # its proposed first step cites only an undated page: the line is drawn from the memorandum of 2025-07-10
    assert status_on(atlas, atlas.segments["sanobar-robat-paryan"], dt.date(2025, 7, 9)) is None
    assert status_on(atlas, atlas.segments["sanobar-robat-paryan"], dt.date(2025, 7, 10)) == "planned"


def test_a_line_is_not_drawn_before_its_history_begins(atlas):
    assert status_on(atlas, atlas.segments["aqina-andkhoy"], dt.date(2019, 1, 1)) is None
    early = atlas_on(atlas, dt.date(2019, 1, 1))
    assert "aqina-andkhoy" not in early.segments and "torghundi-sanobar" not in early.segments
    assert early.segments["bolashak-uzen"].properties.status == "existing"


def test_the_logar_kharlachi_route_is_not_drawn_before_it_was_agreed(atlas):
    """The issue's case: an undated first step used to count as "always"."""
    logar = atlas.segments["logar-kharlachi"]
    assert status_on(atlas, logar, dt.date(2019, 1, 1)) is None
    assert "logar-kharlachi" not in atlas_on(atlas, dt.date(2019, 1, 1)).segments
    # its first dated step is the framework agreement of 2025-07-17; the undated step is first reported after it
    assert status_on(atlas, logar, dt.date(2025, 7, 16)) is None
    assert status_on(atlas, logar, dt.date(2025, 7, 17)) == "proposed"
    first = status_history(atlas, logar)[0]
    assert (first.since, first.reported, first.in_force) == (dt.date(2025, 7, 21), True, False)


def test_an_undated_first_step_starts_on_its_earliest_dated_source(atlas):
    quetta = atlas.segments["quetta-chaman"]
    dates = cited_dates(atlas)
    assert first_reported(quetta.properties.status_history[0].cites, dates) == dt.date(2021, 7, 14)
    assert status_on(atlas, quetta, dt.date(2021, 7, 13)) is None
    held = status_held(atlas, quetta, dt.date(2021, 7, 14))
    assert held is not None and (held.since, held.reported) == (dt.date(2021, 7, 14), True)
    assert status_text(atlas, quetta, None).startswith("existing, first reported 2021-07-14, per ")
    # a cited claim dates the step by its article's publication date
    claim = next(f for f in atlas.facts.values() if atlas.source_for_seed(f.seed).date is not None)
    assert first_reported([claim.id, "no-such-id"], dates) == atlas.source_for_seed(claim.seed).date
    assert first_reported(["natural-earth-railroads"], dates) is None


def test_a_line_no_source_dates_is_drawn_today_and_on_no_date(atlas):
    line = atlas.segments["karshi-kagan"]
    assert status_on(atlas, line, None) == "existing"
    assert status_text(atlas, line, None).startswith("existing, no source dates it, per ")
    assert all(status_on(atlas, line, day) is None for day in atlas.index.change_dates)
    assert "always" not in history_text(atlas, line)


def test_a_dated_news_report_of_trains_running_dates_an_existing_line(atlas):
    ml1 = atlas.segments["hyderabad-rohri"]
    assert status_text(atlas, ml1, None).startswith("existing, first reported 2018-12-23, per ")
    assert status_on(atlas, ml1, dt.date(2018, 12, 22)) is None
    assert status_on(atlas, ml1, dt.date(2026, 3, 1)) == "existing"


def test_the_first_report_of_a_line_is_a_change_date_and_derived_once(atlas):
    assert dt.date(2021, 7, 14) in atlas.index.change_dates  # Quetta–Chaman first reported
    assert dt.date(2025, 7, 21) in atlas.index.change_dates  # an article date; the Logar step is never in force
    assert status_history(atlas, atlas.segments["quetta-chaman"]) is atlas.index.status_histories["quetta-chaman"]
    assert atlas_on(atlas, dt.date(2022, 1, 1)).index.status_histories is atlas.index.status_histories


def test_crossing_states_follow_the_same_rule(atlas):
    bridge = atlas.places["termez-friendship-bridge"]
    # its undated "open" holds from its first report (Railway Gazette, 2012-02-03), never before it
    assert crossing_on(atlas, bridge, dt.date(2012, 2, 2)) is None
    first = crossing_held(atlas, bridge, None)
    assert first is not None and (first.step.state, first.since, first.reported) == ("open", dt.date(2012, 2, 3), True)
    torkham = atlas.places["torkham"]
    held = crossing_held(atlas, torkham, dt.date(2025, 10, 30))
    assert held is not None and (held.step.state, held.since, held.reported) == ("closed", dt.date(2025, 10, 12), False)
    assert crossing_on(atlas, torkham, dt.date(2025, 10, 11)).step.state == "open"  # reopened 2025-03-19
    # the undated first state ("open") holds from its first report (2021-08-19), never before it
    first = crossing_held(atlas, torkham, dt.date(2021, 8, 19))
    assert first is not None and (first.step.state, first.since, first.reported) == ("open", dt.date(2021, 8, 19), True)
    assert crossing_on(atlas, torkham, dt.date(2021, 8, 18)) is None


def test_every_status_cites_its_source(atlas):
    text = status_text(atlas, atlas.segments["torghundi-sanobar"], TODAY)
    assert text == (
        "under construction from 2024-09-11, per News Central Asia, 2024-09-11; "
        "News.Az (citing foreign media), 2025-07-14; Pajhwok Afghan News, 2025-07-31; "
        "MENAFN (syndicated news), 2026-02-02"
    )
    assert status_text(atlas, atlas.segments["torghundi-sanobar"], BEFORE).startswith(
        "proposed, first reported 2024-08-01, per article 000"
    )


def test_the_map_draws_torghundi_herat_differently_in_2024_and_today(atlas):
    before = render_map_html(atlas, "turghundi-herat-spin-boldak", as_of=BEFORE)
    today = render_map_html(atlas, "turghundi-herat-spin-boldak", as_of=TODAY)
    assert line_classes(before, "torghundi-sanobar") == {"status-proposed"}
    assert line_classes(today, "torghundi-sanobar") == {"status-under_construction"}
    assert line_classes(before, "sanobar-robat-paryan") == set()
    assert line_classes(today, "sanobar-robat-paryan") == {"status-planned"}


def test_the_site_draws_and_tables_the_lines_as_of_a_date(client):
    before = client.get("/maps/turghundi-herat-spin-boldak.html?as_of=2024-08-15", follow_redirects=True)
    today = client.get("/maps/turghundi-herat-spin-boldak.html?as_of=2026-12-02", follow_redirects=True)
    before, today = before.get_data(as_text=True), today.get_data(as_text=True)
    assert line_classes(before, "torghundi-sanobar") != line_classes(today, "torghundi-sanobar")
    page = client.get("/corridors/turghundi-herat-spin-boldak.json?as_of=2024-08-15").get_json()
    rows = {row["id"]: row for row in page["segments"]}
    assert rows["torghundi-sanobar"]["status"] == "proposed"
    assert rows["torghundi-sanobar"]["status_source"].startswith("proposed, first reported 2024-08-01, per article 000")
    png_before = client.get(
        "/maps/turghundi-herat-spin-boldak.png?as_of=2024-08-15&width=400&height=300", follow_redirects=True
    )
    png_today = client.get("/maps/turghundi-herat-spin-boldak.png?width=400&height=300")
    assert png_before.status_code == png_today.status_code == 200
    assert png_before.data != png_today.data


def test_corridor_page_and_exports_at_a_date(atlas):
    rows = {row["id"]: row for row in corridor_page(atlas, "turghundi-herat-spin-boldak", BEFORE)["segments"]}
    assert rows["torghundi-sanobar"]["status"] == "proposed"
    exported = json.load(io.BytesIO(render_export(atlas, "geojson", "turghundi-herat-spin-boldak", BEFORE)))
    statuses = {
        f["id"]: f["properties"]["status"] for f in exported["features"] if f["properties"]["layer"] == "segments"
    }
    assert statuses["torghundi-sanobar"] == "proposed"
    current = json.load(io.BytesIO(render_export(atlas, "geojson", "turghundi-herat-spin-boldak")))
    sources = {f["id"]: f["properties"] for f in current["features"] if f["properties"]["layer"] == "segments"}
    assert sources["torghundi-sanobar"]["status"] == "under_construction"
    assert "News Central Asia, 2024-09-11" in sources["torghundi-sanobar"]["status_history"]
    assert sources["serhetabat-torghundi"]["gauge_source"].startswith("per News.Az")


def test_every_date_between_two_changes_shares_one_atlas_at_the_date_drawn(atlas):
    changes = atlas.index.change_dates
    first, second = changes[-3], changes[-2]
    between = [first + dt.timedelta(days=d) for d in range((second - first).days)]
    assert len(between) > 1
    drawn = {id(atlas_on(atlas, day)) for day in between}
    assert len(drawn) == 1
    assert drawn_on(atlas, between[-1]) == first
    assert atlas_on(atlas, between[-1]) is atlas_on(atlas, first)


def test_the_atlas_at_a_date_shares_the_loaded_index_and_snaps_against_it(atlas):
    dated = atlas_on(atlas, dt.date(2019, 1, 1))
    assert dated.as_loaded is atlas and atlas.as_loaded is atlas
    assert dated.index is not atlas.index
    assert dated.index.change_dates is atlas.index.change_dates
    assert dated.index.segment_km is atlas.index.segment_km
    assert set(dated.segments) < set(atlas.segments)
    assert {p for places in dated.index.corridor_places.values() for p in places} <= {
        p for s in dated.segments.values() for p in (s.properties.from_place, s.properties.to_place)
    }
    # asking the dated atlas for another date starts from the loaded one, not from the lines left at BEFORE
    assert atlas_on(dated, TODAY) is atlas_on(atlas, TODAY)
    assert atlas_on(dated, None) is atlas
    assert drawn_on(dated, TODAY) == drawn_on(atlas, TODAY) == atlas.index.change_dates[-1]


def test_a_first_report_is_marked_on_every_surface_that_shows_status(atlas, client):
    """Quetta–Chaman's undated first step, dated by its earliest source: popup, page JSON, KML, exports, API,
    brief all say "first reported 2021-07-14", none says "always"."""

    from corridor.pages.brief import brief_html

    mark = "existing, first reported 2021-07-14"
    page = client.get("/corridors/chaman-onward.json").get_json()
    row = next(r for r in page["segments"] if r["id"] == "quetta-chaman")
    assert row["status_source"].startswith(mark)
    assert (row["status_history"][0]["since"], row["status_history"][0]["since_basis"]) == (
        "2021-07-14",
        "first_reported",
    )
    assert row["status_history"][0]["since_text"] == "first reported 2021-07-14"

    def get_text(url: str) -> str:
        return client.get(url).get_data(as_text=True)

    surfaces = {
        "map": json.dumps(popup_table(client.get("/maps/chaman-onward.html").get_data(as_text=True), get_text)),
        "kml": client.get("/export/chaman-onward.kml").get_data(as_text=True),
        "geojson": client.get("/export/chaman-onward.geojson").get_data(as_text=True),
        "api": client.get("/api/segments/quetta-chaman").get_data(as_text=True),
    }
    for name, text in surfaces.items():
        assert mark in unescape(text), name
        assert "always" not in unescape(text).lower().replace("always shown", ""), name
    # the brief shows no line's status text, but its crossings' states follow the same rule
    brief = unescape(brief_html(atlas, "uzbekistan-afghanistan-pakistan", b"\x89PNG"))
    assert "Afghanistan–Uzbekistan Friendship Bridge</strong>: open, first reported 2012-02-03" in brief


def test_an_export_at_2019_leaves_out_the_logar_kharlachi_route(client):
    url = "/export/uzbekistan-afghanistan-pakistan.geojson?as_of=2019-01-01"
    exported = client.get(url, follow_redirects=True).get_json()
    ids = {f["id"] for f in exported["features"] if f["properties"].get("layer") == "segments"}
    assert "logar-kharlachi" not in ids
    assert "termez-hairatan" in ids  # first reported 2012-02-03, with the first train to Naibabad
    assert "hairatan-mazar-i-sharif" in ids  # first train 2012-02-03


def test_a_map_at_a_date_says_how_many_lines_no_source_dates(atlas, client):
    undated = never_dated(atlas)
    assert "karshi-kagan" in undated and "quetta-chaman" not in undated
    assert "turkmenabat-kerki" not in undated  # opened 1999-09-29
    assert "hyderabad-rohri" not in undated  # first reported 2018-12-23
    at_date = client.get("/maps/overview.html?as_of=2026-03-01", follow_redirects=True).get_data(as_text=True)
    word = "line" if len(undated) == 1 else "lines"
    assert f"Not drawn: {len(undated)} {word} that no source dates (today" in at_date  # in the legend's JSON
    assert "Not drawn:" not in client.get("/maps/overview.html").get_data(as_text=True)


def test_the_date_drawn_is_stated_plainly(atlas):
    dates = atlas.index.change_dates
    assert drawn_for(atlas, None) == f"latest data (last change {dates[-1].isoformat()})"
    assert drawn_for(atlas, dates[-1]) == f"as of {dates[-1].isoformat()} (the latest change)"
    asked = dt.date(2024, 1, 1)
    drawn = drawn_on(atlas, asked)
    assert drawn_for(atlas, asked) == f"as of 2024-01-01: drawn at the last change on or before it, {drawn.isoformat()}"
    following = dates[dates.index(drawn) + 1] - dt.timedelta(days=1)
    assert drawn_for(atlas, drawn) == f"as of {drawn.isoformat()}, unchanged to {following.isoformat()}"
