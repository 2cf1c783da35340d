"""What a served map fetches on first use (its popup table, the Natural Earth railways): named by the map
document, versioned and cached for good, the same HTML the single-file map carries inline, and refused with a
clear 404 once its data or code version is gone."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from corridor.display.links import Links
from corridor.maps.render import render_map_html
from tests.popup_tables import first_use_urls, popup_table

MAPS = [
    ("/maps/overview.html", None, "_top"),
    ("/maps/chaman-onward.html", "chaman-onward", "_top"),
    ("/embed/all", None, "_blank"),
]


@pytest.mark.parametrize(("path", "corridor_id", "target"), MAPS)
def test_a_served_map_fetches_the_popups_its_single_file_carries_inline(client, atlas, path, corridor_id, target):
    html = client.get(path).get_data(as_text=True)
    served = popup_table(html, lambda url: client.get(url).get_data(as_text=True))
    inline = popup_table(render_map_html(atlas, corridor_id, links=Links.under("", target)))
    for section, popups in inline.items():
        assert popups and {key: served[section][key] for key in popups} == popups, section
    keys = set(re.findall(r'"popup": "([^"]+)"', html))
    assert keys <= served["features"].keys(), "every feature's popup is in the table"


def test_a_dated_map_fetches_the_table_of_its_date(client, atlas):
    date = atlas.index.change_dates[len(atlas.index.change_dates) // 2]
    html = client.get(f"/maps/overview.html?as_of={date}").get_data(as_text=True)
    [table_url] = [url for url in first_use_urls(html) if "/popups." in url]
    assert table_url.endswith(f".{date}.json")
    served = json.loads(client.get(table_url).get_data(as_text=True))
    inline = popup_table(render_map_html(atlas, as_of=date, links=Links.under("")))
    assert {key: served["features"][key] for key in inline["features"]} == inline["features"]


def test_first_use_files_are_cached_for_good_compressed_and_revalidated(client):
    html = client.get("/maps/overview.html").get_data(as_text=True)
    found = first_use_urls(html)
    assert len(found) == 2 and {url.split(".")[0] for url in found} == {"/maps/popups", "/maps/railways"}
    assert client.get("/embed/all").get_data(as_text=True).count("/maps/railways.") == 1, "one railways file"
    for url in found:
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200 and response.mimetype == "application/json"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Encoding"] == "gzip"
        etag = response.headers["ETag"]
        again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert again.status_code == 304


def test_railways_hold_the_layer_the_single_file_carries(client, atlas):
    html = client.get("/maps/overview.html").get_data(as_text=True)
    [url] = [url for url in first_use_urls(html) if "/railways." in url]
    served = client.get(url).get_json()
    inline = render_map_html(atlas)
    [layer] = re.findall(r"L\.Corridor\.addDataWhenShown\((\w+),", inline)  # the layer that opens switched off
    block = re.search(rf'<script type="application/json" id="{layer}-data">(.*?)</script>', inline, re.S)
    assert served == json.loads(block.group(1)) and len(served["features"]) > 100


def test_a_gone_version_an_undrawn_date_or_a_query_is_refused(client, atlas):
    html = client.get("/maps/overview.html").get_data(as_text=True)
    [table_url] = [url for url in first_use_urls(html) if "/popups." in url]
    token = table_url.split(".")[1]
    gone = client.get(table_url.replace(token, "0" * 12))
    assert gone.status_code == 404 and "reload the map" in gone.get_data(as_text=True)
    assert client.get(f"/maps/railways.{'0' * 12}.json").status_code == 404
    dates = atlas.index.change_dates
    undrawn = next(a + dt.timedelta(days=1) for a, b in zip(dates, dates[1:], strict=False) if (b - a).days > 1)
    for when in (undrawn.isoformat(), "2025-13-01", "tomorrow"):
        response = client.get(f"/maps/popups.{token}.{when}.json")
        assert response.status_code == 404 and "a map names the one it uses" in response.get_data(as_text=True)
    assert client.get(table_url + "?x=1").status_code == 400
