"""What changed in the data, and when: one record per dated change, derived once per data version.

Every surface that says what changed (the `/changes` page, its JSON twin, the Atom feeds, the static site)
reads these records, so they cannot disagree. A change's date comes from the data, never from the clock:

- a line's status step, on the step's `since` date; a first step without one, on the date it was first
  reported (`timeline.dated_history`); a step that is never in force on a date is not listed;
- a border crossing's state (open, restricted, closed), the same way;
- a corridor's data review, on its `reviewed_on` date;
- a claim, on its event date (`Fact.date`), or else its article's date (`Source.date`), or else the day the
  article was added to the data (`Source.added`); a claim with none of these is undated and not listed;
- an article, on the day it was added to the data, or else its own date; a corrected article record, on the
  day of the correction (`Source.corrected`).

Each record has a stable `key` (kind and record id, plus the date for a status step or a correction), from
which the feeds' entry ids are made: the same change keeps the same id in every data version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from corridor.atlas.load import Atlas
from corridor.atlas.model import Fact, Place, Segment, Source
from corridor.atlas.network import crossings_of_corridor
from corridor.atlas.timeline import Dated, crossing_history, status_history

ChangeKind = Literal["status", "crossing", "claim", "source", "correction", "review"]
CHANGE_KINDS: tuple[str, ...] = get_args(ChangeKind)
CHANGE_KIND_LABELS: dict[str, str] = {
    "status": "Line status",
    "crossing": "Border crossing",
    "claim": "New claim",
    "source": "New article",
    "correction": "Corrected article record",
    "review": "Data reviewed",
}
DATE_BASES: dict[str, str] = {
    "step": "the date of the status step",
    "reported": "the date of the earliest source that reports it (no source dates the event)",
    "crossing": "the date the crossing's state began",
    "review": "the day the corridor's data was reviewed",
    "event": "the event date the article gives",
    "article": "the article's date",
    "added": "the day the article was added to the data",
    "corrected": "the day the record was corrected",
}
"""What a change's date is, in words: the page and the feed say it beside each date."""


@dataclass(frozen=True)
class Change:
    """One dated change to the data."""

    key: str
    """Stable across data versions: `claim/<fact id>`, `status/<segment id>/<date>`,
    `crossing/<place id>/<date>`, `source/<source id>`, `correction/<source id>/<date>`,
    `review/<corridor id>/<date>`."""
    kind: ChangeKind
    date: dt.date
    basis: str
    """A key of DATE_BASES: what `date` is."""
    record_type: Literal["fact", "segment", "place", "source", "corridor"]
    record_id: str
    corridors: tuple[str, ...]
    """The corridors the change concerns (as `AtlasIndex` decides for claims); empty for a country's claims
    and context lines."""
    source_id: str | None
    """The article behind a claim, an article change, or None for a status step."""
    status_before: str | None = None
    status_after: str | None = None
    """For a status step, the line's status before and after; for a crossing, its state before and after."""


def _claim_date(source: Source, fact: Fact) -> tuple[dt.date, str] | None:
    if fact.date is not None:
        return fact.date, "event"
    if source.date is not None:
        return source.date, "article"
    if source.added is not None:
        return source.added, "added"
    return None


def _claim_changes(atlas: Atlas) -> list[Change]:
    changes = []
    for fact in atlas.facts.values():
        source = atlas.index.source_by_seed[fact.seed]
        dated = _claim_date(source, fact)
        if dated is None:
            continue
        corridors = tuple(atlas.index.corridors_of_fact(fact))
        changes.append(Change(f"claim/{fact.id}", "claim", dated[0], dated[1], "fact", fact.id, corridors, source.id))
    return changes


def _history_changes(
    history: Sequence[Dated[Any]],
    prefix: str,
    value: Callable[[Any], str],
    basis: str,
) -> list[tuple[str, dt.date, str, str | None, str]]:
    """(key, date, basis, value before, value after) for each step of `history` in force on some date; the
    value before is the step before's as recorded, even when no source dates that step."""
    changes = []
    for position, dated in enumerate(history):
        if not dated.in_force or dated.since is None:
            continue
        previous = value(history[position - 1].step) if position else None
        key = f"{prefix}{dated.since.isoformat()}"
        changes.append((key, dated.since, "reported" if dated.reported else basis, previous, value(dated.step)))
    return changes


