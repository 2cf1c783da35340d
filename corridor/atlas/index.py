"""What is derived from an Atlas, computed once per data version and read by every page, map, export and API.

`atlas.index` builds it on first use and keeps it with the atlas (a new data version is a new Atlas, so
nothing here is ever stale). It is also the one place that decides which facts belong to a corridor, a
segment or a place:

- a segment's facts name the segment; a place's facts name the place;
- a corridor's facts name the corridor or one of its segments. A place is not enough: a meeting in Kabul is
  about Kabul, not about every line through it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from threading import RLock
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from corridor.atlas.geometry import CorridorSummary, corridor_summary, country_names_for, lengths_km
from corridor.atlas.timeline import Dated, cited_dates, dated_history

if TYPE_CHECKING:
    from corridor.atlas.load import Atlas
    from corridor.atlas.model import CrossingStep, Fact, Segment, Source, StatusStep


T = TypeVar("T")
DERIVED_KEPT = 64
"""How many results `AtlasIndex.derived` keeps per data version (an export's tables for one selection are a few):
the least recently used beyond this are dropped, so exports at many dates cannot grow the memory without end."""


def _frozen(mapping: Mapping[str, list[T]]) -> MappingProxyType[str, tuple[T, ...]]:
    return MappingProxyType({key: tuple(values) for key, values in mapping.items()})


@dataclass(frozen=True)
class AtlasIndex:
    """Lookups, lengths and groupings of one atlas; build with `build_index`."""

    atlas: Atlas
    source_by_seed: Mapping[str, Source]
    facts_by_subject: Mapping[str, tuple[Fact, ...]]
    facts_by_seed: Mapping[str, tuple[Fact, ...]]
    dispute_group_of: Mapping[str, tuple[str, ...]]
    """Fact id -> every fact it contradicts, directly or through a chain of `disputes`, itself included, in
    data order; only facts with at least one such fact are keys."""
    segment_km: Mapping[str, float]
    """Segment id -> geodesic length in km."""
    corridor_places: Mapping[str, tuple[str, ...]]
    """Corridor id -> the places at the ends of its segments, in data order."""
    alternatives: Mapping[str, tuple[str, ...]]
    """Corridor id -> the names of its alternative routes (its segments' `variant`), in the order they first
    appear in the corridor's segments: each one's rank picks its symbol (`vocab.ALTERNATIVE`), the same at every
    date (the atlas at a date keeps the loaded atlas's)."""
    on_track: frozenset[str]
    """Places that some line of the data starts or ends at: where a route can begin or end (`network.station_for`
    serves every other place from one of them)."""
    country_names: Mapping[str, str]
    status_histories: Mapping[str, tuple[Dated[StatusStep], ...]]
    """Segment id -> its status history with each step's date (`timeline.dated_history`: an undated first
    step dated by its earliest source)."""
    crossing_histories: Mapping[str, tuple[Dated[CrossingStep], ...]]
    """Border crossing's place id -> its state history, dated the same way."""
    change_dates: tuple[dt.date, ...]
    """Every date on which what a map shows can change (an article's date, a line's status step, a first
    report of a line or a crossing's state), oldest first: between two of them every day draws the same."""
    _per_version: dict[Hashable, Any] = field(default_factory=dict, repr=False)
    """What `once` built: shared with the copies of the atlas at a date, whose index is built from this one."""
    _summaries: dict[str, CorridorSummary] = field(default_factory=dict, repr=False)
    _corridor_facts: dict[str, tuple[Fact, ...]] = field(default_factory=dict, repr=False)
    _derived: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict, repr=False)
    _lock: RLock = field(default_factory=RLock, repr=False)

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """`build()` computed once for this data version and `key`, then kept: an export's rows and frames per
        selection, so a second export of the same selection (or another format of it) reuses them."""
        # One lock, held while building: two requests for the same tables build them once. Reentrant, because
        # one derived table is built from others.
        with self._lock:
            if key in self._derived:
                self._derived.move_to_end(key)
                kept: T = self._derived[key]
                return kept
            value = build()
            self._derived[key] = value
            while len(self._derived) > DERIVED_KEPT:
                self._derived.popitem(last=False)
            return value

    def once(self, key: Hashable, build: Callable[[], T]) -> T:
        """`build()` computed once per data version and never dropped, shared by the atlas at every date: for
        what does not depend on a line's status on a date (every claim's record), under a few fixed keys."""
        with self._lock:
            if key not in self._per_version:
                self._per_version[key] = build()
            value: T = self._per_version[key]
            return value

    def facts_of(self, subject_id: str) -> list[Fact]:
        """The facts that belong to a corridor, segment, place or topic, in data order: THE rule every page,
        popup, balloon and export asks (see the module's docstring)."""
        if subject_id in self.atlas.corridors:
            return self.corridor_facts(subject_id)
        return list(self.facts_by_subject.get(subject_id, ()))

    def facts_about(self, subject_ids: Iterable[str]) -> list[Fact]:
        """Facts naming any of `subject_ids`, in data order, each once."""
        found = {f.id: f for subject in subject_ids for f in self.facts_by_subject.get(subject, ())}
        return [f for f in self.atlas.facts.values() if f.id in found]

    def corridor_facts(self, corridor_id: str) -> list[Fact]:
        """Facts about a corridor: naming it or one of its segments."""
        if corridor_id not in self._corridor_facts:
            corridor = self.atlas.corridors[corridor_id]
            self._corridor_facts[corridor_id] = tuple(self.facts_about([corridor_id, *corridor.segments]))
        return list(self._corridor_facts[corridor_id])

    def corridors_of_fact(self, fact: Fact) -> list[str]:
        """The corridors whose facts (as `corridor_facts` decides) include `fact`."""
        return [c for c in self.atlas.corridors if fact in self.corridor_facts(c)]

    def alternative_rank(self, segment: Segment, corridor_id: str | None) -> int | None:
        """The rank of the segment's alternative route among its corridor's (None: no alternative, or drawn as
        a context line)."""
        variant = segment.properties.variant
        if variant is None or corridor_id is None:
            return None
        return self.alternatives[corridor_id].index(variant)

    def summary(self, corridor_id: str) -> CorridorSummary:
        """The corridor's lengths, splits, gauges and counts (computed on first use, then kept)."""
        if corridor_id not in self._summaries:
            self._summaries[corridor_id] = corridor_summary(self.atlas, corridor_id)
        return self._summaries[corridor_id]


def _dispute_groups(facts: Mapping[str, Fact]) -> dict[str, tuple[str, ...]]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for fact in facts.values():
        for other in fact.disputes:
            if other in facts:
                neighbours[fact.id].add(other)
                neighbours[other].add(fact.id)
    groups: dict[str, tuple[str, ...]] = {}
    order = {fact_id: position for position, fact_id in enumerate(facts)}
    for start in neighbours:
        if start in groups:
            continue
        component, todo = set(), [start]
        while todo:
            current = todo.pop()
            if current not in component:
                component.add(current)
                todo.extend(neighbours[current] - component)
        group = tuple(sorted(component, key=order.__getitem__))
        groups.update(dict.fromkeys(group, group))
    return groups


def change_dates(atlas: Atlas, histories: Iterable[tuple[Dated[Any], ...]]) -> tuple[dt.date, ...]:
    """Article dates and the dates from which steps of `histories` hold, each once, oldest first."""
    articles = {s.date for s in atlas.sources.values() if s.date is not None}
    steps = {dated.since for history in histories for dated in history if dated.in_force and dated.since}
    return tuple(sorted(articles | steps))


def _corridor_places(atlas: Atlas) -> dict[str, tuple[str, ...]]:
    places = {}
    for corridor_id in atlas.corridors:
        segments = atlas.corridor_segments(corridor_id)
        ends = {p for s in segments for p in (s.properties.from_place, s.properties.to_place)}
        places[corridor_id] = tuple(p for p in atlas.places if p in ends)
    return places


def _alternatives(atlas: Atlas) -> dict[str, tuple[str, ...]]:
    found = {}
    for corridor in atlas.corridors.values():
        names = (atlas.segments[s].properties.variant for s in corridor.segments if s in atlas.segments)
        found[corridor.id] = tuple(dict.fromkeys(n for n in names if n is not None))
    return found


def _on_track(atlas: Atlas) -> frozenset[str]:
    return frozenset(p for s in atlas.segments.values() for p in (s.properties.from_place, s.properties.to_place))


def dated_index(loaded: AtlasIndex, dated: Atlas) -> AtlasIndex:
    """The index of the atlas at a date (`dated`: the loaded atlas's records, lines not yet announced left out,
    statuses as they were): lookups, lengths, change dates, claims (`once`) shared with the loaded atlas's
    index; its corridors' places, places on the track, summaries and derived tables its own."""
    return dataclasses.replace(
        loaded,
        atlas=dated,
        corridor_places=MappingProxyType(_corridor_places(dated)),
        on_track=_on_track(dated),
        _summaries={},
        _derived=OrderedDict(),
    )


def build_index(atlas: Atlas) -> AtlasIndex:
    """Everything derived from `atlas` that more than one page, map or export needs."""
    dates = cited_dates(atlas)
    statuses = {s.id: dated_history(s.properties.status_history, dates) for s in atlas.segments.values()}
    crossings = {
        p.id: dated_history(p.properties.crossing_history, dates)
        for p in atlas.places.values()
        if p.properties.crossing_history
    }
    by_subject: dict[str, list[Fact]] = defaultdict(list)
    by_seed: dict[str, list[Fact]] = defaultdict(list)
    for fact in atlas.facts.values():
        for subject in dict.fromkeys(fact.subjects):
            by_subject[subject].append(fact)
        by_seed[fact.seed].append(fact)
    return AtlasIndex(
        atlas=atlas,
        source_by_seed=MappingProxyType({s.file: s for s in atlas.sources.values()}),
        facts_by_subject=_frozen(by_subject),
        facts_by_seed=_frozen(by_seed),
        dispute_group_of=MappingProxyType(_dispute_groups(atlas.facts)),
        segment_km=MappingProxyType(
            dict(
                zip(atlas.segments, lengths_km([s.geometry.coordinates for s in atlas.segments.values()]), strict=True)
            )
        ),
        corridor_places=MappingProxyType(_corridor_places(atlas)),
        alternatives=MappingProxyType(_alternatives(atlas)),
        on_track=_on_track(atlas),
        country_names=MappingProxyType(country_names_for(atlas)),
        status_histories=MappingProxyType(statuses),
        crossing_histories=MappingProxyType(crossings),
        change_dates=change_dates(atlas, [*statuses.values(), *crossings.values()]),
    )
