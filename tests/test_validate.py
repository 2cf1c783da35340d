"""validate(): each kind of broken copy gives a precise problem naming file, feature and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corridor.load import load_atlas
from corridor.validate import validate


def first_feature(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["features"][0]


def move_segment_end(doc):
    coordinates = first_feature(doc)["geometry"]["coordinates"]
    coordinates[-1] = [coordinates[-1][0] + 0.2, coordinates[-1][1]]


def swap_place_coordinates(doc):
    lon, lat = first_feature(doc)["geometry"]["coordinates"]
    first_feature(doc)["geometry"]["coordinates"] = [lat, lon]


def self_crossing_line(doc):
    (lon, lat) = first_feature(doc)["geometry"]["coordinates"][0]
    (end_lon, end_lat) = first_feature(doc)["geometry"]["coordinates"][-1]
    first_feature(doc)["geometry"]["coordinates"] = [[lon, lat], [lon, lat], [end_lon, end_lat]]


def dangling_place(doc):
    first_feature(doc)["properties"]["to_place"] = "atlantis"


def dangling_corridor(doc):
    first_feature(doc)["properties"]["corridors"] = ["atlantis-express"]
    first_feature(doc)["properties"]["role"] = "corridor"


def unlisted_segment(corridors):
    corridors[0]["segments"].append("no-such-segment")


def quote_not_in_seed(facts):
    facts[0]["quote"] = facts[0]["quote"] + " and a billion more"


def unknown_subject(facts):
    facts[0]["subjects"] = ["atlantis"]


def one_way_dispute(facts):
    facts[0]["disputes"] = [facts[1]["id"]]
    facts[1]["disputes"] = [d for d in facts[1]["disputes"] if d != facts[0]["id"]]


def uncited_seed(facts):
    facts[:] = [f for f in facts if f["seed"] != "004_b51f9af0961c45b9.txt"]
    for fact in facts:
        fact["disputes"] = [d for d in fact["disputes"] if any(d == f["id"] for f in facts)]


def shared_id(facts):
    facts[0]["id"] = "chaman-onward"


def wrong_country(doc):
    first_feature(doc)["properties"]["country"] = "KAZ"


BROKEN_COPIES: list[tuple[str, str, Callable[[Any], None], str, str]] = [
    ("segment end off its place", "segments.geojson", move_segment_end, "properties.to_place", "km from"),
    ("swapped lon/lat", "places.geojson", swap_place_coordinates, "geometry.coordinates", "outside the mapped region"),
    ("repeated vertex", "segments.geojson", self_crossing_line, "geometry.coordinates", "repeated vertex"),
    ("unknown place", "segments.geojson", dangling_place, "properties.to_place", "unknown place 'atlantis'"),
    ("unknown corridor", "segments.geojson", dangling_corridor, "properties.corridors", "unknown corridor"),
    ("unknown segment", "corridors.json", unlisted_segment, "segments", "unknown segment 'no-such-segment'"),
    ("quote not verbatim", "facts.json", quote_not_in_seed, "quote", "not found verbatim"),
    ("unknown subject", "facts.json", unknown_subject, "subjects", "unknown subject 'atlantis'"),
    ("one-way dispute", "facts.json", one_way_dispute, "disputes", "missing the link back"),
    ("seed cited by no fact", "facts.json", uncited_seed, "file", "no fact cites this seed"),
    ("id shared across kinds", "facts.json", shared_id, "id", "used by more than one"),
    ("place in the wrong country", "places.geojson", wrong_country, "geometry", "outside KAZ"),
]


@pytest.mark.parametrize(
    ("file", "change", "field", "reason"),
    [case[1:] for case in BROKEN_COPIES],
    ids=[case[0] for case in BROKEN_COPIES],
)
def test_validate_reports_each_kind_of_broken_copy(data_copy: Path, edit_json, file, change, field, reason):
    edit_json(data_copy / file, change)
    problems = validate(load_atlas(data_copy))
    matching = [p for p in problems if p.field == field and reason in p.reason]
    assert matching, f"expected a {field!r} problem containing {reason!r}; got {[str(p) for p in problems]}"
    assert all(p.feature and p.feature != "-" for p in matching)


def test_validate_names_the_file_of_the_broken_record(data_copy: Path, edit_json):
    edit_json(data_copy / "facts.json", quote_not_in_seed)
    [problem] = [p for p in validate(load_atlas(data_copy)) if p.field == "quote"]
    assert problem.file == "facts.json"
    assert str(problem).startswith("facts.json: ")


def test_validate_reports_a_seed_edited_after_quoting(data_copy: Path):
    seed = data_copy.parent / "seeds" / "003_fba5e8936d1eb623.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("toarrive", "to arrive"), encoding="utf-8")
    assert any(p.field == "quote" for p in validate(load_atlas(data_copy)))
