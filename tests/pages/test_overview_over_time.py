"""The overview's change over time is visible: the maps of 2019, 2025-08 and 2026-03 draw different lines,
statuses or crossing states, and the "what changed on the map" panel lists the dates between them, each opening
the map drawn on it."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from corridor.atlas.changes import changes_of
from corridor.atlas.timeline import drawn_on
from corridor.pages.changes import PANEL_OPEN, map_changes_panel
from corridor.pages.views import overview

DATES = ("2019-01-01", "2025-08-01", "2026-03-01")
SEGMENT_CLASS = re.compile(r'"className": "seg seg-([a-z0-9-]+) [^"]*?status-([a-z_]+)')
MARKER_CLASS = re.compile(r'place-marker place-border_crossing place-([a-z0-9-]+)( crossing-shut)?"')


def drawn(client, date: str) -> frozenset[tuple[str, str]]:
    """What the overview map draws on `date`: each line with its status, each crossing open or shut."""
    html = client.get(f"/maps/overview.html?as_of={date}", follow_redirects=True).get_data(as_text=True)
    lines = {(segment, status) for segment, status in SEGMENT_CLASS.findall(html)}
    crossings = {(place, "shut" if shut else "open") for place, shut in MARKER_CLASS.findall(html)}
    assert lines and crossings
    return frozenset(lines | crossings)


def test_the_overview_maps_of_2019_2025_08_and_2026_03_differ(client):
    early, middle, late = (drawn(client, date) for date in DATES)
    assert early != middle != late != early
    assert ("logar-kharlachi", "proposed") not in early and ("logar-kharlachi", "proposed") in middle
    assert ("torkham", "open") in middle and ("torkham", "shut") in late  # closed from 2025-10-12


def test_the_panel_lists_the_map_change_dates_between_them_and_marks_the_one_drawn(atlas):
    panel = map_changes_panel(atlas, dt.date(2025, 8, 1))
    rows = panel["latest"] + panel["earlier"]
    dates = [row["date"] for row in rows]
    expected = sorted({c.date.isoformat() for c in changes_of(atlas) if c.kind in ("status", "crossing")}, reverse=True)
    assert dates == expected and len(panel["latest"]) == PANEL_OPEN
    drawn = drawn_on(atlas, dt.date(2025, 8, 1)).isoformat()
    assert [row["date"] for row in rows if row["drawn"]] == [panel["drawn"]] == [drawn]
    between = [d for d in dates if "2019-01-01" < d <= "2026-03-01"]
    assert "2025-10-12" in between and "2025-07-17" in between and "2021-07-14" in between
    quetta = next(row for row in rows if row["date"] == "2021-07-14")
    assert "Quetta–Chaman (via Khojak tunnel): existing, first reported" in quetta["changes"]


def test_the_overview_page_shows_the_panel_with_a_link_to_the_map_at_each_date(client, atlas):
    html = unescape(client.get("/?as_of=2025-08-01").get_data(as_text=True))
    assert "What changed on the map" in html
    for row in map_changes_panel(atlas, dt.date(2025, 8, 1))["latest"]:
        assert f'<a href="/?as_of={row["date"]}#map"><time datetime="{row["date"]}">' in html
    drawn = drawn_on(atlas, dt.date(2025, 8, 1)).isoformat()
    assert f'<li class="drawn" aria-current="date"><a href="/?as_of={drawn}#map">' in html
    assert client.get("/index.json?as_of=2025-08-01").get_json()["map_changes"] == map_changes_panel(
        atlas, dt.date(2025, 8, 1)
    )
    assert overview(atlas)["map_changes"]["drawn"] is None
