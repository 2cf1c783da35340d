"""One dict per page: the HTML template renders it and the `.json` twin serialises it unchanged.

Everything here is plain data (str, int, float, bool, None, lists and dicts) so `json.dumps` takes it as is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from corridor.atlas.changes import change_days
from corridor.atlas.geometry import OUTSIDE_COUNTRIES, GaugeBreak
from corridor.atlas.load import Atlas
from corridor.atlas.model import FACT_KINDS, Fact, Segment
from corridor.atlas.network import crossings_of_corridor
from corridor.atlas.timeline import atlas_on, crossing_on, drawn_on, facts_as_of, published_on, source_dates
from corridor.display.captions import drawn_for
from corridor.display.citations import (
    cite_links,
    crossing_rows,
    crossing_text,
    history_rows,
    published_route_rows,
    status_cites,
    status_text,
)
from corridor.display.claims import NO_HEADLINE, claim_record, source_title, subject_of
from corridor.display.quotes import passages
from corridor.display.text import (
    OUTSIDE_BORDERS_NOTE,
    STATUS_LABELS,
    country_name,
    gauge_text,
    kind_label,
    km_label,
    km_text,
    qualifier_of,
    value_text,
)
from corridor.display.vocab import corridor_colour
from corridor.pages.changes import map_changes_panel

MONEY_KINDS = ("investment", "cost")
"""Railway money: what is to be invested in or spent on the line."""
TRADE_KINDS = ("trade_target",)
"""Trade the line is meant to bring: a target, not money for the railway."""
TIME_KINDS = ("timeline",)


SCRAPE_TITLE_PREFIX = "title:"


def citation_line(fact: dict[str, Any], permalink: str) -> str:
    """One line to paste into a report: our statement, the article's title and date, the seed file and a link
    to the highlighted passage."""
    date = fact["published"] or "undated"
    return f"{fact['statement']} Source: “{fact['source_title']}”, {date}, seeds/{fact['seed']}, {permalink}"


def corridor_facts(atlas: Atlas, corridor_id: str, as_of: dt.date | None = None) -> list[Fact]:
    """The corridor's facts (as `AtlasIndex.corridor_facts` decides which they are), as of a date."""
    return facts_as_of(atlas, atlas.index.corridor_facts(corridor_id), as_of)


def timeline_view(
    atlas: Atlas, as_of: dt.date | None, shown: int, total: int, corridor_id: str | None = None
) -> dict[str, Any]:
    """The "as of" control's state: the chosen date, the date the map is drawn at (the latest change on or
    before it: every day in between draws the same) and in words, as the map's legend says it, the day before
    the last change (of the corridor, when given) up to the date, to show that change on the changes page, the
    article dates to jump to, what the filter hid."""
    drawn = drawn_on(atlas, as_of)
    days = change_days(atlas, corridor_id) if as_of is not None else []
    latest = max((day for day in days if as_of is not None and day <= as_of), default=None)
    earlier = [day for day in days if latest is not None and day < latest]
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "map_as_of": drawn.isoformat() if drawn else None,
        "map_date": f"lines and claims {drawn_for(atlas, drawn or as_of)}" if as_of else None,
        "compare_from": earlier[-1].isoformat() if earlier else None,
        "dates": [d.isoformat() for d in source_dates(atlas)],
        "undated_sources": sum(1 for s in atlas.sources.values() if s.date is None),
        "shown": shown,
        "hidden": total - shown,
    }


def km_rows(totals: dict[str, float], labels: dict[str, str]) -> list[dict[str, Any]]:
    """A km split as rows; `text` is rounded once from the exact length, as the CLI prints it."""
    return [
        {
            "key": key,
            "label": km_label(key, labels),
            "km": round(km, 1),
            "text": km_text(km),
            "note": OUTSIDE_BORDERS_NOTE if key == OUTSIDE_COUNTRIES else None,
        }
        for key, km in totals.items()
    ]


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
        "colour": corridor_colour(corridor.id),
        "summary": corridor.summary,
        "countries": [{"code": c, "name": countries[c]} for c in corridor.countries],
        "length_km": round(summary.length_km, 1),
        "length_text": km_text(summary.length_km),
        "km_by_variant": km_rows(summary.km_by_variant, {}),
        "km_by_country": km_rows(summary.km_by_country, countries),
        "km_by_status": km_rows(summary.km_by_status, STATUS_LABELS),
        "gauges": [gauge_text(g) for g in summary.gauges_mm],
        "gauge_breaks": [_gauge_break_view(atlas, b) for b in summary.gauge_breaks],
        "money_claims": [claim_record(atlas, f) for f in facts if f.kind in MONEY_KINDS and f.value is not None],
        "trade_targets": [claim_record(atlas, f) for f in facts if f.kind in TRADE_KINDS and f.value is not None],
        "time_claims": [claim_record(atlas, f) for f in facts if f.kind in TIME_KINDS and f.value is not None],
        "other_time_claims": sum(1 for f in facts if f.kind in TIME_KINDS and f.value is None),
        "fact_count": len(facts),
        "source_count": len({f.seed for f in facts}),
        "reviewed_on": corridor.reviewed_on.isoformat() if corridor.reviewed_on else None,
        "known_missing": list(corridor.known_missing),
        "published_routes": published_route_rows(atlas, corridor_id),
        "crossings": corridor_crossings(atlas, corridor_id, as_of),
    }


