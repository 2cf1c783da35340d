"""Where each attribute comes from, as text: "planned, per News.Az, 2025-07-14".

Segment and place attributes that the seed articles do not give cite references (`geodata/references.json`)
or facts by id. These helpers turn the ids into the labels that popups, tables, exports and the APIs show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from corridor.atlas.load import Atlas
from corridor.atlas.model import CrossingStep, Place, PublishedRoute, Segment, StatusStep
from corridor.atlas.network import corridor_path_km
from corridor.atlas.timeline import crossing_on, step_on
from corridor.display.text import STATUS_LABELS, km_text


def cite_label(atlas: Atlas, cited_id: str) -> str:
    """`News.Az, 2025-07-14` for a reference; `article 000` for a fact (its seed's number)."""
    reference = atlas.references.get(cited_id)
    if reference is not None:
        return f"{reference.publisher}, {reference.date.isoformat() if reference.date else 'undated'}"
    fact = atlas.facts.get(cited_id)
    if fact is not None:
        return f"article {fact.seed[:3]}"
    return cited_id


FACT_PAGE = "/sources/{source_id}#fact-{fact_id}"
Step = TypeVar("Step", StatusStep, CrossingStep)


def cite_url(atlas: Atlas, cited_id: str, source_pattern: str | None = FACT_PAGE) -> str | None:
    """The reference's address, or the page of a fact's article at its quote (None without a pattern)."""
    reference = atlas.references.get(cited_id)
    if reference is not None:
        return reference.url
    fact = atlas.facts.get(cited_id)
    source = atlas.source_for_seed(fact.seed) if fact is not None else None
    if source is None or source_pattern is None:
        return None
    return source_pattern.format(source_id=source.id, fact_id=cited_id)


def per(atlas: Atlas, cited_ids: Iterable[str]) -> str:
    """`per News.Az, 2025-07-14; News Central Asia, 2024-09-11`, or empty with nothing cited."""
    labels = list(dict.fromkeys(cite_label(atlas, c) for c in cited_ids))
    return f"per {'; '.join(labels)}" if labels else ""


def cite_links(atlas: Atlas, cited_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Each cited id with its label: a reference with its address, a fact with its article's source id (pages
    link it to the quote in the article)."""
    links = []
    for cited_id in cited_ids:
        fact = atlas.facts.get(cited_id)
        source = atlas.source_for_seed(fact.seed) if fact is not None else None
        links.append(
            {
                "id": cited_id,
                "label": cite_label(atlas, cited_id),
                "url": cite_url(atlas, cited_id, None),
                "source_id": source.id if source is not None else None,
            }
        )
    return links


def step_text(atlas: Atlas, step: StatusStep) -> str:
    """`planned from 2025-07-10, per News.Az, 2025-07-14`."""
    since = f" from {step.since.isoformat()}" if step.since else ""
    source = per(atlas, step.cites)
    return f"{STATUS_LABELS[step.status]}{since}" + (f", {source}" if source else "")


def _run_to(history: list[Step], step: Step, value: Callable[[Step], str]) -> list[Step]:
    """`step` and the steps just before it with the same value: since when that value has held."""
    run = [step]
    for earlier in reversed(history[: history.index(step)]):
        if value(earlier) != value(step):
            break
        run.insert(0, earlier)
    return run


def status_text(atlas: Atlas, segment: Segment, on: dt.date | None = None) -> str:
    """The status on `on` (today's when None) with its sources, from when it has held: e.g. `under construction
    from 2024-09-11, per News Central Asia, 2024-09-11; News.Az, 2025-07-14` (later steps of the same status add
    their sources); `not yet announced` before the first dated step."""
    step = step_on(segment, on)
    if step is None:
        return "not yet announced"
    run = _run_to(list(segment.properties.status_history), step, lambda s: s.status)
    held = StatusStep(status=step.status, since=run[0].since, cites=[c for s in run for c in s.cites])
    return step_text(atlas, held)


def history_text(atlas: Atlas, segment: Segment) -> str:
    """Every step of the status history, oldest first, joined with ` → `."""
    return " → ".join(step_text(atlas, step) for step in segment.properties.status_history)


def history_rows(atlas: Atlas, segment: Segment) -> list[dict[str, Any]]:
    """The status history as plain data for pages and the JSON API."""
    return [
        {
            "status": step.status,
            "status_label": STATUS_LABELS[step.status],
            "since": step.since.isoformat() if step.since else None,
            "since_note": step.since_note,
            "cites": cite_links(atlas, step.cites),
        }
        for step in segment.properties.status_history
    ]


def segment_sources(atlas: Atlas, segment: Segment, on: dt.date | None = None) -> dict[str, str]:
    """The computed source columns of a segment: status (on `on`), gauge and published length, as text."""
    props = segment.properties
    return {
        "status_source": status_text(atlas, segment, on),
        "status_history_text": history_text(atlas, segment),
        "gauge_source": per(atlas, props.gauge_cites) if props.gauge_mm is not None else "unknown",
        "published_length_source": per(atlas, props.published_length_cites) if props.published_length_km else "",
    }


def crossing_held(place: Place, on: dt.date | None = None) -> CrossingStep | None:
    """The crossing's state on `on` (as last recorded when None) as one step: since the first of the run of
    steps with that state (a later "still closed" report does not move the date on), citing all of them; None
    for a place that is no crossing or before its first recorded step."""
    step = crossing_on(place, on)
    if step is None:
        return None
    run = _run_to(list(place.properties.crossing_history), step, lambda s: s.state)
    return CrossingStep(state=step.state, since=run[0].since, cites=[c for s in run for c in s.cites])


def crossing_state_text(place: Place, on: dt.date | None = None) -> str | None:
    """`closed since 2025-10-12` (or `open, no date recorded`) for a border crossing on `on`; None for a place
    that is no crossing or before its first recorded step."""
    step = crossing_held(place, on)
    if step is None:
        return None
    return f"{step.state} since {step.since.isoformat()}" if step.since else f"{step.state}, no date recorded"


def crossing_text(atlas: Atlas, place: Place, on: dt.date | None = None) -> str | None:
    """The crossing's state on `on` with its sources: `closed since 2025-10-12, per Jago News 24, 2025-10-12`."""
    state = crossing_state_text(place, on)
    step = crossing_held(place, on)
    if state is None or step is None:
        return None
    source = per(atlas, step.cites)
    return state + (f", {source}" if source else "")


def crossing_history_text(atlas: Atlas, place: Place) -> str:
    """Every step of a crossing's history, oldest first, joined with ` → `; empty for other places."""
    steps = []
    for step in place.properties.crossing_history:
        since = f" since {step.since.isoformat()}" if step.since else ""
        source = per(atlas, step.cites)
        steps.append(f"{step.state}{since}" + (f", {source}" if source else ""))
    return " → ".join(steps)


def crossing_rows(atlas: Atlas, place: Place) -> list[dict[str, Any]]:
    """The crossing history as plain data for pages, exports and the JSON API."""
    return [
        {
            "state": step.state,
            "since": step.since.isoformat() if step.since else None,
            "since_note": step.since_note,
            "cites": cite_links(atlas, step.cites),
        }
        for step in place.properties.crossing_history
    ]


def _figure(km: float) -> str:
    """A published figure as published: `737.5`, `1,234` (no rounding away of a half kilometre)."""
    return f"{km:,.1f}".removesuffix(".0")


def published_text(route: PublishedRoute) -> str:
    """`647 km`, or `573–647 km` for a range."""
    upper = f"–{_figure(route.km_max)}" if route.km_max is not None else ""
    return f"{_figure(route.km)}{upper} km"


def published_route_rows(atlas: Atlas, corridor_id: str) -> list[dict[str, Any]]:
    """Each published end-to-end length of the corridor beside the length drawn between the same places, as
    plain data for pages, briefs, the JSON API and exports."""
    rows = []
    for route in atlas.corridors[corridor_id].published_routes:
        drawn = corridor_path_km(atlas, corridor_id, [route.from_place, *route.via, route.to_place])
        rows.append(
            {
                "name": route.name,
                "from_place": route.from_place,
                "to_place": route.to_place,
                "via": list(route.via),
                "published_km": route.km,
                "published_km_max": route.km_max,
                "published_text": published_text(route),
                "drawn_km": round(drawn, 1) if drawn is not None else None,
                "drawn_text": km_text(drawn) if drawn is not None else "not drawn",
                "note": route.note,
                "difference_note": route.difference_note,
                "source": per(atlas, route.cites),
                "cites": cite_links(atlas, route.cites),
            }
        )
    return rows


def published_routes_text(atlas: Atlas, corridor_id: str) -> str:
    """Every published end-to-end length beside the drawn one, as one text: `Termez–…: published 647 km, per
    TASS, 2025-07-21; drawn 598 km → …`."""
    return " → ".join(
        f"{row['name']}: published {row['published_text']}, {row['source']}; drawn {row['drawn_text']}"
        for row in published_route_rows(atlas, corridor_id)
    )
