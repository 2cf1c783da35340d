"""One dict per page: the HTML template renders it and the `.json` twin serialises it unchanged.

Everything here is plain data (str, int, float, bool, None, lists and dicts) so `json.dumps` takes it as is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from corridor.citations import cite_links, history_rows, status_text
from corridor.geometry import GaugeBreak
from corridor.load import Atlas
from corridor.model import FACT_KINDS, Fact, Segment
from corridor.quotes import passages
from corridor.text import STATUS_LABELS, country_name, gauge_text, kind_label, value_text
from corridor.timeline import atlas_on, facts_as_of, published_on, source_dates

MONEY_KINDS = ("investment", "cost", "trade_target")
TIME_KINDS = ("timeline",)


def subject_of(atlas: Atlas, subject_id: str) -> dict[str, str]:
    """What a fact subject id names: a corridor, place, segment or topic, with its display name."""
    kinds = (("corridor", atlas.corridors), ("segment", atlas.segments), ("place", atlas.places))
    for kind, records in kinds:
        record = records.get(subject_id)
        if record is not None:
            name = record.name if kind == "corridor" else record.properties.name
            return {"id": subject_id, "type": kind, "name": name}
    topic = atlas.topics.get(subject_id)
    if topic is not None:
        return {"id": subject_id, "type": "topic", "name": topic.name}
    return {"id": subject_id, "type": "unknown", "name": subject_id}


def fact_view(atlas: Atlas, fact: Fact) -> dict[str, Any]:
    """A fact with its subjects named and its source and article date resolved."""
    source = atlas.source_for_seed(fact.seed)
    published = published_on(atlas, fact)
    return {
        "id": fact.id,
        "statement": fact.statement,
        "kind": fact.kind,
        "kind_label": kind_label(fact.kind),
        "value": fact.value,
        "unit": fact.unit,
        "value_text": value_text(fact.value, fact.unit),
        "date": fact.date.isoformat() if fact.date else None,
        "date_note": fact.date_note,
        "subject_note": fact.subject_note,
        "quote": fact.quote,
        "subjects": [subject_of(atlas, s) for s in fact.subjects],
        "source_id": source.id if source else None,
        "source_title": source.title if source else fact.seed,
        "published": published.isoformat() if published else None,
        "published_kind": source.date_kind if source else None,
        "disputes": list(fact.disputes),
    }


def corridor_facts(atlas: Atlas, corridor_id: str, as_of: dt.date | None = None) -> list[Fact]:
    """The corridor's facts (as `AtlasIndex.corridor_facts` decides which they are), as of a date."""
    return facts_as_of(atlas, atlas.index.corridor_facts(corridor_id), as_of)


def timeline_view(atlas: Atlas, as_of: dt.date | None, shown: int, total: int) -> dict[str, Any]:
    """The "as of" control's state: the chosen date, the article dates to jump to, what the filter hid."""
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "dates": [d.isoformat() for d in source_dates(atlas)],
        "undated_sources": sum(1 for s in atlas.sources.values() if s.date is None),
        "shown": shown,
        "hidden": total - shown,
    }


def _km_rows(totals: dict[str, float], label: dict[str, str]) -> list[dict[str, Any]]:
    return [{"key": key, "label": label.get(key, key), "km": round(km, 1)} for key, km in totals.items()]


def _gauge_break_view(atlas: Atlas, gauge_break: GaugeBreak) -> dict[str, Any]:
    gauges = [gauge_text(g) for g in gauge_break.gauges_mm] + (["undecided"] if gauge_break.undecided else [])
    return {
        "place_id": gauge_break.place_id,
        "place_name": subject_of(atlas, gauge_break.place_id)["name"],
        "gauges": gauges,
        "certain": gauge_break.certain,
    }


