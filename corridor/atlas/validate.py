"""validate(atlas) -> list[Problem]: the checks that the schema alone cannot make."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import networkx as nx
from shapely.geometry import LineString
from shapely.validation import explain_validity

from corridor.atlas.geometry import countries_for, distance_km, km_by_country, km_to_country
from corridor.atlas.load import (
    CORRIDORS_FILE,
    FACTS_FILE,
    PLACES_FILE,
    REFERENCES_FILE,
    SEGMENTS_FILE,
    SOURCES_FILE,
    TOPICS_FILE,
    Atlas,
)
from corridor.atlas.network import corridor_path_km
from corridor.atlas.problems import Problem
from corridor.atlas.reference import COUNTRIES_FILE, reference_name

REGION_BOUNDS = (44.0, 20.0, 90.0, 56.0)
"""lon/lat box of the corridors' region: a place or line outside it is a typo or swapped coordinates (the basemap's
Natural Earth layers cover a wider box, `geodata/reference/README.md`)."""
MAX_END_GAP_KM = 1.0
"""How far a segment's end may lie from the place it names."""
MAX_PLACE_BORDER_KM = 5.0
"""How far outside its country's polygon a place may lie (Natural Earth 1:50m is generalised by 1-3 km)."""
MIN_UNLISTED_COUNTRY_KM = 8.0
"""Length inside a country polygon above which a segment must list it (50m borders near Torghundi are off ~6 km)."""

Check = Callable[[Atlas], Iterator[Problem]]


def _in_region(lon: float, lat: float) -> bool:
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat


def check_coordinates(atlas: Atlas) -> Iterator[Problem]:
    """Every vertex lies inside the region the project maps."""
    for place in atlas.places.values():
        if not _in_region(*place.geometry.coordinates):
            yield Problem(
                PLACES_FILE,
                place.id,
                "geometry.coordinates",
                f"{place.geometry.coordinates} is outside the mapped region {REGION_BOUNDS} (lon, lat order? swapped?)",
            )
    for segment in atlas.segments.values():
        outside = [c for c in segment.geometry.coordinates if not _in_region(*c)]
        if outside:
            yield Problem(
                SEGMENTS_FILE,
                segment.id,
                "geometry.coordinates",
                f"{len(outside)} vertex(es) outside the mapped region, first {outside[0]}",
            )


def check_geometry_validity(atlas: Atlas) -> Iterator[Problem]:
    """Lines are valid, simple enough to measure, and not degenerate."""
    for segment in atlas.segments.values():
        line = LineString(segment.geometry.coordinates)
        if not line.is_valid:
            yield Problem(SEGMENTS_FILE, segment.id, "geometry", explain_validity(line))
        elif line.length == 0:
            yield Problem(SEGMENTS_FILE, segment.id, "geometry", "line has zero length")
        repeated = sum(a == b for a, b in zip(line.coords, line.coords[1:], strict=False))
        if repeated:
            yield Problem(SEGMENTS_FILE, segment.id, "geometry.coordinates", f"{repeated} repeated vertex(es)")


def check_segment_ends(atlas: Atlas) -> Iterator[Problem]:
    """Each segment starts at its from_place and ends at its to_place."""
    for segment in atlas.segments.values():
        props = segment.properties
        ends = {"from_place": segment.geometry.coordinates[0], "to_place": segment.geometry.coordinates[-1]}
        for field, end in ends.items():
            place = atlas.places.get(getattr(props, field))
            if place is None:
                yield Problem(
                    SEGMENTS_FILE, segment.id, f"properties.{field}", f"unknown place {getattr(props, field)!r}"
                )
                continue
            gap = distance_km(end, place.geometry.coordinates)
            if gap > MAX_END_GAP_KM:
                yield Problem(
                    SEGMENTS_FILE,
                    segment.id,
                    f"properties.{field}",
                    f"line end {tuple(end)} is {gap:.1f} km from {place.id}; move the vertex onto the place",
                )


