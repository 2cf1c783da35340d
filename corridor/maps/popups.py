"""HTML for map popups, tooltips and the legend, built server-side with every data string escaped.

Leaflet sets popup and tooltip content with innerHTML, so everything here is `Markup` whose data parts went
through markupsafe; the map carries it as JSON in feature properties, never inside a JavaScript template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from markupsafe import Markup, escape

from corridor.atlas.geometry import GaugeBreak
from corridor.atlas.load import Atlas
from corridor.atlas.model import Fact, Place, Segment
from corridor.atlas.timeline import crossing_held, status_held
from corridor.display.citations import (
    NOT_YET_ANNOUNCED,
    cite_labels,
    cite_url,
    crossing_label,
    history_text,
    step_label,
)
from corridor.display.claims import claim_html
from corridor.display.links import Links
from corridor.display.text import PLACE_KIND_LABELS, STATUS_LABELS, country_name, gauge_text, km_text
from corridor.display.vocab import ALIGNMENT

MAP_FACT_KINDS: frozenset[str] = frozenset({"route", "gauge", "investment", "cost", "timeline"})
"""Corridor-wide claims a segment popup shows one click away: where it runs, what it costs, when, which gauge."""


def fact_list(atlas: Atlas, facts: Iterable[Fact], links: Links) -> Markup:
    """A list of claims, as the pages and KML balloons show them, or nothing when there are none."""
    items = Markup("").join(claim_html(atlas, fact, links) for fact in facts)
    return Markup('<ul class="facts">{}</ul>').format(items) if items else Markup("")


# Popups are built for every feature of a map (10,000 at bench/scale.py's size): `escape` and f-strings, which
# give what Markup.format gives (each value escaped unless it is Markup already) at a fifth of its cost.


def _rows(rows: Iterable[tuple[str, str]]) -> Markup:
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows if v)
    return Markup(f'<table class="props">{cells}</table>')


def segment_tooltip(segment: Segment) -> Markup:
    """Name and status, plus the variant label for an alternative route."""
    props = segment.properties
    variant = f"<br><em>alternative: {escape(props.variant)}</em>" if props.variant else ""
    return Markup(f"<strong>{escape(props.name)}</strong> · {escape(STATUS_LABELS[props.status])}{variant}")


def corridor_facts_html(atlas: Atlas, corridor_id: str, facts: list[Fact], links: Links) -> Markup:
    """The corridor part of a segment popup, shared by all its segments: its key claims and a link."""
    corridor = atlas.corridors[corridor_id]
    return Markup('<section class="corridor-facts"><h4>On the {name} corridor</h4>{facts}</section>').format(
        name=links.anchor(links.to_corridor(corridor_id), corridor.name, "corridor-link"),
        facts=fact_list(atlas, facts, links),
    )


def cited(atlas: Atlas, cited_ids: Iterable[str], links: Links) -> Markup:
    """`per <a>News.Az, 2025-07-14</a>; <a>article 000</a>`: each source linked (references open their page)."""
    parts = []
    for cited_id, label in cite_labels(atlas, cited_ids).items():
        url = cite_url(atlas, cited_id, links.source)
        parts.append(links.anchor(url, label, "cite-link"))
    return Markup("per ") + Markup("; ").join(parts) if parts else Markup("")


def _with_source(text: str, source: Markup) -> Markup:
    return Markup(f"{escape(text)}, {escape(source)}") if source else escape(text)


def corridor_links(atlas: Atlas, segment: Segment, fact_counts: dict[str, int], links: Links) -> Markup:
    """One line per corridor the segment serves: its name (linked to its page) and a link that shows the
    corridor's claims in the popup, so they are one click away rather than repeated in every segment."""
    items = []
    for corridor_id in segment.properties.corridors:
        if corridor_id not in atlas.corridors:
            continue
        name = links.anchor(links.to_corridor(corridor_id), atlas.corridors[corridor_id].name, "corridor-link")
        count = fact_counts.get(corridor_id, 0)
        plural = "" if count == 1 else "s"
        claims = (
            f' · <a href="#" class="corridor-facts-link" data-corridor="{escape(corridor_id)}">{count} claim{plural}'
            " about it</a>"
            if count
            else ""
        )
        items.append(f"<li>{escape(name)}{claims}</li>")
    if not items:
        return Markup("")
    return Markup(f'<div class="popup-corridors"><h4>Part of</h4><ul>{"".join(items)}</ul></div>')


