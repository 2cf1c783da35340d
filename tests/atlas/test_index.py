"""The derived data: built once per atlas, and the one rule for which facts belong to what."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from corridor.atlas.index import DERIVED_KEPT, build_index


def test_index_is_built_once_per_atlas(atlas):
    assert atlas.index is atlas.index


def test_derived_data_is_built_once_per_key_and_the_least_recently_used_is_dropped(atlas):
    index = build_index(atlas)
    builds = []
    first = index.derived("first", lambda: builds.append("first") or ["first"])
    assert index.derived("first", lambda: builds.append("again") or ["again"]) is first
    for number in range(DERIVED_KEPT - 1):
        index.derived(number, lambda n=number: builds.append(n) or [n])
    index.derived("first", list)  # used again: now the most recent
    index.derived("one more", list)
    assert index.derived(0, lambda: builds.append("rebuilt") or []) == []
    assert index.derived("first", list) is first
    assert builds == ["first", *range(DERIVED_KEPT - 1), "rebuilt"]


def test_source_and_facts_by_seed_match_the_records(atlas):
    for fact in atlas.facts.values():
        assert atlas.index.source_by_seed[fact.seed].file == fact.seed
        assert fact in atlas.index.facts_by_seed[fact.seed]
    assert sum(len(facts) for facts in atlas.index.facts_by_seed.values()) == len(atlas.facts)


def test_corridor_facts_name_the_corridor_or_one_of_its_segments(atlas):
    for corridor in atlas.corridors.values():
        facts = atlas.index.corridor_facts(corridor.id)
        assert facts, corridor.id
        for fact in facts:
            assert {corridor.id, *corridor.segments}.intersection(fact.subjects), fact.id
        others = [f for f in atlas.facts.values() if f not in facts]
        assert not any({corridor.id, *corridor.segments}.intersection(f.subjects) for f in others)


def test_a_fact_about_a_place_alone_is_not_a_corridor_fact(atlas):
    fact = next(iter(atlas.facts.values())).model_copy(update={"id": "meeting-in-kabul", "subjects": ["kabul"]})
    changed = replace(atlas, facts=MappingProxyType({**atlas.facts, fact.id: fact}))
    assert changed.index.corridors_of_fact(fact) == []
    assert fact in changed.facts_about(["kabul"])


def test_dispute_groups_hold_each_chain_of_disputes_both_ways(atlas):
    groups = set(atlas.index.dispute_group_of.values())
    for fact in atlas.facts.values():
        for other in fact.disputes:
            assert atlas.index.dispute_group_of[fact.id] == atlas.index.dispute_group_of[other]
    assert all(len(group) > 1 for group in groups)
    group = atlas.index.dispute_group_of["rail-network-cost-7bn"]
    assert {"railway-worth-up-to-7bn", "project-valued-at-7bn"} <= set(group)


def test_segment_lengths_are_computed_for_every_segment(atlas):
    index = build_index(atlas)
    assert set(index.segment_km) == set(atlas.segments)
    assert all(km > 0 for km in index.segment_km.values())


def test_facts_of_is_the_one_answer_for_corridors_segments_places_and_topics(atlas):
    index = atlas.index
    for corridor_id in atlas.corridors:
        assert index.facts_of(corridor_id) == index.corridor_facts(corridor_id)
    for subject in [*atlas.segments, *atlas.places, *atlas.topics]:
        assert index.facts_of(subject) == [f for f in atlas.facts.values() if subject in f.subjects], subject
    assert index.facts_of("atlantis") == []