def check_corridor_membership(atlas: Atlas) -> Iterator[Problem]:
    """Corridors and segments name each other both ways, and each corridor is connected."""
    for segment in atlas.segments.values():
        for corridor_id in segment.properties.corridors:
            corridor = atlas.corridors.get(corridor_id)
            if corridor is None:
                yield Problem(SEGMENTS_FILE, segment.id, "properties.corridors", f"unknown corridor {corridor_id!r}")
            elif segment.id not in corridor.segments:
                yield Problem(
                    CORRIDORS_FILE,
                    corridor_id,
                    "segments",
                    f"segment {segment.id!r} names this corridor but is not listed here",
                )
    for corridor in atlas.corridors.values():
        for segment_id in corridor.segments:
            listed = atlas.segments.get(segment_id)
            if listed is None:
                yield Problem(CORRIDORS_FILE, corridor.id, "segments", f"unknown segment {segment_id!r}")
            elif corridor.id not in listed.properties.corridors:
                yield Problem(
                    SEGMENTS_FILE,
                    segment_id,
                    "properties.corridors",
                    f"corridor {corridor.id!r} lists this segment but the segment does not name it",
                )
        yield from _check_connected(atlas, corridor.id)


def _check_connected(atlas: Atlas, corridor_id: str) -> Iterator[Problem]:
    graph: nx.Graph[str] = nx.Graph()
    for segment in atlas.corridor_segments(corridor_id):
        graph.add_edge(segment.properties.from_place, segment.properties.to_place)
    if graph.number_of_nodes() and not nx.is_connected(graph):
        parts = sorted(sorted(part) for part in nx.connected_components(graph))
        yield Problem(
            CORRIDORS_FILE, corridor_id, "segments", f"segments form {len(parts)} disconnected parts: {parts}"
        )


def check_unique_ids(atlas: Atlas) -> Iterator[Problem]:
    """Ids are one namespace: a fact subject must name exactly one thing."""
    owners = {
        PLACES_FILE: atlas.places,
        SEGMENTS_FILE: atlas.segments,
        CORRIDORS_FILE: atlas.corridors,
        FACTS_FILE: atlas.facts,
        TOPICS_FILE: atlas.topics,
        REFERENCES_FILE: atlas.references,
    }
    counts = Counter(i for records in owners.values() for i in records)
    for file, records in owners.items():
        for record_id in records:
            if counts[record_id] > 1:
                yield Problem(
                    file, record_id, "id", "id is used by more than one place/segment/corridor/fact/topic/reference"
                )


def check_fact_references(atlas: Atlas) -> Iterator[Problem]:
    """Fact subjects, disputes and seeds resolve; dispute links go both ways."""
    subjects = set(atlas.places) | set(atlas.segments) | set(atlas.corridors) | set(atlas.topics)
    for fact in atlas.facts.values():
        for subject in fact.subjects:
            if subject not in subjects:
                yield Problem(FACTS_FILE, fact.id, "subjects", f"unknown subject {subject!r}")
        for other_id in fact.disputes:
            other = atlas.facts.get(other_id)
            if other_id == fact.id:
                yield Problem(FACTS_FILE, fact.id, "disputes", "a fact cannot dispute itself")
            elif other is None:
                yield Problem(FACTS_FILE, fact.id, "disputes", f"unknown fact {other_id!r}")
            elif fact.id not in other.disputes:
                yield Problem(FACTS_FILE, other_id, "disputes", f"missing the link back to {fact.id!r}")
        if fact.seed not in atlas.index.source_by_seed:
            yield Problem(FACTS_FILE, fact.id, "seed", f"{fact.seed!r} has no entry in {SOURCES_FILE}")


def check_quotes(atlas: Atlas) -> Iterator[Problem]:
    """Every quote occurs verbatim, byte for byte, in the seed it cites."""
    for fact in atlas.facts.values():
        text = atlas.seed_texts.get(fact.seed)
        if text is None:
            yield Problem(FACTS_FILE, fact.id, "seed", f"seed file {fact.seed!r} not found in seeds/")
        elif fact.quote not in text:
            yield Problem(FACTS_FILE, fact.id, "quote", f"not found verbatim in {fact.seed}: {fact.quote[:60]!r}")


def check_sources(atlas: Atlas) -> Iterator[Problem]:
    """Every source's file exists, every seed has a source, and every source is cited."""
    cited = Counter(f.seed for f in atlas.facts.values())
    listed = {s.file for s in atlas.sources.values()}
    for source in atlas.sources.values():
        if source.file != f"{source.id}.txt":
            yield Problem(SOURCES_FILE, source.id, "file", f"{source.file!r} does not match the id")
        if source.file not in atlas.seed_texts:
            yield Problem(SOURCES_FILE, source.id, "file", f"{source.file!r} not found in seeds/")
        if not cited[source.file]:
            yield Problem(SOURCES_FILE, source.id, "file", "no fact cites this seed; add its facts")
    for seed in atlas.seed_texts:
        if seed not in listed:
            yield Problem(SOURCES_FILE, seed, "file", f"seed {seed!r} has no entry in {SOURCES_FILE}")


