"""The changes page's view: filters by corridor and dates, the status differences between two dates, and the
one query parser's 400s."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.atlas.changes import changes_of
from corridor.atlas.timeline import status_on
from corridor.pages.changes import ChangesQuery, changes_page
from corridor.request.errors import BadParameter
from corridor.request.params import parse_query


def parse(atlas, **args):
    return parse_query(ChangesQuery, {name: [value] for name, value in args.items()}, atlas)


def test_every_dated_change_is_listed_newest_first(atlas):
    view = changes_page(atlas, parse(atlas))
    dates = [c["date"] for c in view["changes"]]
    assert len(dates) == len(changes_of(atlas)) and dates == sorted(dates, reverse=True)


def test_a_corridor_filter_keeps_only_that_corridors_changes(atlas):
    view = changes_page(atlas, parse(atlas, corridor="uzbekistan-afghanistan-pakistan"))
    assert view["changes"]
    for change in view["changes"]:
        assert "uzbekistan-afghanistan-pakistan" in [c["id"] for c in change["corridors"]]
    assert view["feeds"]["corridor"] == "/corridors/uzbekistan-afghanistan-pakistan/changes.atom"


def test_from_is_exclusive_and_to_inclusive(atlas):
    day = dt.date(2025, 7, 10)  # a status step's date
    after = changes_page(atlas, parse(atlas, **{"from": day.isoformat()}))
    up_to = changes_page(atlas, parse(atlas, to=day.isoformat()))
    assert all(c["date"] > "2025-07-10" for c in after["changes"])
    assert any(c["date"] == "2025-07-10" for c in up_to["changes"])
    assert all(c["date"] <= "2025-07-10" for c in up_to["changes"])
    assert len(after["changes"]) + len(up_to["changes"]) == len(changes_of(atlas))


def test_between_two_dates_the_page_lists_lines_whose_status_differs(atlas):
    start, end = dt.date(2025, 1, 1), dt.date(2026, 1, 1)
    view = changes_page(atlas, parse(atlas, **{"from": start.isoformat(), "to": end.isoformat()}))
    expected = {s.id for s in atlas.segments.values() if status_on(atlas, s, start) != status_on(atlas, s, end)}
    assert {row["segment"] for row in view["status_differences"]} == expected
    assert "sanobar-robat-paryan" in expected  # first dated (and drawn) by the memorandum: planned from 2025-07-10
    row = next(r for r in view["status_differences"] if r["segment"] == "sanobar-robat-paryan")
    assert (row["before"], row["after"]) == (None, "planned")
    steps = [c for c in view["changes"] if c["kind"] == "status" and c["record"]["id"] == "sanobar-robat-paryan"]
    assert [c["date"] for c in steps] == ["2025-10-09", "2025-07-10"]  # the Kazakh action plan, then the memorandum


def test_each_change_links_to_its_record_and_to_the_map_on_its_date(atlas):
    view = changes_page(atlas, parse(atlas), root="/prefix")
    for change in view["changes"]:
        assert change["links"]["map"].endswith(f".html?as_of={change['date']}")
        assert change["links"]["map"].startswith("/prefix/maps/")
        if change["kind"] == "claim":
            source = change["source"]["id"]
            assert change["links"]["record"] == f"/prefix/sources/{source}#fact-{change['record']['id']}"
            assert change["text"] == atlas.facts[change["record"]["id"]].quote


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"since": "2025-01-01"}, "this page takes corridor, from, to"),
        ({"corridor": "nowhere"}, "unknown corridor 'nowhere'; choose one of: turghundi-herat-spin-boldak"),
        ({"from": "July"}, "from must be a date written YYYY-MM-DD"),
        ({"from": "2026-01-01", "to": "2025-01-01"}, "from (2026-01-01) must be before to (2025-01-01)"),
    ],
)
def test_bad_parameters_say_what_the_page_accepts(atlas, args, message):
    with pytest.raises(BadParameter, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(atlas, **args)


def test_a_line_not_yet_announced_on_the_first_date_says_so(atlas):
    view = changes_page(atlas, parse(atlas, **{"from": "2014-01-01", "to": "2015-01-01"}))
    row = next(r for r in view["status_differences"] if r["segment"] == "kerki-aqina")
    assert (row["before"], row["before_label"], row["after"]) == (None, "not yet reported", "under_construction")


def test_a_status_step_that_keeps_the_status_says_still(atlas):
    view = changes_page(atlas, parse(atlas))
    first = next(c for c in view["changes"] if c["key"] == "status/herat-kandahar/2025-02-06")
    assert first["title"] == "Herat–Kandahar: proposed"  # its first step on the map: no "still"
    step = next(c for c in view["changes"] if c["key"] == "status/herat-kandahar/2025-04-24")
    assert step["title"] == "Herat–Kandahar: still proposed"
    assert step["links"]["record"] == "/corridors/turghundi-herat-spin-boldak#segment-herat-kandahar"


def test_a_corridors_changes_include_the_articles_it_has_claims_from(data_copy, edit_json):
    from corridor.atlas.load import load_atlas

    # The bundled data's only dated articles speak of relations, not lines: attach one claim for the test.
    def claim_on_the_corridor(facts):
        fact = next(f for f in facts if f["seed"].startswith("002"))
        fact["subjects"].append("chaman-onward")
        fact["subject_note"] = "Attached for this test."

    edit_json(data_copy / "facts.json", claim_on_the_corridor)
    atlas = load_atlas(data_copy)
    view = changes_page(atlas, parse(atlas, corridor="chaman-onward"))
    assert "source/002_cd5f8a68b4b3e00c" in {c["key"] for c in view["changes"]}


def test_a_corrected_article_record_says_what_was_corrected(data_copy, edit_json):
    from corridor.atlas.load import load_atlas

    def correct(sources):
        sources[1] |= {"corrected": "2026-04-01", "correction_note": "The headline is described, not printed."}

    edit_json(data_copy / "sources.json", correct)
    atlas = load_atlas(data_copy)
    view = changes_page(atlas, parse(atlas, **{"from": "2026-03-31", "to": "2026-04-01"}))
    (change,) = view["changes"]
    assert change["kind_label"] == "Corrected article record" and change["date"] == "2026-04-01"
    assert change["text"] == "The headline is described, not printed."


def test_a_crossing_state_change_says_what_it_became_and_links_to_its_corridor(atlas):
    view = changes_page(atlas, parse(atlas))
    closed = next(c for c in view["changes"] if c["key"] == "crossing/torkham/2025-10-12")
    name = atlas.places["torkham"].properties.name
    assert closed["title"] == f"{name}: open → closed" and closed["kind_label"] == "Border crossing"
    assert closed["links"]["record"] == "/corridors/uzbekistan-afghanistan-pakistan"
    assert closed["links"]["map"].endswith("/maps/uzbekistan-afghanistan-pakistan.html?as_of=2025-10-12")
    still = next(c for c in view["changes"] if c["key"] == "crossing/kharlachi/2025-10-24")
    assert still["title"] == f"{atlas.places['kharlachi'].properties.name}: still closed"


def test_a_data_review_names_what_is_known_to_be_missing(atlas):
    view = changes_page(atlas, parse(atlas, corridor="chaman-onward"))
    review = next(c for c in view["changes"] if c["kind"] == "review")
    corridor = atlas.corridors["chaman-onward"]
    assert review["title"] == f"{corridor.name}: data reviewed"
    assert review["text"] == "Known to be missing: " + "; ".join(corridor.known_missing)
    assert review["links"]["record"] == "/corridors/chaman-onward"