def _status_changes(atlas: Atlas, segment: Segment) -> list[Change]:
    history = status_history(atlas, segment)
    return [
        Change(key, "status", day, basis, "segment", segment.id, tuple(segment.properties.corridors), None, *states)
        for key, day, basis, *states in _history_changes(history, f"status/{segment.id}/", lambda s: s.status, "step")
    ]


def _crossing_changes(atlas: Atlas, place: Place, corridors: tuple[str, ...]) -> list[Change]:
    history = crossing_history(atlas, place)
    return [
        Change(key, "crossing", day, basis, "place", place.id, corridors, None, *states)
        for key, day, basis, *states in _history_changes(
            history, f"crossing/{place.id}/", lambda s: s.state, "crossing"
        )
    ]


def _corridors_through_crossings(atlas: Atlas) -> dict[str, tuple[str, ...]]:
    """Each border crossing's corridors: those whose lines pass it (`crossings_of_corridor`)."""
    found: dict[str, list[str]] = {}
    for corridor_id in atlas.corridors:
        for place_id in crossings_of_corridor(atlas, corridor_id):
            found.setdefault(place_id, []).append(corridor_id)
    return {place_id: tuple(corridors) for place_id, corridors in found.items()}


def _review_changes(atlas: Atlas) -> list[Change]:
    return [
        Change(
            f"review/{c.id}/{c.reviewed_on.isoformat()}",
            "review",
            c.reviewed_on,
            "review",
            "corridor",
            c.id,
            (c.id,),
            None,
        )
        for c in atlas.corridors.values()
        if c.reviewed_on is not None
    ]


def _source_changes(atlas: Atlas, source: Source) -> list[Change]:
    corridors = tuple(
        dict.fromkeys(
            c for f in atlas.index.facts_by_seed.get(source.file, ()) for c in atlas.index.corridors_of_fact(f)
        )
    )
    changes = []
    first = (source.added, "added") if source.added else (source.date, "article")
    if first[0] is not None:
        changes.append(
            Change(f"source/{source.id}", "source", first[0], first[1], "source", source.id, corridors, source.id)
        )
    if source.corrected is not None:
        key = f"correction/{source.id}/{source.corrected.isoformat()}"
        changes.append(
            Change(key, "correction", source.corrected, "corrected", "source", source.id, corridors, source.id)
        )
    return changes


def build_changes(atlas: Atlas) -> tuple[Change, ...]:
    """Every dated change in the data, oldest first (ties in kind order, then by key)."""
    changes = _claim_changes(atlas)
    for segment in atlas.segments.values():
        changes += _status_changes(atlas, segment)
    through = _corridors_through_crossings(atlas)
    for place in atlas.places.values():
        changes += _crossing_changes(atlas, place, through.get(place.id, ()))
    for source in atlas.sources.values():
        changes += _source_changes(atlas, source)
    changes += _review_changes(atlas)
    return tuple(sorted(changes, key=lambda c: (c.date, CHANGE_KINDS.index(c.kind), c.key)))


def changes_of(atlas: Atlas) -> tuple[Change, ...]:
    """The atlas's changes, built once per data version."""
    return atlas.index.derived(("changes",), lambda: build_changes(atlas))


def change_days(atlas: Atlas, corridor_id: str | None = None) -> list[dt.date]:
    """The days on which something changed (for one corridor, or anywhere), oldest first."""
    return sorted({c.date for c in changes_of(atlas) if corridor_id is None or corridor_id in c.corridors})


def undated_claims(atlas: Atlas) -> list[Fact]:
    """Claims that no date places: no event date, an undated article, and no record of when it was added."""
    return [fact for fact in atlas.facts.values() if _claim_date(atlas.index.source_by_seed[fact.seed], fact) is None]
