"""Surfaces tested against each other: for every segment and several dates, the map popup, the corridor page, its
JSON twin, the KML balloon and the GeoPackage row give the same status and cite the same sources.

Each surface is read from what the app serves (the map document, the pages, the export downloads), parsed as its
readers would (HTML, JSON, KML as XML, the GeoPackage with GDAL through pyogrio), never from folium's element ids.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser

import pyogrio
import pytest
from markupsafe import escape

from corridor.atlas.load import load_atlas
from corridor.atlas.timeline import atlas_on
from corridor.exports.kml import kml_bytes
from corridor.exports.layers import select
from corridor_web import create_app
from tests.popup_tables import popup_table

DATES = (None, "2019-01-01", "2024-01-01", "2026-03-01")
KML = "{http://www.opengis.net/kml/2.2}"
LAYER_DATA = re.compile(r'<script type="application/json" id="geo_json_\w+-data">(.*?)</script>', re.S)


@dataclass(frozen=True)
class Status:
    """A line's status as a surface shows it: the whole text, and the sources it names (None: names as text)."""

    text: str
    cited: tuple[str, ...] | None = None


class _StatusCell(HTMLParser):
    """The text and the link texts of the table cell that follows a `<th>` reading `heading`."""

    def __init__(self, heading: str) -> None:
        super().__init__()
        self.heading, self.depth, self.in_th, self.in_a = heading, 0, False, False
        self.last_th, self.text, self.links = "", "", []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "th":
            self.in_th, self.last_th = True, ""
        elif tag == "td" and self.last_th == self.heading and not self.text:
            self.depth = 1
        elif tag == "a" and self.depth:
            self.in_a = True
            self.links.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self.in_th = False
        elif tag == "td" and self.depth:
            self.depth, self.last_th = 0, ""
        elif tag == "a":
            self.in_a = False

    def handle_data(self, data: str) -> None:
        if self.in_th:
            self.last_th += data
        elif self.depth:
            self.text += data
            if self.in_a:
                self.links[-1] += data


def cell(html: str, heading: str) -> Status:
    parser = _StatusCell(heading)
    parser.feed(html)
    return Status(parser.text, tuple(parser.links))


def query(date: str | None) -> str:
    return f"?as_of={date}" if date else ""


def map_features(html: str) -> list[dict]:
    """Every GeoJSON feature the map document adds to its layers as it opens (each layer's JSON data block; a
    layer that opens switched off names the URL of its data instead)."""
    return [feature for block in LAYER_DATA.findall(html) for feature in json.loads(block)["features"]]


