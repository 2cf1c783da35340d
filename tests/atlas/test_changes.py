"""The change records: every dated status step, claims by their event or article date, articles added and
corrected, with keys that stay the same from one data version to the next."""

from __future__ import annotations

import datetime as dt

from corridor.atlas.changes import build_changes, changes_of, undated_claims
from corridor.atlas.load import load_atlas
from corridor.atlas.timeline import crossing_history, status_history


def test_every_status_step_in_force_is_a_change_with_the_status_before_it(atlas):
    steps = {
        (s.id, dated.since): dated
        for s in atlas.segments.values()
        for dated in status_history(atlas, s)
        if dated.in_force
    }
    status = {(c.record_id, c.date): c for c in changes_of(atlas) if c.kind == "status"}
    assert set(status) == set(steps)
    for (segment_id, since), change in status.items():
        history = atlas.segments[segment_id].properties.status_history
        position = next(
            i
            for i, dated in enumerate(status_history(atlas, atlas.segments[segment_id]))
            if dated.since == since and dated.in_force
        )
        assert change.status_after == steps[(segment_id, since)].step.status
        assert change.status_before == (history[position - 1].status if position else None)
        assert change.basis == ("reported" if steps[(segment_id, since)].reported else "step")
        assert change.corridors == tuple(atlas.segments[segment_id].properties.corridors)
    # a line first reported by a dated source is listed on that date, marked as a first report
    quetta = status[("quetta-chaman", dt.date(2021, 7, 14))]
    assert (quetta.basis, quetta.status_before, quetta.status_after) == ("reported", None, "existing")
    # a first step that a dated step begins before it was reported is not a change of its own
    assert ("logar-kharlachi", dt.date(2025, 7, 21)) not in status


def test_a_claim_is_dated_by_its_event_date_or_else_its_articles_date(atlas):
    claims = {c.record_id: c for c in changes_of(atlas) if c.kind == "claim"}
    for fact in atlas.facts.values():
        source = atlas.source_for_seed(fact.seed)
        expected = fact.date or source.date
        if expected is None:
            assert fact.id not in claims
            continue
        assert claims[fact.id].date == expected
        assert claims[fact.id].basis == ("event" if fact.date else "article")
        assert claims[fact.id].corridors == tuple(atlas.index.corridors_of_fact(fact))


def test_undated_claims_are_those_no_date_places(atlas):
    listed = {c.record_id for c in changes_of(atlas) if c.kind == "claim"}
    undated = {f.id for f in undated_claims(atlas)}
    assert listed.isdisjoint(undated) and listed | undated == set(atlas.facts)
    assert undated, "the bundled data has undated articles whose claims give no date"


def test_an_added_article_and_a_correction_are_changes_and_date_its_claims(data_copy, edit_json):
    def add_dates(sources):
        sources[0]["added"] = "2026-03-01"
        sources[0]["corrected"] = "2026-03-05"
        sources[0]["correction_note"] = "Title spelling fixed."

    edit_json(data_copy / "sources.json", add_dates)
    atlas = load_atlas(data_copy)
    source = next(iter(atlas.sources.values()))
    changes = {c.key: c for c in build_changes(atlas)}
    assert changes[f"source/{source.id}"].date == dt.date(2026, 3, 1)
    assert changes[f"source/{source.id}"].basis == "added"
    assert changes[f"correction/{source.id}/2026-03-05"].date == dt.date(2026, 3, 5)
    undated_before = [f for f in atlas.facts.values() if f.seed == source.file and f.date is None]
    for fact in undated_before:
        assert changes[f"claim/{fact.id}"].date == dt.date(2026, 3, 1)
        assert changes[f"claim/{fact.id}"].basis == "added"


def test_changes_are_oldest_first_with_unique_keys_the_same_in_every_load(atlas, data_copy):
    changes = build_changes(atlas)
    assert [c.date for c in changes] == sorted(c.date for c in changes)
    assert len({c.key for c in changes}) == len(changes)
    assert build_changes(load_atlas(data_copy)) == changes


def test_changes_are_built_once_per_data_version(atlas):
    assert changes_of(atlas) is changes_of(atlas)


def test_every_dated_crossing_state_is_a_change_for_the_corridors_through_it(atlas):
    crossings = {c.key: c for c in changes_of(atlas) if c.kind == "crossing"}
    expected = {
        f"crossing/{place.id}/{dated.since.isoformat()}"
        for place in atlas.places.values()
        for dated in crossing_history(atlas, place)
        if dated.in_force and dated.since is not None
    }
    assert set(crossings) == expected and expected
    torkham = crossings["crossing/torkham/2025-10-12"]
    assert (torkham.status_before, torkham.status_after) == ("open", "closed")
    assert torkham.corridors == ("uzbekistan-afghanistan-pakistan",) and torkham.record_type == "place"


def test_every_corridor_review_is_a_change_on_its_review_date(atlas):
    reviews = {c.record_id: c for c in changes_of(atlas) if c.kind == "review"}
    assert set(reviews) == {c.id for c in atlas.corridors.values() if c.reviewed_on}
    for corridor_id, change in reviews.items():
        assert change.date == atlas.corridors[corridor_id].reviewed_on and change.corridors == (corridor_id,)
