"""No note to maintainers reaches a reader: every popup of every map, the KML and the validation rule that keeps
such notes out of the data."""

from __future__ import annotations

import re
from html import unescape

import pytest

from corridor.atlas.load import PLACES_FILE, load_atlas
from corridor.atlas.validate import MAINTAINERS_WORDS, validate
from tests.popup_tables import popups

MAPS = ["overview", "turghundi-herat-spin-boldak", "chaman-onward", "uzbekistan-afghanistan-pakistan"]


def popup_texts(client, html: str) -> list[str]:
    """Every popup of the map document's table, as text."""
    fetched = popups(html, lambda url: client.get(url).get_data(as_text=True))
    return [unescape(re.sub(r"<[^>]+>", " ", popup)) for popup in fetched]


@pytest.mark.parametrize("key", MAPS)
def test_no_popup_carries_a_note_to_maintainers(client, key):
    texts = popup_texts(client, client.get(f"/maps/{key}.html").get_data(as_text=True))
    assert len(texts) > 20
    assert "Gwadar" in " ".join(texts)  # the popups are read, place notes included
    found = [(match.group(0), text[:120]) for text in texts if (match := MAINTAINERS_WORDS.search(text))]
    assert found == []


def test_no_kml_balloon_or_export_row_carries_a_note_to_maintainers(client):
    for url in ["/export/all.kml", "/export/all.geojson", "/corridors/chaman-onward.json"]:
        text = client.get(url).get_data(as_text=True)
        assert "Uzen" in text, url
        # the KML <Schema> is the data dictionary (each column's description, as the GeoPackage and FIELDS.txt
        # give it), not a record's text: what a balloon or a row says is scanned
        records = re.sub(r"<Schema .*?</Schema>", "", text, flags=re.S)
        assert MAINTAINERS_WORDS.search(records) is None, url


def test_validation_refuses_a_note_to_maintainers_in_a_reader_text(data_copy, edit_json):
    def change(document):
        place = next(f for f in document["features"] if f["properties"]["id"] == "uzen")
        place["properties"]["location_note"] += " (per the reference README)"

    edit_json(data_copy / PLACES_FILE, change)
    problems = [p for p in validate(load_atlas(data_copy)) if p.feature == "uzen"]
    assert [(p.field, "README" in p.reason) for p in problems] == [("properties.location_note", True)]
