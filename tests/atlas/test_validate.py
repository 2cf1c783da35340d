"""validate(): each kind of broken copy gives a precise problem naming file, feature and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corridor.atlas.load import load_atlas
from corridor.atlas.problems import DataError
from corridor.atlas.validate import validate


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


def feature(doc: dict[str, Any], segment_id: str) -> dict[str, Any]:
    return next(f for f in doc["features"] if f["properties"]["id"] == segment_id)


def uncited_status(doc):
    first_feature(doc)["properties"]["status_history"][0]["cites"] = []


def uncited_gauge(doc):
    first_feature(doc)["properties"]["gauge_cites"] = []


def uncited_published_length(doc):
    feature(doc, "bolashak-uzen")["properties"]["published_length_cites"] = []


def uncited_course(doc):
    feature(doc, "herat-kandahar")["properties"]["geometry_cites"] = []


def uncited_position(doc):
    first_feature(doc)["properties"]["location_cites"] = []


def unknown_citation(doc):
    first_feature(doc)["properties"]["gauge_cites"] = ["atlantis-gazette"]


def unused_reference(references):
    references.append(references[0] | {"id": "an-uncited-reference"})


def status_not_last_step(doc):
    first_feature(doc)["properties"]["status"] = "planned"


def history_newest_first(doc):
    history = feature(doc, "bolashak-uzen")["properties"]["status_history"]
    history[1:] = history[:0:-1]


def undated_later_step(doc):
    feature(doc, "bolashak-uzen")["properties"]["status_history"][2]["since"] = None


def two_points_called_approximate(doc):
    feature(doc, "torghundi-sanobar")["properties"]["alignment"] = "approximate"


def corridor_subject_not_named(facts):
    # Article 001 speaks of railways in general and names no place of the western Afghan line.
    fact = next(f for f in facts if f["seed"].startswith("001"))
    fact["subjects"] = ["turghundi-herat-spin-boldak"]


def dateline_as_event_date(facts):
    next(f for f in facts if f["seed"].startswith("002"))["date"] = "2026-01-24"


def topic_of_unknown_corridor(topics):
    topics[0]["corridors"] = ["atlantis-express"]


def crossing_without_history(doc):
    feature(doc, "torkham")["properties"]["crossing_history"] = []


def crossing_step_citing_nothing(doc):
    feature(doc, "torkham")["properties"]["crossing_history"][0]["cites"] = []


def crossing_history_on_a_station(doc):
    feature(doc, "herat")["properties"]["crossing_history"] = feature(doc, "torkham")["properties"]["crossing_history"]


def crossing_history_newest_first(doc):
    history = feature(doc, "torkham")["properties"]["crossing_history"]
    history[1:] = history[:0:-1]


def crossing_step_after_its_page(doc):
    # AP reported the closure on 2023-02-21: it cannot report a closure that began on 2023-02-24.
    feature(doc, "torkham")["properties"]["crossing_history"][1]["since"] = "2023-02-24"


def status_step_after_its_page(doc):
    # Kazinform's page of 2013-05-11 cannot report an opening in June.
    feature(doc, "bolashak-uzen")["properties"]["status_history"][2]["since"] = "2013-06-01"


def corridor_without_review_date(corridors):
    del corridors[0]["reviewed_on"]


def review_before_a_cited_page(corridors):
    corridors[0]["reviewed_on"] = "2024-01-01"


def review_date_not_a_date(corridors):
    corridors[0]["reviewed_on"] = "2026-13-07"


def crossing_state_unknown(doc):
    feature(doc, "torkham")["properties"]["crossing_history"][0]["state"] = "half-open"


def published_route_citing_nothing(corridors):
    next(c for c in corridors if c["published_routes"])["published_routes"][0]["cites"] = []


def published_route_off_the_corridor(corridors):
    next(c for c in corridors if c["published_routes"])["published_routes"][0]["to_place"] = "karachi"


def published_range_without_its_lower_end(corridors):
    route = next(c for c in corridors if c["published_routes"])["published_routes"][0]
    route["km"], route["km_max"] = None, 700


def published_range_upside_down(corridors):
    route = next(c for c in corridors if c["published_routes"])["published_routes"][0]
    route["km_max"] = route["km"] - 1


def context_note_citing_nothing(facts):
    next(f for f in facts if f.get("context_note"))["context_cites"] = []


def reference_without_publisher(references):
    del references[0]["publisher"]


def reference_without_title(references):
    del references[0]["title"]


def reference_without_date(references):
    del references[0]["date"]


def reference_without_address(references):
    references[0]["url"] = "somewhere on the web"


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
    (
        "status step citing nothing",
        "segments.geojson",
        uncited_status,
        "properties.status_history.0.cites",
        "cites no reference or fact",
    ),
    ("gauge citing nothing", "segments.geojson", uncited_gauge, "properties.gauge_cites", "cites no source"),
    (
        "published length citing nothing",
        "segments.geojson",
        uncited_published_length,
        "properties.published_length_cites",
        "cites no source",
    ),
    ("line course citing nothing", "segments.geojson", uncited_course, "properties.geometry_cites", "course cites no"),
    (
        "place position citing nothing",
        "places.geojson",
        uncited_position,
        "properties.location_cites",
        "position cites no source",
    ),
    (
        "citation of nothing known",
        "segments.geojson",
        unknown_citation,
        "properties.gauge_cites",
        "neither a reference nor a fact",
    ),
    ("reference cited by nothing", "references.json", unused_reference, "id", "no record cites this reference"),
    (
        "status not the last step's",
        "segments.geojson",
        status_not_last_step,
        "properties.status",
        "is not the status of the last history step",
    ),
    ("history newest first", "segments.geojson", history_newest_first, "properties.status_history", "not oldest first"),
    (
        "undated later step",
        "segments.geojson",
        undated_later_step,
        "properties.status_history",
        "only the first step may have no date",
    ),
    (
        "two-point line not schematic",
        "segments.geojson",
        two_points_called_approximate,
        "properties.alignment",
        "two end points",
    ),
    (
        "corridor its article never names",
        "facts.json",
        corridor_subject_not_named,
        "subjects",
        "does not name 'turghundi-herat-spin-boldak'",
    ),
    ("topic of an unknown corridor", "topics.json", topic_of_unknown_corridor, "corridors", "unknown corridor"),
    ("dateline taken for the event's date", "facts.json", dateline_as_event_date, "date", "article's dateline"),
    (
        "border crossing without a history",
        "places.geojson",
        crossing_without_history,
        "properties.crossing_history",
        "needs at least one step",
    ),
    (
        "crossing step citing nothing",
        "places.geojson",
        crossing_step_citing_nothing,
        "properties.crossing_history.0.cites",
        "cites no reference",
    ),
    (
        "crossing history on a city",
        "places.geojson",
        crossing_history_on_a_station,
        "properties.crossing_history",
        "is no border crossing",
    ),
    (
        "crossing history newest first",
        "places.geojson",
        crossing_history_newest_first,
        "properties.crossing_history",
        "not oldest first",
    ),
    (
        "crossing step dated after the page citing it",
        "places.geojson",
        crossing_step_after_its_page,
        "properties.crossing_history.1.since",
        "after 'ktar-2023-02-ap-torkham-shut' was published (2023-02-21)",
    ),
    (
        "status step dated after the page citing it",
        "segments.geojson",
        status_step_after_its_page,
        "properties.status_history.2.since",
        "after 'kazinform-2013-bolashak-serhetyaka' was published (2013-05-11)",
    ),
    ("corridor without a review date", "corridors.json", corridor_without_review_date, "reviewed_on", "no review date"),
    (
        "review older than a page the corridor cites",
        "corridors.json",
        review_before_a_cited_page,
        "reviewed_on",
        "move the review date on",
    ),
    (
        "published route length citing nothing",
        "corridors.json",
        published_route_citing_nothing,
        "published_routes.0.cites",
        "cites no source",
    ),
    (
        "published route between places the corridor does not join",
        "corridors.json",
        published_route_off_the_corridor,
        "published_routes.0",
        "lines do not join",
    ),
    ("context note citing nothing", "facts.json", context_note_citing_nothing, "context_cites", "cites no source"),
]

SCHEMA_BROKEN_COPIES: list[tuple[str, str, Callable[[Any], None], str, str]] = [
    ("review date that is no date", "corridors.json", review_date_not_a_date, "reviewed_on", "date"),
    (
        "crossing state not in the vocabulary",
        "places.geojson",
        crossing_state_unknown,
        "properties.crossing_history.0.state",
        "'open', 'restricted' or 'closed'",
    ),
    ("reference without a publisher", "references.json", reference_without_publisher, "publisher", "required"),
    (
        "published range upside down",
        "corridors.json",
        published_range_upside_down,
        "published_routes.0",
        "km_max is below km",
    ),
    (
        "published range without its lower end",
        "corridors.json",
        published_range_without_its_lower_end,
        "published_routes.0",
        "km_max without km",
    ),
    ("reference without an address", "references.json", reference_without_address, "url", "pattern"),
    ("reference without a title", "references.json", reference_without_title, "title", "required"),
    ("reference without a date or null", "references.json", reference_without_date, "date", "required"),
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


@pytest.mark.parametrize(
    ("file", "change", "field", "reason"),
    [case[1:] for case in SCHEMA_BROKEN_COPIES],
    ids=[case[0] for case in SCHEMA_BROKEN_COPIES],
)
def test_loading_refuses_each_kind_of_record_the_schema_rejects(
    data_copy: Path, edit_json, file, change, field, reason
):
    edit_json(data_copy / file, change)
    with pytest.raises(DataError) as raised:
        load_atlas(data_copy)
    matching = [p for p in raised.value.problems if p.file == file and p.field == field and reason in p.reason]
    assert matching, (
        f"expected a {field!r} problem containing {reason!r}; got {[str(p) for p in raised.value.problems]}"
    )


def test_validate_names_the_file_of_the_broken_record(data_copy: Path, edit_json):
    edit_json(data_copy / "facts.json", quote_not_in_seed)
    [problem] = [p for p in validate(load_atlas(data_copy)) if p.field == "quote"]
    assert problem.file == "facts.json"
    assert str(problem).startswith("facts.json: ")


def test_validate_reports_a_seed_edited_after_quoting(data_copy: Path):
    seed = data_copy.parent / "seeds" / "003_fba5e8936d1eb623.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("toarrive", "to arrive"), encoding="utf-8")
    assert any(p.field == "quote" for p in validate(load_atlas(data_copy)))


def test_validate_accepts_an_unnamed_corridor_subject_with_its_reason(data_copy: Path, edit_json):
    def explained(facts):
        corridor_subject_not_named(facts)
        next(f for f in facts if f["seed"].startswith("001"))["subject_note"] = "A reason a reader can check."

    edit_json(data_copy / "facts.json", explained)
    assert not [p for p in validate(load_atlas(data_copy)) if p.field == "subjects"]


def test_bundled_data_validates(atlas):
    assert validate(atlas) == []
