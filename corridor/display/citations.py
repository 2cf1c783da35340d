"""Where each attribute comes from, as text: "planned, per News.Az, 2025-07-14".

Segment and place attributes that the seed articles do not give cite references (`geodata/references.json`)
or facts by id. These helpers turn the ids into the labels that popups, tables, exports and the APIs show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from corridor.atlas.load import Atlas
from corridor.atlas.model import Place, PublishedRoute, Segment
from corridor.atlas.network import corridor_path_km
from corridor.atlas.timeline import Dated, Held, crossing_held, crossing_history, status_held, status_history
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


def _told_apart(atlas: Atlas, cited_id: str, label: str) -> str:
    """The label with what tells the source from another of the same label: a reference's title, else its id."""
    reference = atlas.references.get(cited_id)
    return f"{label}, “{reference.title}”" if reference is not None else f"{label}, {cited_id}"


def cite_labels(atlas: Atlas, cited_ids: Iterable[str]) -> dict[str, str]:
    """Each cited id once, in order, with its label (`cite_label`), told apart where two would read the same:
    two undated Wikipedia pages are `Wikipedia, undated, “Title A”` and `Wikipedia, undated, “Title B”`, never
    one `Wikipedia, undated`. The one list every surface names a step's sources by."""
    labels = {cited_id: cite_label(atlas, cited_id) for cited_id in dict.fromkeys(cited_ids)}
    shared = Counter(labels.values())
    labels = {c: _told_apart(atlas, c, label) if shared[label] > 1 else label for c, label in labels.items()}
    shared = Counter(labels.values())
    return {c: f"{label} [{c}]" if shared[label] > 1 else label for c, label in labels.items()}


def per(atlas: Atlas, cited_ids: Iterable[str]) -> str:
    """`per News.Az, 2025-07-14; News Central Asia, 2024-09-11`, or empty with nothing cited."""
    labels = cite_labels(atlas, cited_ids).values()
    return f"per {'; '.join(labels)}" if labels else ""


