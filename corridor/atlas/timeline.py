"""What had been announced by a given date, and what each line's status was on that date.

Claims are judged by the publication date of each fact's article; lines by the event dates of their status
history (`status_on`): a memorandum signed, work begun, a line opened.

A line is drawn for a date only from the first date a source gives for it. A first history step without a date
(a status "held before the first dated step") starts on the date of the earliest source that reports it: the
publication dates of the references it cites and of the articles of the claims it cites (`first_reported`).
Surfaces say "first reported <date>" for it, never "always". A step that no cited source dates is never in
force on a date (`Dated.in_force`): a line known only from undated pages is drawn on today's map and on no map
at a date. The same holds for border crossings' states. The dated histories are derived once per data version
(`AtlasIndex.status_histories`, `crossing_histories`).

A fact counts as announced on its article's date (`Source.date`), not on `Fact.date`, which is the date the
claim is *about* (a signing next month, a target year). Most articles state no date. Undated facts are never
placed on the timeline by guessing: under an "as of" filter they stay visible and are labelled "undated", since
hiding them would hide most of what is known while showing them unlabelled would pretend to know their date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Generic, TypeVar

from corridor.atlas.load import Atlas
from corridor.atlas.model import CrossingStep, Fact, Place, Segment, StatusStep

Step = TypeVar("Step", StatusStep, CrossingStep)


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


def cited_dates(atlas: Atlas) -> dict[str, dt.date]:
    """Every cited id that has a date: a reference's publication date, a claim's article's publication date."""
    seed_dates = {source.file: source.date for source in atlas.sources.values()}
    dates = {ref.id: ref.date for ref in atlas.references.values() if ref.date is not None}
    dates |= {fact.id: day for fact in atlas.facts.values() if (day := seed_dates.get(fact.seed)) is not None}
    return dates


def first_reported(cited_ids: Iterable[str], dates: Mapping[str, dt.date]) -> dt.date | None:
    """The date of the earliest source among `cited_ids` that states one (`dates`: `cited_dates`); None when
    none of them is dated."""
    return min((dates[cited_id] for cited_id in cited_ids if cited_id in dates), default=None)


@dataclasses.dataclass(frozen=True)
class Dated(Generic[Step]):
    """A history step with the date it holds from: its own `since`, or, for a first step without one, the date
    of the earliest source that reports it (`reported`). A step is never in force before its date, so a step
    that no source dates (or that a later dated step begins before it was first reported) is never in force
    on a date: it is the line's status only when no date is asked for."""

    step: Step
    since: dt.date | None
    reported: bool
    """True when `since` is the first report's date, not the date of an event."""
    in_force: bool
    """Whether the step holds on some date: it has a date, earlier than the next step's."""


def dated_history(history: Sequence[Step], dates: Mapping[str, dt.date]) -> tuple[Dated[Step], ...]:
    """`history` with each step's date: THE rule for undated first steps (see `Dated`; `dates`: `cited_dates`)."""
    dated = []
    for position, step in enumerate(history):
        reported = step.since is None and position == 0
        since = first_reported(step.cites, dates) if reported else step.since
        later = next((s.since for s in history[position + 1 :] if s.since is not None), None)
        in_force = since is not None and (later is None or since < later)
        dated.append(Dated(step, since, reported and since is not None, in_force))
    return tuple(dated)


def status_history(atlas: Atlas, segment: Segment) -> tuple[Dated[StatusStep], ...]:
    """The segment's status history with each step's date (`dated_history`), derived once per data version."""
    return atlas.index.status_histories[segment.id]


def crossing_history(atlas: Atlas, place: Place) -> tuple[Dated[CrossingStep], ...]:
    """A border crossing's history with each step's date (`dated_history`); empty for other places."""
    return atlas.index.crossing_histories.get(place.id, ())


def _on(history: Sequence[Dated[Step]], on: dt.date | None) -> Dated[Step] | None:
    if not history:
        return None
    if on is None:
        return history[-1]
    current = None
    for dated in history:
        if dated.in_force and dated.since is not None and dated.since <= on:
            current = dated
    return current


def step_on(atlas: Atlas, segment: Segment, on: dt.date | None) -> Dated[StatusStep] | None:
    """The status step in force on `on` (the last one when `on` is None); None before the first date a source
    gives for the line, that is before any source had reported it."""
    return _on(status_history(atlas, segment), on)


def crossing_on(atlas: Atlas, place: Place, on: dt.date | None) -> Dated[CrossingStep] | None:
    """The crossing-state step in force on `on` (the last one when `on` is None); None for a place that is no
    border crossing, or before the first date a source gives for its state."""
    return _on(crossing_history(atlas, place), on)