def segment_popup(
    atlas: Atlas,
    segment: Segment,
    facts: list[Fact],
    links: Links,
    on: dt.date | None = None,
    fact_counts: dict[str, int] | None = None,
) -> Markup:
    """What the segment is first: its status on `on` (today's when None) with its source and history, gauge,
    length, alignment and who drew it, its own claims; then its corridors, whose claims are one click away."""
    props = segment.properties
    places = atlas.places
    held = status_held(atlas, segment, on)
    status = (
        _with_source(step_label(held), cited(atlas, held.cites, links))
        if held is not None
        else Markup(NOT_YET_ANNOUNCED)
    )
    gauge = gauge_text(props.gauge_mm) + (f" ({props.gauge_note})" if props.gauge_note else "")
    published = (
        _with_source(
            f"{km_text(props.published_length_km)} ({props.published_length_note})",
            cited(atlas, props.published_length_cites, links),
        )
        if props.published_length_km
        else ""
    )
    note = _with_source(props.geometry_note, cited(atlas, props.geometry_cites, links))
    alignment = Markup(f'{escape(ALIGNMENT[props.alignment].label)}<br><span class="note">{note}</span>')
    rows = [
        ("status", status),
        ("history", history_text(atlas, segment) if len(props.status_history) > 1 else ""),
        ("gauge", _with_source(gauge, cited(atlas, props.gauge_cites, links))),
        ("length", f"{km_text(atlas.index.segment_km[segment.id])} as drawn"),
        ("published length", published),
        ("alignment", alignment),
        ("alternative route", props.variant or ""),
        ("from", places[props.from_place].properties.name if props.from_place in places else props.from_place),
        ("to", places[props.to_place].properties.name if props.to_place in places else props.to_place),
        ("countries", ", ".join(country_name(atlas, c) for c in props.countries)),
    ]
    facts_html = fact_list(atlas, facts, links)
    corridors = corridor_links(atlas, segment, fact_counts or {}, links)
    return Markup(
        f'<div class="popup segment-popup"><h3>{escape(props.name)}</h3>{_rows(rows)}{facts_html}{corridors}</div>'
    )


def place_tooltip(place: Place) -> Markup:
    props = place.properties
    return Markup(f"<strong>{escape(props.name)}</strong> · {escape(PLACE_KIND_LABELS[props.kind])}")


def crossing_html(atlas: Atlas, place: Place, links: Links, on: dt.date | None = None) -> Markup:
    """A border crossing's state on `on` with its sources, e.g. `closed since 2025-10-12, per Jago News 24`."""
    held = crossing_held(atlas, place, on)
    if held is None:
        return Markup("")
    return _with_source(crossing_label(held), cited(atlas, held.cites, links))


def place_popup(atlas: Atlas, place: Place, facts: list[Fact], links: Links, on: dt.date | None = None) -> Markup:
    """A place's kind, country, crossing state on `on` (for a border crossing), location note and the claims
    about it."""
    props = place.properties
    rows = [
        ("kind", PLACE_KIND_LABELS[props.kind]),
        ("country", country_name(atlas, props.country)),
        ("also", ", ".join(props.aliases)),
        ("crossing", crossing_html(atlas, place, links, on)),
        ("location", _with_source(props.location_note, cited(atlas, props.location_cites, links))),
    ]
    facts_html = fact_list(atlas, facts, links)
    return Markup(f'<div class="popup place-popup"><h3>{escape(props.name)}</h3>{_rows(rows)}{facts_html}</div>')


def gauge_break_popup(atlas: Atlas, gauge_break: GaugeBreak) -> Markup:
    """Which gauges meet at a place, and whether the break depends on an undecided gauge."""
    place = atlas.places.get(gauge_break.place_id)
    name = place.properties.name if place is not None else gauge_break.place_id
    gauges = " meets ".join(gauge_text(g) for g in gauge_break.gauges_mm)
    if gauge_break.undecided:
        gauges += " meets a line of undecided gauge" if gauge_break.gauges_mm else "undecided gauges"
    kind = "Gauge break" if gauge_break.certain else "Possible gauge break"
    return Markup('<div class="popup gauge-popup"><h3>{kind} at {name}</h3><p>{gauges}</p></div>').format(
        kind=kind, name=name, gauges=gauges
    )