def cite_links(atlas: Atlas, cited_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Each cited id once with its label (`cite_labels`): a reference with its address, a fact with its
    article's source id (pages link it to the quote in the article)."""
    links = []
    for cited_id, label in cite_labels(atlas, cited_ids).items():
        fact = atlas.facts.get(cited_id)
        source = atlas.source_for_seed(fact.seed) if fact is not None else None
        links.append(
            {
                "id": cited_id,
                "label": label,
                "url": cite_url(atlas, cited_id, None),
                "source_id": source.id if source is not None else None,
            }
        )
    return links


NO_SOURCE_DATE = "no source dates it"
"""Said of a status or crossing state that no cited source dates: it holds today, and on no map at a date."""


def since_words(since: dt.date | None, reported: bool, word: str = "from") -> str:
    """`from 2025-07-10` (an event's date), `first reported 2021-07-14` (an undated first step, dated by its
    earliest source: `timeline.Dated`), or `no source dates it`; never "always"."""
    if since is None:
        return NO_SOURCE_DATE
    return f"first reported {since.isoformat()}" if reported else f"{word} {since.isoformat()}"


def step_label(held: Held[Any] | Dated[Any]) -> str:
    """`planned from 2025-07-10` or `existing, first reported 2021-07-14`: a status and when it began (or was
    first reported), without its sources."""
    since = since_words(held.since, held.reported)
    joiner = " " if since.startswith("from") else ", "
    return f"{STATUS_LABELS[held.step.status]}{joiner}{since}"


NOT_YET_ANNOUNCED = "not yet reported"
"""A line's status on a date before any source had reported it (it is then not drawn)."""


def step_text(atlas: Atlas, held: Held[Any] | Dated[Any], cites: Iterable[str] | None = None) -> str:
    """`planned from 2025-07-10, per News.Az, 2025-07-14`."""
    source = per(atlas, held.step.cites if cites is None else cites)
    return step_label(held) + (f", {source}" if source else "")


def status_text(atlas: Atlas, segment: Segment, on: dt.date | None = None) -> str:
    """The status on `on` (today's when None) with its sources, from when it has held (`status_held`): e.g.
    `under construction from 2024-09-11, per News Central Asia, 2024-09-11; News.Az, 2025-07-14`; `not yet
    reported` before any source had reported the line."""
    held = status_held(atlas, segment, on)
    return step_text(atlas, held, held.cites) if held is not None else NOT_YET_ANNOUNCED


def status_cites(atlas: Atlas, segment: Segment, on: dt.date | None = None) -> list[dict[str, Any]]:
    """The sources of the status on `on` (`status_held`), each with its label and address, for pages and JSON."""
    held = status_held(atlas, segment, on)
    return cite_links(atlas, held.cites) if held is not None else []


def history_text(atlas: Atlas, segment: Segment) -> str:
    """Every step of the status history, oldest first, joined with ` → `."""
    return " → ".join(step_text(atlas, dated) for dated in status_history(atlas, segment))


def _since_fields(dated: Dated[Any]) -> dict[str, Any]:
    """When a step holds from, as data: `since` (an event's date, or the first report's date for an undated
    first step), `since_basis` (`event`, `first_reported` or None when no source dates it) and the same in
    words."""
    basis = None if dated.since is None else "first_reported" if dated.reported else "event"
    return {
        "since": dated.since.isoformat() if dated.since else None,
        "since_basis": basis,
        "since_text": since_words(dated.since, dated.reported),
    }


def history_rows(atlas: Atlas, segment: Segment) -> list[dict[str, Any]]:
    """The status history as plain data for pages and the JSON API."""
    return [
        {
            "status": dated.step.status,
            "status_label": STATUS_LABELS[dated.step.status],
            **_since_fields(dated),
            "since_note": dated.step.since_note,
            "cites": cite_links(atlas, dated.step.cites),
        }
        for dated in status_history(atlas, segment)
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


def crossing_label(held: Held[Any] | Dated[Any]) -> str:
    """`closed since 2025-10-12`, `open, first reported 2025-10-12` or `open, no source dates it`."""
    since = since_words(held.since, held.reported, "since")
    joiner = " " if since.startswith("since") else ", "
    return f"{held.step.state}{joiner}{since}"


def crossing_state_text(atlas: Atlas, place: Place, on: dt.date | None = None) -> str | None:
    """`closed since 2025-10-12` (or `open, first reported 2025-10-12`) for a border crossing on `on`; None for
    a place that is no crossing or before its state was first reported."""
    held = crossing_held(atlas, place, on)
    return crossing_label(held) if held is not None else None


def crossing_text(atlas: Atlas, place: Place, on: dt.date | None = None) -> str | None:
    """The crossing's state on `on` with its sources: `closed since 2025-10-12, per Jago News 24, 2025-10-12`."""
    held = crossing_held(atlas, place, on)
    if held is None:
        return None
    source = per(atlas, held.cites)
    return crossing_label(held) + (f", {source}" if source else "")


def crossing_history_text(atlas: Atlas, place: Place) -> str:
    """Every step of a crossing's history, oldest first, joined with ` → `; empty for other places."""
    steps = []
    for dated in crossing_history(atlas, place):
        source = per(atlas, dated.step.cites)
        steps.append(crossing_label(dated) + (f", {source}" if source else ""))
    return " → ".join(steps)


def crossing_rows(atlas: Atlas, place: Place) -> list[dict[str, Any]]:
    """The crossing history as plain data for pages, exports and the JSON API."""
    return [
        {
            "state": dated.step.state,
            **_since_fields(dated),
            "since_note": dated.step.since_note,
            "cites": cite_links(atlas, dated.step.cites),
        }
        for dated in crossing_history(atlas, place)
    ]


def _figure(km: float) -> str:
    """A published figure as published: `737.5`, `1,234` (no rounding away of a half kilometre)."""
    return f"{km:,.1f}".removesuffix(".0")


NONE_PUBLISHED = "none published"
"""What a route's published length reads where no source publishes one."""


def published_text(route: PublishedRoute) -> str:
    """`647 km`, `573–647 km` for a range, or `none published`."""
    if route.km is None:
        return NONE_PUBLISHED
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
        f"{row['name']}: {_published_clause(row)}; drawn {row['drawn_text']}"
        for row in published_route_rows(atlas, corridor_id)
    )


def _published_clause(row: dict[str, Any]) -> str:
    if row["published_km"] is None:
        return NONE_PUBLISHED
    return f"published {row['published_text']}, {row['source']}"