def corridor_row(atlas: Atlas, corridor_id: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """One corridor's line in the comparison table: lengths, splits, gauges, headline claims, counts."""
    corridor = atlas.corridors[corridor_id]
    summary = atlas.index.summary(corridor_id)
    facts = corridor_facts(atlas, corridor_id, as_of)
    countries = {code: country_name(atlas, code) for code in [*corridor.countries, *summary.km_by_country]}
    return {
        "id": corridor.id,
        "name": corridor.name,
        "aliases": list(corridor.aliases),
        "colour": corridor.colour,
        "summary": corridor.summary,
        "countries": [{"code": c, "name": countries[c]} for c in corridor.countries],
        "length_km": round(summary.length_km, 1),
        "km_by_variant": _km_rows(summary.km_by_variant, {}),
        "km_by_country": _km_rows(summary.km_by_country, countries | {"n/a": "outside the map's borders"}),
        "km_by_status": _km_rows(summary.km_by_status, STATUS_LABELS),
        "gauges": [gauge_text(g) for g in summary.gauges_mm],
        "gauge_breaks": [_gauge_break_view(atlas, b) for b in summary.gauge_breaks],
        "money_claims": [fact_view(atlas, f) for f in facts if f.kind in MONEY_KINDS and f.value is not None],
        "time_claims": [fact_view(atlas, f) for f in facts if f.kind in TIME_KINDS],
        "fact_count": len(facts),
        "source_count": len({f.seed for f in facts}),
    }


def overview(atlas: Atlas, as_of: dt.date | None = None) -> dict[str, Any]:
    """The home page: every corridor side by side, lines with their status on `as_of`."""
    atlas = atlas_on(atlas, as_of)
    rows = [corridor_row(atlas, corridor_id, as_of) for corridor_id in atlas.corridors]
    shown = len(facts_as_of(atlas, atlas.facts.values(), as_of))
    return {
        "corridors": rows,
        "topics": topic_sections(atlas, None, as_of),
        "timeline": timeline_view(atlas, as_of, shown, len(atlas.facts)),
    }


def segment_row(atlas: Atlas, segment: Segment, as_of: dt.date | None = None) -> dict[str, Any]:
    """One line of a corridor's segments table: each attribute with where it comes from."""
    props = segment.properties
    return {
        "id": segment.id,
        "name": props.name,
        "from": subject_of(atlas, props.from_place)["name"],
        "to": subject_of(atlas, props.to_place)["name"],
        "status": props.status,
        "status_label": STATUS_LABELS[props.status],
        "status_source": status_text(atlas, segment, as_of),
        "status_history": history_rows(atlas, segment),
        "gauge": gauge_text(props.gauge_mm),
        "gauge_note": props.gauge_note,
        "gauge_sources": cite_links(atlas, props.gauge_cites),
        "alignment": props.alignment,
        "geometry_sources": cite_links(atlas, props.geometry_cites),
        "variant": props.variant,
        "countries": [country_name(atlas, c) for c in props.countries],
        "length_km": round(atlas.index.segment_km[segment.id], 1),
        "published_length_km": props.published_length_km,
        "published_length_note": props.published_length_note,
        "published_length_sources": cite_links(atlas, props.published_length_cites),
    }


def dispute_groups(atlas: Atlas, facts: Iterable[Fact], as_of: dt.date | None) -> list[list[dict[str, Any]]]:
    """Facts that contradict each other, grouped (directly or through a chain of `disputes`) to be shown side
    by side; each group holds at least one of `facts`, and only facts announced by `as_of`."""
    visible = {f.id for f in facts_as_of(atlas, atlas.facts.values(), as_of)}
    groups: list[tuple[str, ...]] = []
    for fact in facts:
        group = tuple(f for f in atlas.index.dispute_group_of.get(fact.id, ()) if f in visible)
        if fact.id in visible and len(group) > 1 and group not in groups:
            groups.append(group)
    return [[fact_view(atlas, atlas.facts[fact_id]) for fact_id in group] for group in groups]


def topic_sections(atlas: Atlas, corridor_id: str | None, as_of: dt.date | None) -> list[dict[str, Any]]:
    """The countries and relations behind a corridor (every topic on the overview), each with its facts as
    announced by `as_of`: claims that name no line, shown in a section of their own."""
    sections = []
    for topic in atlas.topics.values():
        if corridor_id is not None and corridor_id not in topic.corridors:
            continue
        facts = facts_as_of(atlas, [f for f in atlas.facts.values() if topic.id in f.subjects], as_of)
        if facts:
            sections.append({"id": topic.id, "name": topic.name, "facts": [fact_view(atlas, f) for f in facts]})
    return sections


def corridor_page(atlas: Atlas, corridor_id: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """A corridor: its numbers, its facts grouped by kind, its disagreements, its segments with their status on
    `as_of`, and the relations between its countries."""
    atlas = atlas_on(atlas, as_of)
    facts = corridor_facts(atlas, corridor_id, as_of)
    groups = [
        {"kind": kind, "label": kind_label(kind), "facts": [fact_view(atlas, f) for f in facts if f.kind == kind]}
        for kind in FACT_KINDS
    ]
    return {
        "corridor": corridor_row(atlas, corridor_id, as_of),
        "facts_by_kind": [group for group in groups if group["facts"]],
        "disputes": dispute_groups(atlas, facts, as_of),
        "segments": [segment_row(atlas, s, as_of) for s in atlas.corridor_segments(corridor_id)],
        "topics": topic_sections(atlas, corridor_id, as_of),
        "timeline": timeline_view(atlas, as_of, len(facts), len(corridor_facts(atlas, corridor_id))),
    }


def source_summary(atlas: Atlas, source_id: str) -> dict[str, Any]:
    """A source's metadata and how many facts cite it."""
    source = atlas.sources[source_id]
    return {
        "id": source.id,
        "file": source.file,
        "title": source.title,
        "date": source.date.isoformat() if source.date else None,
        "date_kind": source.date_kind,
        "date_note": source.date_note,
        "fact_count": len(atlas.index.facts_by_seed.get(source.file, ())),
    }


def sources_page(atlas: Atlas) -> dict[str, Any]:
    """Every article."""
    return {"sources": [source_summary(atlas, source_id) for source_id in atlas.sources]}


def source_page(atlas: Atlas, source_id: str) -> dict[str, Any]:
    """An article's text cut into passages, the quoted ones marked with the facts that quote them."""
    source = atlas.sources[source_id]
    facts = atlas.index.facts_by_seed.get(source.file, ())
    text = atlas.seed_texts.get(source.file, "")
    return {
        "source": source_summary(atlas, source_id),
        "passages": passages(text, [(f.id, f.quote) for f in facts]),
        "facts": [fact_view(atlas, f) for f in facts],
    }