def check_countries(atlas: Atlas) -> Iterator[Problem]:
    """Places lie in (or within a few km of) their country; segments list the countries they cross."""
    countries = countries_for(atlas)
    for place in atlas.places.values():
        polygon = countries.get(place.properties.country)
        if polygon is None:
            yield Problem(
                PLACES_FILE,
                place.id,
                "properties.country",
                f"{place.properties.country!r} is not a country of the reference map",
            )
            continue
        gap = km_to_country(place.geometry.coordinates, polygon)
        if gap > MAX_PLACE_BORDER_KM:
            yield Problem(
                PLACES_FILE,
                place.id,
                "geometry",
                f"{gap:.0f} km outside {place.properties.country}; check the coordinates",
            )
    for segment in atlas.segments.values():
        crossed = km_by_country(LineString(segment.geometry.coordinates), countries)
        unlisted = [
            c
            for c, km in crossed.items()
            if km > MIN_UNLISTED_COUNTRY_KM and c in countries and c not in segment.properties.countries
        ]
        if unlisted:
            yield Problem(
                SEGMENTS_FILE,
                segment.id,
                "properties.countries",
                f"line runs {', '.join(f'{crossed[c]:.0f} km in {c}' for c in unlisted)} but does not list it",
            )


def _cited_fields(atlas: Atlas) -> Iterator[tuple[str, str, str, list[str]]]:
    """Every citation list in the data: (file, record id, field, cited ids)."""
    for segment in atlas.segments.values():
        props = segment.properties
        for index, step in enumerate(props.status_history):
            yield SEGMENTS_FILE, segment.id, f"properties.status_history.{index}.cites", step.cites
        yield SEGMENTS_FILE, segment.id, "properties.gauge_cites", props.gauge_cites
        yield SEGMENTS_FILE, segment.id, "properties.published_length_cites", props.published_length_cites
        yield SEGMENTS_FILE, segment.id, "properties.geometry_cites", props.geometry_cites
    for corridor in atlas.corridors.values():
        for index, route in enumerate(corridor.published_routes):
            yield CORRIDORS_FILE, corridor.id, f"published_routes.{index}.cites", route.cites
    for fact in atlas.facts.values():
        yield FACTS_FILE, fact.id, "context_cites", fact.context_cites
    for place in atlas.places.values():
        yield PLACES_FILE, place.id, "properties.location_cites", place.properties.location_cites
        for index, crossing_step in enumerate(place.properties.crossing_history):
            yield PLACES_FILE, place.id, f"properties.crossing_history.{index}.cites", crossing_step.cites


def _uncited_steps(
    file: str, record_id: str, field: str, label: str, steps: Sequence[tuple[str, list[str]]]
) -> Iterator[Problem]:
    """A problem for each dated step (its value, its cited ids) that cites nothing."""
    for index, (value, cites) in enumerate(steps):
        if not cites:
            yield Problem(
                file,
                record_id,
                f"{field}.{index}.cites",
                f"{label} {value!r} cites no reference or fact; add one to {REFERENCES_FILE}",
            )


def check_citations(atlas: Atlas) -> Iterator[Problem]:
    """Cited ids name a reference or a fact, and every status step, known gauge, published length and place
    position cites one:
    attributes the seeds do not give must say where they come from. Every reference is cited somewhere."""
    cited: set[str] = set()
    for file, record_id, field, ids in _cited_fields(atlas):
        cited.update(ids)
        for cited_id in ids:
            if cited_id not in atlas.references and cited_id not in atlas.facts:
                yield Problem(file, record_id, field, f"{cited_id!r} is neither a reference nor a fact")
    for segment in atlas.segments.values():
        props = segment.properties
        statuses = [(step.status, step.cites) for step in props.status_history]
        yield from _uncited_steps(SEGMENTS_FILE, segment.id, "properties.status_history", "status", statuses)
        if props.gauge_mm is not None and not props.gauge_cites:
            yield Problem(
                SEGMENTS_FILE,
                segment.id,
                "properties.gauge_cites",
                f"gauge {props.gauge_mm} mm cites no source; "
                "cite a reference or fact, or set gauge_mm to null with a gauge_note",
            )
        if not props.geometry_cites:
            yield Problem(
                SEGMENTS_FILE,
                segment.id,
                "properties.geometry_cites",
                "the line's course cites no source; cite the reference or fact that names its end points or "
                "stations (a schematic line too) and say how in geometry_note",
            )
        if props.published_length_km is not None and not props.published_length_cites:
            yield Problem(
                SEGMENTS_FILE,
                segment.id,
                "properties.published_length_cites",
                f"published length {props.published_length_km} km cites no source; cite a reference or fact",
            )
    for fact in atlas.facts.values():
        if fact.context_note and not fact.context_cites:
            yield Problem(
                FACTS_FILE,
                fact.id,
                "context_cites",
                f"the context note cites no source; add the page it comes from to {REFERENCES_FILE}",
            )
    for place in atlas.places.values():
        if not place.properties.location_cites:
            yield Problem(
                PLACES_FILE,
                place.id,
                "properties.location_cites",
                "position cites no source; cite the reference or fact its coordinates were read from "
                f"(add the reference to {REFERENCES_FILE}) and say how in location_note",
            )
    for reference_id in atlas.references:
        if reference_id not in cited:
            yield Problem(REFERENCES_FILE, reference_id, "id", "no record cites this reference; cite it or remove it")