@dataclasses.dataclass(frozen=True)
class Held(Generic[Step]):
    """A status (or crossing state) as held on a date: the step in force then, dated from when that value has
    held (earlier steps in force with the same value joined), citing every source of those steps, each once."""

    step: Step
    since: dt.date | None
    reported: bool
    """True when `since` is the date the value was first reported, not the date of an event."""
    since_note: str | None
    cites: tuple[str, ...]


def _held(
    history: Sequence[Dated[Step]], current: Dated[Step] | None, value: Callable[[Step], str]
) -> Held[Step] | None:
    if current is None:
        return None
    run = [current]
    for earlier in reversed(history[: history.index(current)]):
        if not earlier.in_force or value(earlier.step) != value(current.step):
            break
        run.insert(0, earlier)
    first = run[0]
    cites = tuple(dict.fromkeys(c for dated in run for c in dated.step.cites))
    return Held(current.step, first.since, first.reported, first.step.since_note, cites)


def status_held(atlas: Atlas, segment: Segment, on: dt.date | None) -> Held[StatusStep] | None:
    """The line's status on `on` (today's when None) and its citations, from when that status has held. None
    before the line was first reported. Every surface that shows a line's status (popup, pages and their
    JSON, KML, exports, API, brief) asks this."""
    history = status_history(atlas, segment)
    return _held(history, _on(history, on), lambda step: step.status)


def crossing_held(atlas: Atlas, place: Place, on: dt.date | None) -> Held[CrossingStep] | None:
    """A border crossing's state on `on` (as last recorded when None), from when that state has held (a later
    "still closed" report does not move the date on), citing all those steps; None for a place that is no
    crossing or before its state was first reported."""
    history = crossing_history(atlas, place)
    return _held(history, _on(history, on), lambda step: step.state)


def status_on(atlas: Atlas, segment: Segment, on: dt.date | None) -> str | None:
    """The segment's status on `on` (today's when None); None before any source had reported the line."""
    dated = step_on(atlas, segment, on)
    return dated.step.status if dated is not None else None


def never_dated(atlas: Atlas) -> list[str]:
    """The segments no step of whose history holds on any date (no cited source dates them): drawn on today's
    map and on no map at a date."""
    histories = atlas.as_loaded.index.status_histories
    return [segment_id for segment_id, history in histories.items() if not any(d.in_force for d in history)]


def snap_as_of(as_of: dt.date | None, dates: Sequence[dt.date]) -> dt.date | None:
    """The latest of `dates` on or before `as_of`: given every date on which what is shown changes, every day
    in between renders the same. Before the first: the day before it. Without dates: None."""
    if as_of is None or not dates:
        return None
    earlier = [day for day in dates if day <= as_of]
    return max(earlier) if earlier else min(dates) - dt.timedelta(days=1)


def drawn_on(atlas: Atlas, as_of: dt.date | None) -> dt.date | None:
    """The date a map, page or export asked for `as_of` is drawn at: the latest change (`AtlasIndex.change_dates`:
    an article's date or a line's status step) on or before it. The maps, embeds and pictures redirect a date to
    it; `atlas_on` keeps one atlas per such date."""
    return snap_as_of(as_of, atlas.as_loaded.index.change_dates)


def atlas_on(atlas: Atlas, on: dt.date | None) -> Atlas:
    """The atlas with every segment's status as it was on `on`, for maps, pages, pictures and exports at a
    date; segments whose history had not begun by then are left out. The atlas as loaded when `on` is None.

    `on` is snapped once (`drawn_on`) and the atlas at that date kept with the loaded atlas's index: every date
    between two changes, and every page, map and export asking for it, share one atlas and one index."""
    loaded = atlas.as_loaded
    drawn = drawn_on(loaded, on)
    if drawn is None:
        return loaded
    return loaded.index.derived(("atlas on", drawn), lambda: _atlas_drawn_on(loaded, drawn))


def _atlas_drawn_on(loaded: Atlas, on: dt.date) -> Atlas:
    segments = {}
    for segment_id, segment in loaded.segments.items():
        status = status_on(loaded, segment, on)
        if status is None:
            continue
        if status != segment.properties.status:
            properties = segment.properties.model_copy(update={"status": status})
            segment = segment.model_copy(update={"properties": properties})
        segments[segment_id] = segment
    return dataclasses.replace(loaded, segments=MappingProxyType(segments), base=loaded)
