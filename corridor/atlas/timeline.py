"""What had been announced by a given date, and what each line's status was on that date.

Claims are judged by the publication date of each fact's article; lines by the event dates of their status
history (`status_on`): a memorandum signed, work begun, a line opened.

A fact counts as announced on its article's date (`Source.date`), not on `Fact.date`, which is the date the
claim is *about* (a signing next month, a target year). Most articles state no date. Undated facts are never
placed on the timeline by guessing: under an "as of" filter they stay visible and are labelled "undated", since
hiding them would hide most of what is known while showing them unlabelled would pretend to know their date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from types import MappingProxyType

from corridor.atlas.load import Atlas
from corridor.atlas.model import CrossingStep, Fact, Place, Segment, StatusStep


def published_on(atlas: Atlas, fact: Fact) -> dt.date | None:
    """The publication date of the article that states the fact; None when the article gives none."""
    return atlas.source_for_seed(fact.seed).date


def announced_by(atlas: Atlas, fact: Fact, as_of: dt.date | None) -> bool:
    """True when the fact is shown as of `as_of`: no filter, an undated article, or one published by then."""
    if as_of is None:
        return True
    published = published_on(atlas, fact)
    return published is None or published <= as_of


def facts_as_of(atlas: Atlas, facts: Iterable[Fact], as_of: dt.date | None) -> list[Fact]:
    """The facts announced by `as_of` (all of them when it is None), in the given order."""
    return [fact for fact in facts if announced_by(atlas, fact, as_of)]


def source_dates(atlas: Atlas) -> list[dt.date]:
    """Every distinct article date, oldest first: the useful stops for a timeline control."""
    return sorted({s.date for s in atlas.sources.values() if s.date is not None})


def step_on(segment: Segment, on: dt.date | None) -> StatusStep | None:
    """The status step in force on `on` (the last one when `on` is None); None before the first dated step
    when the history has no undated first step, that is before the line was announced at all."""
    history = segment.properties.status_history
    if on is None:
        return history[-1]
    current = None
    for step in history:
        if step.since is None or step.since <= on:
            current = step
    return current


def crossing_on(place: Place, on: dt.date | None) -> CrossingStep | None:
    """The crossing-state step in force on `on` (the last one when `on` is None); None for a place that is no
    border crossing, or before the first dated step of a history without an undated first step."""
    current = None
    for step in place.properties.crossing_history:
        if on is None or step.since is None or step.since <= on:
            current = step
    return current


def status_on(segment: Segment, on: dt.date | None) -> str | None:
    """The segment's status on `on` (today's when None); None when no step of its history had begun."""
    step = step_on(segment, on)
    return step.status if step is not None else None


def atlas_on(atlas: Atlas, on: dt.date | None) -> Atlas:
    """The atlas with every segment's status as it was on `on`, for maps, pages, pictures and exports at a
    date; segments whose history had not begun by then are left out. The atlas itself when `on` is None."""
    if on is None:
        return atlas
    segments = {}
    for segment_id, segment in atlas.segments.items():
        status = status_on(segment, on)
        if status is None:
            continue
        if status != segment.properties.status:
            properties = segment.properties.model_copy(update={"status": status})
            segment = segment.model_copy(update={"properties": properties})
        segments[segment_id] = segment
    return dataclasses.replace(atlas, segments=MappingProxyType(segments))