def check_status_history(atlas: Atlas) -> Iterator[Problem]:
    """A history runs oldest first (an undated step only at its start) and ends in the segment's status."""
    for segment in atlas.segments.values():
        props = segment.properties
        history = props.status_history
        if history[-1].status != props.status:
            yield Problem(
                SEGMENTS_FILE,
                segment.id,
                "properties.status",
                f"{props.status!r} is not the status of the last history step ({history[-1].status!r})",
            )
        order = _step_order([step.since for step in history])
        if order:
            yield Problem(SEGMENTS_FILE, segment.id, "properties.status_history", order)


def _step_order(dates: list[dt.date | None]) -> str | None:
    """Why dated steps are out of order (an undated step only at the start, then oldest first), or None."""
    if any(date is None for date in dates[1:]):
        return "only the first step may have no date"
    known = [date for date in dates if date is not None]
    return None if known == sorted(known) else "steps are not oldest first"


def check_crossing_history(atlas: Atlas) -> Iterator[Problem]:
    """Every border crossing says, step by dated step, whether it is open, each step citing a page; other places
    have no such history."""
    for place in atlas.places.values():
        props = place.properties
        if props.kind != "border_crossing":
            if props.crossing_history:
                yield Problem(
                    PLACES_FILE, place.id, "properties.crossing_history", f"a {props.kind} is no border crossing"
                )
            continue
        if not props.crossing_history:
            yield Problem(
                PLACES_FILE,
                place.id,
                "properties.crossing_history",
                "a border crossing needs at least one step (open, restricted or closed) citing a reference",
            )
            continue
        states = [(step.state, step.cites) for step in props.crossing_history]
        yield from _uncited_steps(PLACES_FILE, place.id, "properties.crossing_history", "state", states)
        order = _step_order([step.since for step in props.crossing_history])
        if order:
            yield Problem(PLACES_FILE, place.id, "properties.crossing_history", order)


def _dated_steps(atlas: Atlas) -> Iterator[tuple[str, str, str, dt.date, list[str]]]:
    """Every dated step in the data: (file, record id, field, date, cited ids)."""
    for segment in atlas.segments.values():
        for index, step in enumerate(segment.properties.status_history):
            if step.since is not None:
                yield SEGMENTS_FILE, segment.id, f"properties.status_history.{index}.since", step.since, step.cites
    for place in atlas.places.values():
        for index, crossing_step in enumerate(place.properties.crossing_history):
            if crossing_step.since is not None:
                field = f"properties.crossing_history.{index}.since"
                yield PLACES_FILE, place.id, field, crossing_step.since, crossing_step.cites


def check_step_dates_within_pages(atlas: Atlas) -> Iterator[Problem]:
    """A page cannot report a step that happened after it was published: a dated step's date is on or before the
    date of every dated reference it cites (undated references, and facts, are not compared)."""
    for file, record_id, field, since, cites in _dated_steps(atlas):
        for cited_id in cites:
            reference = atlas.references.get(cited_id)
            if reference is not None and reference.date is not None and since > reference.date:
                yield Problem(
                    file,
                    record_id,
                    field,
                    f"{since} is after {cited_id!r} was published ({reference.date}); "
                    "a page cannot report a later step: check the date or cite a later page",
                )