def corridor_crossings(atlas: Atlas, corridor_id: str, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """The border crossings the corridor's lines pass, each with its state on `as_of` and its history."""
    places = [atlas.places[i] for i in crossings_of_corridor(atlas, corridor_id) if i in atlas.places]
    return [
        {
            "id": place.id,
            "name": place.properties.name,
            "state": (dated.step.state if (dated := crossing_on(atlas, place, as_of)) else None),
            "state_text": crossing_text(atlas, place, as_of),
            "history": crossing_rows(atlas, place),
        }
        for place in places
    ]


def overview(atlas: Atlas, as_of: dt.date | None = None) -> dict[str, Any]:
    """The home page: every corridor side by side, lines with their status on `as_of`."""
    atlas = atlas_on(atlas, as_of)
    rows = [corridor_row(atlas, corridor_id, as_of) for corridor_id in atlas.corridors]
    shown = len(facts_as_of(atlas, atlas.facts.values(), as_of))
    return {
        "corridors": rows,
        "topics": topic_sections(atlas, None, as_of),
        "timeline": timeline_view(atlas, as_of, shown, len(atlas.facts)),
        "map_changes": map_changes_panel(atlas, as_of),
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
        "status_cites": status_cites(atlas, segment, as_of),
        "status_history": history_rows(atlas, segment),
        "gauge": gauge_text(props.gauge_mm),
        "gauge_note": props.gauge_note,
        "gauge_sources": cite_links(atlas, props.gauge_cites),
        "alignment": props.alignment,
        "geometry_sources": cite_links(atlas, props.geometry_cites),
        "variant": props.variant,
        "countries": [country_name(atlas, c) for c in props.countries],
        "length_km": round(atlas.index.segment_km[segment.id], 1),
        "length_text": km_text(atlas.index.segment_km[segment.id]),
        "published_length_km": props.published_length_km,
        "published_length_note": props.published_length_note,
        "published_length_sources": cite_links(atlas, props.published_length_cites),
    }


def _scheduled(atlas: Atlas, fact: Fact) -> bool:
    """The claim is of something still to come when its article was written."""
    published = published_on(atlas, fact)
    later = fact.date is not None and published is not None and fact.date > published
    return later or "scheduled" in (fact.date_note or "").lower()


def _when(atlas: Atlas, fact: Fact) -> str | None:
    """The claim's date, or else its dated article's (what the article reports has happened by then)."""
    if fact.date is not None:
        return fact.date.isoformat()
    published = published_on(atlas, fact)
    return f"by {published.isoformat()}, the article's date" if published and not _scheduled(atlas, fact) else None


def dispute_summary(atlas: Atlas, facts: list[Fact]) -> str:
    """What the claims of one disagreement differ on, in one sentence built from their fields."""
    aspects = []
    amounts = list(dict.fromkeys(value_text(f.value, f.unit) for f in facts if f.value is not None))
    if len(amounts) > 1:
        aspects.append(f"the amount ({' or '.join(amounts)})")
    elif amounts:
        qualifiers = list(dict.fromkeys(qualifier_of(f.quote, f.statement) for f in facts if f.value is not None))
        if len(qualifiers) > 1:
            worded = ", ".join(f"“{q}”" if q else "no qualifier" for q in qualifiers)
            ceiling = any(q and ("up to" in q or "as much as" in q) for q in qualifiers)
            aspects.append(
                f"how the {amounts[0]} is worded ({worded})" + (": a ceiling or the value" if ceiling else "")
            )
    dates = list(dict.fromkeys(when for f in facts if (when := _when(atlas, f))))
    if len(dates) > 1:
        aspects.append(f"the date ({' or '.join(dates)})")
    if len({_scheduled(atlas, f) for f in facts}) > 1:
        aspects.append("whether it has happened or is still to come")
    kinds = list(dict.fromkeys(kind_label(f.kind) for f in facts))
    if len(kinds) > 1:
        aspects.append(f"the stage reached ({' or '.join(kinds)})")
    if not aspects:
        return "The articles word this claim differently."
    return "The articles disagree on " + "; ".join(aspects) + "."


def dispute_groups(atlas: Atlas, facts: Iterable[Fact], as_of: dt.date | None) -> list[dict[str, Any]]:
    """Facts that contradict each other, grouped (directly or through a chain of `disputes`) to be shown side
    by side with what they disagree on; each group holds at least one of `facts`, and only facts announced by
    `as_of`. A group's `anchor` is the same on every page that links to it."""
    visible = {f.id for f in facts_as_of(atlas, atlas.facts.values(), as_of)}
    placed: set[str] = set()
    groups: list[dict[str, Any]] = []
    for fact in facts:
        if fact.id in placed or fact.id not in visible:
            continue
        whole = atlas.index.dispute_group_of.get(fact.id, (fact.id,))
        placed.update(whole)
        members = [atlas.facts[f] for f in whole if f in visible]
        if len(members) > 1:
            groups.append(
                {
                    "anchor": f"dispute-{whole[0]}",
                    "summary": dispute_summary(atlas, members),
                    "facts": [claim_record(atlas, f) for f in members],
                }
            )
    return groups


def place_spellings(atlas: Atlas, corridor_id: str) -> list[dict[str, Any]]:
    """The corridor's places that are spelled more than one way: the name the site uses and the others (the
    articles' and the ids' spellings), stated once per page; the facts search accepts any of them."""
    ids = []
    for segment in atlas.corridor_segments(corridor_id):
        ids += [segment.properties.from_place, segment.properties.to_place]
    places = [atlas.places[p] for p in dict.fromkeys(ids) if p in atlas.places]
    return [
        {"id": p.id, "name": p.properties.name, "aliases": list(p.properties.aliases)}
        for p in places
        if p.properties.aliases
    ]


def topic_sections(atlas: Atlas, corridor_id: str | None, as_of: dt.date | None) -> list[dict[str, Any]]:
    """The countries and relations behind a corridor (every topic on the overview), each with its facts as
    announced by `as_of`: claims that name no line, shown in a section of their own."""
    sections = []
    for topic in atlas.topics.values():
        if corridor_id is not None and corridor_id not in topic.corridors:
            continue
        facts = facts_as_of(atlas, atlas.index.facts_of(topic.id), as_of)
        if facts:
            sections.append({"id": topic.id, "name": topic.name, "facts": [claim_record(atlas, f) for f in facts]})
    return sections


def corridor_page(atlas: Atlas, corridor_id: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """A corridor: its numbers, its facts grouped by kind, its disagreements, its segments with their status on
    `as_of`, and the relations between its countries."""
    atlas = atlas_on(atlas, as_of)
    facts = corridor_facts(atlas, corridor_id, as_of)
    groups = [
        {"kind": kind, "label": kind_label(kind), "facts": [claim_record(atlas, f) for f in facts if f.kind == kind]}
        for kind in FACT_KINDS
    ]
    return {
        "corridor": corridor_row(atlas, corridor_id, as_of),
        "facts_by_kind": [group for group in groups if group["facts"]],
        "disputes": dispute_groups(atlas, facts, as_of),
        "segments": [segment_row(atlas, s, as_of) for s in atlas.corridor_segments(corridor_id)],
        "topics": topic_sections(atlas, corridor_id, as_of),
        "spellings": place_spellings(atlas, corridor_id),
        "timeline": timeline_view(atlas, as_of, len(facts), len(corridor_facts(atlas, corridor_id)), corridor_id),
    }


def source_summary(atlas: Atlas, source_id: str) -> dict[str, Any]:
    """A source's metadata and how many facts cite it."""
    source = atlas.sources[source_id]
    return {
        "id": source.id,
        "file": source.file,
        "title": source_title(source.title),
        "headline_in_file": not source.title.endswith(NO_HEADLINE),
        "date": source.date.isoformat() if source.date else None,
        "date_kind": source.date_kind,
        "date_note": source.date_note,
        "publisher": source.publisher,
        "url": source.url,
        "added": source.added.isoformat() if source.added else None,
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
    cut = passages(text, [(f.id, f.quote) for f in facts])
    if cut and not cut[0]["facts"] and cut[0]["text"].startswith(SCRAPE_TITLE_PREFIX):
        # the scraper's field name, not the article's words
        cut[0] = cut[0] | {"text": cut[0]["text"].removeprefix(SCRAPE_TITLE_PREFIX)}
    return {
        "source": source_summary(atlas, source_id),
        "passages": cut,
        "facts": [claim_record(atlas, f) for f in facts],
    }
