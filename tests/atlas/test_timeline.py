"""Lines over time: status_on and atlas_on, and every output at a date drawing each line's status then."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

from corridor.atlas.timeline import atlas_on, drawn_on, status_on
from corridor.display.citations import status_text
from corridor.exports.write import render_export
from corridor.maps.render import render_map_html
from corridor.pages.views import corridor_page

BEFORE = dt.date(2024, 1, 1)
TODAY = dt.date(2026, 12, 2)


def line_classes(html: str, segment_id: str) -> set[str]:
    """The status classes the map gives a segment's drawn lines."""
    return set(re.findall(rf'"className": "seg seg-{segment_id} [^"]*?(status-[a-z_]+)', html))


def test_status_on_follows_the_dated_history(atlas):
    sanobar = atlas.segments["torghundi-sanobar"]
    assert status_on(sanobar, BEFORE) == "proposed"
    assert status_on(sanobar, dt.date(2024, 9, 10)) == "proposed"
    assert status_on(sanobar, dt.date(2024, 9, 11)) == "under_construction"
    assert status_on(sanobar, None) == sanobar.properties.status == "under_construction"
    assert status_on(atlas.segments["sanobar-robat-paryan"], dt.date(2025, 7, 9)) == "proposed"
    assert status_on(atlas.segments["sanobar-robat-paryan"], dt.date(2025, 7, 10)) == "planned"


def test_a_line_is_not_drawn_before_its_history_begins(atlas):
    assert status_on(atlas.segments["aqina-andkhoy"], dt.date(2019, 1, 1)) is None
    early = atlas_on(atlas, dt.date(2019, 1, 1))
    assert "aqina-andkhoy" not in early.segments and "torghundi-sanobar" in early.segments
    assert early.segments["bolashak-uzen"].properties.status == "existing"


def test_every_status_cites_its_source(atlas):
    text = status_text(atlas, atlas.segments["torghundi-sanobar"], TODAY)
    assert text == (
        "under construction from 2024-09-11, per News Central Asia, 2024-09-11; "
        "News.Az (citing foreign media), 2025-07-14; Pajhwok Afghan News, 2025-07-31; "
        "MENAFN (syndicated news), 2026-02-02"
    )
    assert status_text(atlas, atlas.segments["torghundi-sanobar"], BEFORE).startswith("proposed, per article 000")


def test_the_map_draws_torghundi_herat_differently_in_2024_and_today(atlas):
    before = render_map_html(atlas, "turghundi-herat-spin-boldak", as_of=BEFORE)
    today = render_map_html(atlas, "turghundi-herat-spin-boldak", as_of=TODAY)
    assert line_classes(before, "torghundi-sanobar") == {"status-proposed"}
    assert line_classes(today, "torghundi-sanobar") == {"status-under_construction"}
    assert line_classes(before, "sanobar-robat-paryan") == {"status-proposed"}
    assert line_classes(today, "sanobar-robat-paryan") == {"status-planned"}


def test_the_site_draws_and_tables_the_lines_as_of_a_date(client):
    before = client.get("/maps/turghundi-herat-spin-boldak.html?as_of=2024-01-01", follow_redirects=True)
    today = client.get("/maps/turghundi-herat-spin-boldak.html?as_of=2026-12-02", follow_redirects=True)
    before, today = before.get_data(as_text=True), today.get_data(as_text=True)
    assert line_classes(before, "torghundi-sanobar") != line_classes(today, "torghundi-sanobar")
    page = client.get("/corridors/turghundi-herat-spin-boldak.json?as_of=2024-01-01").get_json()
    rows = {row["id"]: row for row in page["segments"]}
    assert rows["torghundi-sanobar"]["status"] == "proposed"
    assert rows["torghundi-sanobar"]["status_source"].startswith("proposed, per article 000")
    png_before = client.get(
        "/maps/turghundi-herat-spin-boldak.png?as_of=2024-01-01&width=400&height=300", follow_redirects=True
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