def _corridor_reference_ids(atlas: Atlas, corridor_id: str) -> set[str]:
    """The reference ids a corridor's segments and their end places cite."""
    places: set[str] = set()
    ids: set[str] = set()
    for file, record_id, _field, cited in _cited_fields(atlas):
        if file == CORRIDORS_FILE and record_id == corridor_id:
            ids.update(cited)
        segment = atlas.segments.get(record_id) if file == SEGMENTS_FILE else None
        if segment is not None and corridor_id in segment.properties.corridors:
            ids.update(cited)
            places.update((segment.properties.from_place, segment.properties.to_place))
    for file, record_id, _field, cited in _cited_fields(atlas):
        if file == PLACES_FILE and record_id in places:
            ids.update(cited)
    return {i for i in ids if i in atlas.references}


def check_review_dates(atlas: Atlas) -> Iterator[Problem]:
    """Every corridor says when its data was last checked against the news, and that date is not older than any
    page its segments and places cite (a review cannot have read a page published after it)."""
    for corridor in atlas.corridors.values():
        if corridor.reviewed_on is None:
            yield Problem(
                CORRIDORS_FILE,
                corridor.id,
                "reviewed_on",
                "no review date; give the ISO date the data was last checked against the news",
            )
            continue
        dated = [
            (atlas.references[i].date, i)
            for i in _corridor_reference_ids(atlas, corridor.id)
            if atlas.references[i].date is not None
        ]
        newest = max(dated, default=None)
        if newest is not None and newest[0] is not None and newest[0] > corridor.reviewed_on:
            yield Problem(
                CORRIDORS_FILE,
                corridor.id,
                "reviewed_on",
                f"{corridor.reviewed_on} is before {newest[1]!r} ({newest[0]}), which the corridor cites; "
                "move the review date on",
            )


def check_published_routes(atlas: Atlas) -> Iterator[Problem]:
    """A published route length cites its source (a route listed with none published cites nothing) and names
    places the corridor's own lines join, in order, so the drawn length beside it is measured between the same
    places."""
    for corridor in atlas.corridors.values():
        for index, route in enumerate(corridor.published_routes):
            field = f"published_routes.{index}"
            if route.km is not None and not route.cites:
                yield Problem(CORRIDORS_FILE, corridor.id, f"{field}.cites", f"{route.km} km cites no source")
            stops = [route.from_place, *route.via, route.to_place]
            unknown = [stop for stop in stops if stop not in atlas.places]
            if unknown:
                yield Problem(CORRIDORS_FILE, corridor.id, field, f"unknown place {unknown[0]!r}")
            elif corridor_path_km(atlas, corridor.id, stops) is None:
                yield Problem(
                    CORRIDORS_FILE,
                    corridor.id,
                    field,
                    f"the corridor's lines do not join {' → '.join(stops)}; name places on its lines",
                )


def check_schematic_rule(atlas: Atlas) -> Iterator[Problem]:
    """A line known only by its two end points is schematic, whatever else is known about it."""
    for segment in atlas.segments.values():
        if len(segment.geometry.coordinates) == 2 and segment.properties.alignment != "schematic":
            yield Problem(
                SEGMENTS_FILE,
                segment.id,
                "properties.alignment",
                f"a line of only its two end points is 'schematic', not {segment.properties.alignment!r}; "
                "trace it through published intermediate stations or call it schematic",
            )


MAINTAINERS_WORDS = re.compile(r"\bREADME\b|geodata/|\bTODO\b|\bFIXME\b|\bmaintainers?\b|\bcurators?\b", re.IGNORECASE)
"""Words of notes to the people who keep the data, which no reader surface (popup, page, KML, export) should
carry: every text of places, segments, corridors, claims, articles and topics reaches one of them (references'
`supports`, which say what a page is cited for, reach none)."""