def popups(client, date: str | None) -> dict[str, Status]:
    """Each segment's popup status row: the features name their popup, the popup table the map fetches holds
    it."""
    response = client.get(f"/maps/overview.html{query(date)}", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    table = popup_table(html, lambda url: client.get(url).get_data(as_text=True))["features"]
    features = [f["properties"] for f in map_features(html) if "segment_id" in f["properties"]]
    return {f["segment_id"]: cell(table[f["popup"]], "status") for f in features}


class _SegmentRows(HTMLParser):
    """Each segment row's status summary on a corridor page: `<tr id="segment-…">…<summary>text</summary>`."""

    def __init__(self) -> None:
        super().__init__()
        self.segment, self.in_summary, self.found = None, False, {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "tr" and (attributes.get("id") or "").startswith("segment-"):
            self.segment = attributes["id"].removeprefix("segment-")
        elif tag == "summary" and self.segment and self.segment not in self.found:
            self.in_summary = True
            self.found[self.segment] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "summary":
            self.in_summary = False

    def handle_data(self, data: str) -> None:
        if self.in_summary:
            self.found[self.segment] += data


def pages(client, atlas, date: str | None) -> tuple[dict[str, Status], dict[str, Status]]:
    """The corridor pages' segment tables and their JSON twins."""
    html_rows, json_rows = {}, {}
    for corridor_id in atlas.corridors:
        response = client.get(f"/corridors/{corridor_id}{query(date)}")
        assert response.status_code == 200
        parser = _SegmentRows()
        parser.feed(response.get_data(as_text=True))
        html_rows |= {s: Status(text) for s, text in parser.found.items()}
        twin = client.get(f"/corridors/{corridor_id}.json{query(date)}").get_json()
        json_rows |= {
            s["id"]: Status(s["status_source"], tuple(c["label"] for c in s["status_cites"])) for s in twin["segments"]
        }
    return html_rows, json_rows


def kml_balloons(client, date: str | None) -> dict[str, Status]:
    response = client.get(f"/export/all.kml{query(date)}", follow_redirects=True)
    assert response.status_code == 200
    folders = ET.fromstring(response.data).iter(f"{KML}Folder")
    segments = next(f for f in folders if f.findtext(f"{KML}name") == "Segments")
    found = {}
    for placemark in segments.iter(f"{KML}Placemark"):
        data = {d.get("name"): d.text for d in placemark.iter(f"{KML}SimpleData")}
        balloon = cell(placemark.findtext(f"{KML}description"), "status_source")
        assert balloon.text == data["status_source"], data["id"]
        found[data["id"]] = Status(balloon.text)
    return found


def geopackage_rows(client, date: str | None, tmp_path) -> dict[str, Status]:
    response = client.get(f"/export/all.gpkg{query(date)}", follow_redirects=True)
    assert response.status_code == 200
    path = tmp_path / "all.gpkg"
    path.write_bytes(response.data)
    frame = pyogrio.read_dataframe(path, layer="segments", read_geometry=False)
    return {row.id: Status(row.status_source) for row in frame.itertuples()}


def sources_named(status: Status) -> tuple[str, ...]:
    """The sources a status text names after its `, per `."""
    _, _, named = status.text.partition(", per ")
    return tuple(named.split("; ")) if named else ()


@pytest.mark.parametrize("date", DATES, ids=lambda d: d or "today")
def test_every_surface_gives_each_line_the_same_status_and_sources(client, atlas, tmp_path, date):
    assert_every_surface_agrees(client, atlas, tmp_path, date)


def assert_every_surface_agrees(client, atlas, tmp_path, date: str | None) -> dict[str, Status]:
    """The popup, page, JSON twin, KML balloon and GeoPackage row of every line drawn on `date` say the same
    status and name the same sources; returns the popups'."""
    popup = popups(client, date)
    page, twin = pages(client, atlas, date)
    balloon = kml_balloons(client, date)
    row = geopackage_rows(client, date, tmp_path)
    drawn = atlas_on(atlas, None if date is None else dt.date.fromisoformat(date))
    assert set(popup) == set(balloon) == set(row) == set(drawn.segments)
    assert set(page) == set(twin) == {s for c in atlas.corridors for s in drawn.corridors[c].segments if s in popup}
    for segment_id, status in popup.items():
        assert status.text == balloon[segment_id].text == row[segment_id].text, segment_id
        assert status.cited == sources_named(status), segment_id
        if segment_id in page:
            assert status.text == page[segment_id].text == twin[segment_id].text, segment_id
            assert status.cited == twin[segment_id].cited, segment_id
    return popup


def test_a_line_drifted_before_cites_every_source_of_its_status_in_the_popup(client, atlas):
    """The issue's example: the popup named only the last step's source, the page also the one giving 2012."""
    status = popups(client, None)["hairatan-mazar-i-sharif"]
    history = atlas.segments["hairatan-mazar-i-sharif"].properties.status_history
    assert status.text.startswith("existing from 2012-02-03, per ")
    assert len(status.cited) == len({c for step in history if step.status == "existing" for c in step.cites}) > 1


def test_a_corridor_balloon_holds_the_claims_about_its_segments(data_copy, edit_json, atlas):
    corridor = atlas.corridors["chaman-onward"]
    moved = next(f for f in atlas.facts.values() if f.subjects == [corridor.id])

    def about_a_segment(facts: list[dict]) -> None:
        next(f for f in facts if f["id"] == moved.id)["subjects"] = [corridor.segments[0]]

    edit_json(data_copy / "facts.json", about_a_segment)
    kml = ET.fromstring(kml_bytes(select(load_atlas(data_copy), "all")))
    corridors = next(f for f in kml.iter(f"{KML}Folder") if f.findtext(f"{KML}name") == "Corridors")
    balloons = {
        {d.get("name"): d.text for d in p.iter(f"{KML}SimpleData")}["id"]: p.findtext(f"{KML}description")
        for p in corridors.iter(f"{KML}Placemark")
    }
    assert f"<blockquote>{escape(moved.quote)}</blockquote>" in balloons[corridor.id]
    assert f"<h4>Facts ({len(atlas.index.facts_of(corridor.id))})</h4>" in balloons[corridor.id]


def crossing_states(client, atlas, place_id: str, tmp_path) -> dict[str, Status]:
    """A border crossing's state today as the map popup, the corridor pages' JSON twins, the KML placemark and
    the GeoPackage row give it."""
    html = client.get("/maps/overview.html", follow_redirects=True).get_data(as_text=True)
    table = popup_table(html, lambda url: client.get(url).get_data(as_text=True))["features"]
    feature = next(f["properties"] for f in map_features(html) if f["properties"].get("id") == place_id)
    found = {"popup": cell(table[feature["popup"]], "crossing")}
    for corridor_id in atlas.corridors:
        twin = client.get(f"/corridors/{corridor_id}.json").get_json()
        for crossing in twin["corridor"]["crossings"]:
            if crossing["id"] == place_id:
                last_step = tuple(c["label"] for c in crossing["history"][-1]["cites"])
                found[f"page {corridor_id}"] = Status(crossing["state_text"], last_step)
    kml = ET.fromstring(client.get("/export/all.kml", follow_redirects=True).data)
    for placemark in kml.iter(f"{KML}Placemark"):
        data = {d.get("name"): d.text for d in placemark.iter(f"{KML}SimpleData")}
        if data.get("id") == place_id:
            found["kml"] = Status(data["crossing_state"])
    path = tmp_path / "places.gpkg"
    path.write_bytes(client.get("/export/all.gpkg", follow_redirects=True).data)
    frame = pyogrio.read_dataframe(path, layer="places", read_geometry=False)
    found["gpkg"] = Status(frame.set_index("id").loc[place_id, "crossing_state"])
    return found


def test_one_step_citing_two_undated_pages_of_one_publisher_lists_both_on_every_surface(
    data_copy, edit_json, atlas, tmp_path
):
    """Two undated Wikipedia pages both read `Wikipedia, undated`: the texts named the one label once, the popup
    linked it twice. Each is its own source, told apart by its title, the same on every surface."""
    wikipedia = [r.id for r in atlas.references.values() if r.publisher == "Wikipedia" and r.date is None][:2]
    segment_id, crossing_id = "hairatan-mazar-i-sharif", "serhetabat-torghundi-border"

    def cite_both(collection: dict) -> None:
        for feature in collection["features"]:
            props = feature["properties"]
            if props["id"] in (segment_id, crossing_id):
                steps = props.get("status_history") or props["crossing_history"]
                steps[-1]["cites"] += wikipedia

    edit_json(data_copy / "segments.geojson", cite_both)
    edit_json(data_copy / "places.geojson", cite_both)
    app = create_app({"DATA_DIR": data_copy, "TESTING": True})
    client, edited = app.test_client(), app.extensions["corridor"].atlas
    told_apart = tuple(f"Wikipedia, undated, “{edited.references[r].title}”" for r in wikipedia)

    popup = assert_every_surface_agrees(client, edited, tmp_path, None)
    assert popup[segment_id].cited[-2:] == told_apart
    crossing = crossing_states(client, edited, crossing_id, tmp_path)
    assert {"popup", "kml", "gpkg"} < set(crossing) and len(crossing) > 3
    assert len({status.text for status in crossing.values()}) == 1, crossing
    assert crossing["popup"].cited == sources_named(crossing["popup"])
    assert crossing["popup"].cited[-2:] == told_apart
    assert all(s.cited[-2:] == told_apart for name, s in crossing.items() if name.startswith("page"))