def _texts(value: Any, field: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{field}.{key}" if field else str(key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _texts(item, f"{field}.{position}")


def check_reader_texts(atlas: Atlas) -> Iterator[Problem]:
    """Texts that readers see say nothing addressed to maintainers (`MAINTAINERS_WORDS`)."""
    records: list[tuple[str, str, Any]] = [
        *((PLACES_FILE, p.id, p.properties) for p in atlas.places.values()),
        *((SEGMENTS_FILE, s.id, s.properties) for s in atlas.segments.values()),
        *((CORRIDORS_FILE, c.id, c) for c in atlas.corridors.values()),
        *((FACTS_FILE, f.id, f) for f in atlas.facts.values()),
        *((SOURCES_FILE, s.id, s) for s in atlas.sources.values()),
        *((TOPICS_FILE, t.id, t) for t in atlas.topics.values()),
    ]
    for file, record_id, record in records:
        prefix = "properties" if file in (PLACES_FILE, SEGMENTS_FILE) else ""
        for field, text in _texts(record.model_dump(mode="json", exclude={"quote"}), prefix):
            if match := MAINTAINERS_WORDS.search(text):
                yield Problem(
                    file,
                    record_id,
                    field,
                    f"says {match.group(0)!r}: a note to maintainers reaches readers (popups, pages, KML, "
                    "exports); say it in the reader's terms or keep it out of the data",
                )


def _names(atlas: Atlas, subject_id: str) -> list[str]:
    """The names and aliases that identify a corridor, segment or place in an article's text."""
    if subject_id in atlas.places:
        place = atlas.places[subject_id].properties  # a place's name and aliases
        return [place.name, *place.aliases]
    if subject_id in atlas.segments:
        segment = atlas.segments[subject_id].properties
        return [segment.name, *_names(atlas, segment.from_place), *_names(atlas, segment.to_place)]
    corridor = atlas.corridors.get(subject_id)
    if corridor is None:
        return []
    places = {p for s in atlas.corridor_segments(subject_id) for p in (s.properties.from_place, s.properties.to_place)}
    return [corridor.name, *corridor.aliases, *(name for p in sorted(places) for name in _names(atlas, p))]


def check_subjects_named(atlas: Atlas) -> Iterator[Problem]:
    """A fact is about a corridor, segment or place only if its article names it (or one of its places), or the
    fact says why in `subject_note`; otherwise it belongs to a country or relations topic."""
    for fact in atlas.facts.values():
        text = atlas.seed_texts.get(fact.seed, "").casefold()
        for subject in fact.subjects:
            if subject in atlas.topics or fact.subject_note:
                continue
            names = _names(atlas, subject)
            if names and not any(name.casefold() in text for name in names):
                yield Problem(
                    FACTS_FILE,
                    fact.id,
                    "subjects",
                    f"{fact.seed} does not name {subject!r} or any of its places; attach the fact to a topic "
                    "(country or relations) or give the reason in subject_note",
                )


def check_event_dates(atlas: Atlas) -> Iterator[Problem]:
    """An article's dateline or file date says when it was written, not when its events happened: a fact's
    event date may not simply repeat it."""
    for fact in atlas.facts.values():
        source = atlas.index.source_by_seed.get(fact.seed)
        if source is None or source.date_kind in (None, "published") or fact.date != source.date:
            continue
        kind = "dateline" if source.date_kind == "dateline" else "file date"
        yield Problem(
            FACTS_FILE,
            fact.id,
            "date",
            f"{fact.date} is the article's {kind}, not the date of the event; set date to null and say in "
            "date_note what the article gives",
        )


def check_topics(atlas: Atlas) -> Iterator[Problem]:
    """Topics name known corridors."""
    for topic in atlas.topics.values():
        for corridor_id in topic.corridors:
            if corridor_id not in atlas.corridors:
                yield Problem(TOPICS_FILE, topic.id, "corridors", f"unknown corridor {corridor_id!r}")


CHECKS: tuple[Check, ...] = (
    check_coordinates,
    check_geometry_validity,
    check_segment_ends,
    check_corridor_membership,
    check_unique_ids,
    check_fact_references,
    check_quotes,
    check_sources,
    check_countries,
    check_citations,
    check_status_history,
    check_crossing_history,
    check_step_dates_within_pages,
    check_review_dates,
    check_published_routes,
    check_schematic_rule,
    check_reader_texts,
    check_subjects_named,
    check_event_dates,
    check_topics,
)


CHECK_FILES: dict[Check, str] = {check_coordinates: SEGMENTS_FILE, check_countries: reference_name(COUNTRIES_FILE)}


def run_check(check: Check, atlas: Atlas) -> list[Problem]:
    """The check's problems; a check that fails on data the schema let through is a problem, not a crash."""
    try:
        return list(check(atlas))
    except Exception as exc:  # noqa: BLE001 - e.g. a GEOS error on a geometry the schema cannot judge
        file = CHECK_FILES.get(check, "-")
        return [Problem(file, "-", check.__name__, f"the check could not run: {type(exc).__name__}: {exc}"[:300])]


def validate(atlas: Atlas) -> list[Problem]:
    """Every problem the checks find, sorted by file, feature and field."""
    return sorted(problem for check in CHECKS for problem in run_check(check, atlas))
