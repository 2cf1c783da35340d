"""The `/changes` page, its `.json` twin and the Atom feeds: what changed in the data, and when.

All three read the records of `corridor.atlas.changes`. The page filters them by corridor and by a date range
(`from` exclusive, `to` inclusive: what differs between the map drawn on `from` and the map drawn on `to`), and
with `from` given it also lists the lines whose status on the two dates differs.

The feeds are written with the standard library's ElementTree rather than a feed library: the bytes depend on
the data alone (no clock, no generator version), which keeps `updated` still while nothing changes and lets the
response cache and the static copy hold one stable file.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

from pydantic import Field, ValidationInfo, field_validator, model_validator

from corridor.atlas.changes import CHANGE_KIND_LABELS, DATE_BASES, Change, changes_of, undated_claims
from corridor.atlas.load import Atlas
from corridor.atlas.timeline import Dated, crossing_history, drawn_on, status_history, status_on
from corridor.display.citations import NOT_YET_ANNOUNCED
from corridor.display.claims import source_title
from corridor.display.links import Links
from corridor.display.text import STATUS_LABELS
from corridor.request.params import QueryModel, parse_date

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
FEED_TAG_PREFIX = "tag:corridor.invalid,2026:"
"""Entry and feed ids are tag URIs (RFC 4151) under this prefix: they name the change, not the address the
site happens to be served from, so a feed reader sees the same entry whichever host it read it through."""
FEED_AUTHOR = "corridor curators"
OVERVIEW_MAP = "overview"


class ChangesQuery(QueryModel):
    """Which changes to list: one corridor's, and those after `from` up to and including `to`."""

    corridor: str | None = None
    from_date: dt.date | None = Field(None, alias="from")
    to_date: dt.date | None = Field(None, alias="to")

    @field_validator("corridor", mode="before")
    @classmethod
    def _known_corridor(cls, value: Any, info: ValidationInfo) -> str:
        atlas = info.context
        if not isinstance(atlas, Atlas):
            raise TypeError("parse ChangesQuery with the atlas as context")
        if value not in atlas.corridors:
            raise ValueError(f"unknown corridor {value!r}; choose one of: {', '.join(atlas.corridors)}")
        return value

    @field_validator("from_date", "to_date", mode="before")
    @classmethod
    def _date(cls, value: Any, info: ValidationInfo) -> dt.date | None:
        name = str(info.field_name)  # set for a field validator
        return value if isinstance(value, dt.date) else parse_date(name.removesuffix("_date"), value)

    @model_validator(mode="after")
    def _ordered(self) -> ChangesQuery:
        if self.from_date and self.to_date and self.from_date >= self.to_date:
            raise ValueError(f"from ({self.from_date}) must be before to ({self.to_date})")
        return self

    def as_params(self) -> dict[str, str]:
        """The query's set fields as URL parameters."""
        values = {"corridor": self.corridor, "from": self.from_date, "to": self.to_date}
        return {name: str(value) for name, value in values.items() if value}


def selected(changes: tuple[Change, ...], query: ChangesQuery) -> list[Change]:
    """The changes the query selects, oldest first."""
    return [
        c
        for c in changes
        if (query.corridor is None or query.corridor in c.corridors)
        and (query.from_date is None or c.date > query.from_date)
        and (query.to_date is None or c.date <= query.to_date)
    ]


def _map_key(change: Change) -> str:
    return change.corridors[0] if change.corridors else OVERVIEW_MAP


def change_links(change: Change, root: str) -> dict[str, str]:
    """Where a change is shown (`record`: the claim's passage, the line's row, the article) and the map drawn
    on its date, under the site's `root` (a path, or an absolute URL for the feeds)."""
    links = Links.under(root)
    site = {"map": f"{root}/maps/{_map_key(change)}.html?as_of={change.date.isoformat()}"}
    record: str | None = None  # a context line has no page of its own: its change links to the map alone
    if change.record_type == "fact":
        record = links.to_source(str(change.source_id), change.record_id)
    elif change.record_type == "segment" and change.corridors:
        record = f"{links.to_corridor(change.corridors[0])}#segment-{change.record_id}"
    elif change.record_type == "place" and change.corridors:
        record = links.to_corridor(change.corridors[0])
    elif change.record_type == "corridor":
        record = links.to_corridor(change.record_id)
    elif change.record_type == "source":
        record = links.to_article(change.record_id)
    return {"record": record or site["map"], **site}


def _first_report(dated: Dated[Any]) -> str:
    """What a change dated by its first report says of itself: the event's own date is not known."""
    return ", first reported" if dated.reported else ""


def _title_and_text(atlas: Atlas, change: Change) -> tuple[str, str | None]:
    if change.kind == "claim":
        fact = atlas.facts[change.record_id]
        return fact.statement, fact.quote
    if change.kind == "status":
        segment = atlas.segments[change.record_id]
        after = STATUS_LABELS[change.status_after or ""]
        before = change.status_before
        history = status_history(atlas, segment)
        dated = next(d for d in history if d.in_force and d.since == change.date)
        if history.index(dated) == next(i for i, d in enumerate(history) if d.in_force):
            before = None if before == change.status_after else before  # first on the map: not "still"
        moved = (
            after
            if before is None
            else f"still {after}"
            if before == change.status_after
            else f"{STATUS_LABELS[before]} → {after}"
        )
        return f"{segment.properties.name}: {moved}{_first_report(dated)}", dated.step.since_note
    if change.kind == "crossing":
        place = atlas.places[change.record_id]
        crossing = next(d for d in crossing_history(atlas, place) if d.in_force and d.since == change.date)
        state_before, state_after = change.status_before, change.status_after
        moved = (
            str(state_after)
            if state_before is None
            else f"still {state_after}"
            if state_before == state_after
            else f"{state_before} → {state_after}"
        )
        return f"{place.properties.name}: {moved}{_first_report(crossing)}", crossing.step.since_note
    if change.kind == "review":
        corridor = atlas.corridors[change.record_id]
        missing = "; ".join(corridor.known_missing)
        return f"{corridor.name}: data reviewed", f"Known to be missing: {missing}" if missing else None
    source = atlas.sources[change.record_id]
    if change.kind == "correction":
        return f"Corrected: {source_title(source.title)}", source.correction_note
    return source_title(source.title), source.date_note


def change_view(atlas: Atlas, change: Change, root: str) -> dict[str, Any]:
    """One change as the page, its JSON twin and the feed entries show it."""
    title, text = _title_and_text(atlas, change)
    source = atlas.sources[change.source_id] if change.source_id else None
    return {
        "key": change.key,
        "id": FEED_TAG_PREFIX + change.key,
        "kind": change.kind,
        "kind_label": CHANGE_KIND_LABELS[change.kind],
        "date": change.date.isoformat(),
        "date_basis": DATE_BASES[change.basis],
        "title": title,
        "text": text,
        "record": {"type": change.record_type, "id": change.record_id},
        "source": {"id": source.id, "title": source_title(source.title)} if source else None,
        "corridors": [{"id": c, "name": atlas.corridors[c].name} for c in change.corridors],
        "status_before": change.status_before,
        "status_after": change.status_after,
        "links": change_links(change, root),
    }


def status_differences(atlas: Atlas, query: ChangesQuery) -> list[dict[str, Any]]:
    """The lines whose status on `from` differs from their status on `to` (today's when `to` is not given);
    `before` is None for a line not yet reported on `from`."""
    if query.from_date is None:
        return []
    rows = []
    for segment in atlas.segments.values():
        if query.corridor is not None and query.corridor not in segment.properties.corridors:
            continue
        before, after = status_on(atlas, segment, query.from_date), status_on(atlas, segment, query.to_date)
        if before != after:
            rows.append(
                {
                    "segment": segment.id,
                    "name": segment.properties.name,
                    "before": before,
                    "before_label": STATUS_LABELS[before] if before else NOT_YET_ANNOUNCED,
                    "after": after,
                    "after_label": STATUS_LABELS[after] if after else NOT_YET_ANNOUNCED,
                }
            )
    return rows


def feed_paths(corridor_id: str | None) -> dict[str, str]:
    """The site paths of the feed of every change and, for a corridor, of its own."""
    paths = {"all": "/changes.atom"}
    if corridor_id is not None:
        paths["corridor"] = f"/corridors/{corridor_id}/changes.atom"
    return paths


def changes_page(atlas: Atlas, query: ChangesQuery, root: str = "") -> dict[str, Any]:
    """Every dated change the query selects, newest first, with the status differences between its dates."""
    shown = selected(changes_of(atlas), query)
    undated = [f for f in undated_claims(atlas) if query.corridor in (None, *atlas.index.corridors_of_fact(f))]
    return {
        "query": query.as_params(),
        "corridors": [{"id": c.id, "name": c.name} for c in atlas.corridors.values()],
        "changes": [change_view(atlas, c, root) for c in reversed(shown)],
        "status_differences": status_differences(atlas, query),
        "undated_claims": len(undated),
        "feeds": {name: root + path for name, path in feed_paths(query.corridor).items()},
    }


def _atom_time(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
    element.text = text
    return element


def _entry(feed: ET.Element, atlas: Atlas, change: Change, base_url: str) -> None:
    view = change_view(atlas, change, base_url)
    entry = _sub(feed, "entry")
    _sub(entry, "id", view["id"])
    _sub(entry, "title", f"{view['kind_label']}: {view['title']}", type="text")
    _sub(entry, "updated", _atom_time(change.date))
    _sub(entry, "link", rel="alternate", type="text/html", href=view["links"]["record"])
    _sub(entry, "link", rel="related", type="text/html", href=view["links"]["map"], title=f"The map on {view['date']}")
    _sub(entry, "category", term=change.kind, label=view["kind_label"])
    summary = f"{view['date']} ({view['date_basis']})."
    if view["text"]:
        summary += f" “{view['text']}”" if change.kind == "claim" else f" {view['text']}"
    if view["source"]:
        summary += f" Source: {view['source']['title']}."
    _sub(entry, "summary", summary, type="text")


def changes_atom(atlas: Atlas, corridor_id: str | None, base_url: str) -> bytes:
    """The Atom feed (RFC 4287) of every change, or of one corridor's, newest first, with absolute links under
    `base_url` (the site's root URL, without a trailing slash). `updated` is the latest change's date: it
    moves only when the data gains a later change."""
    changes = selected(changes_of(atlas), ChangesQuery.model_construct(corridor=corridor_id))
    every = changes_of(atlas)
    latest = max((c.date for c in changes), default=max((c.date for c in every), default=dt.date(1970, 1, 1)))
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    name = atlas.corridors[corridor_id].name if corridor_id else None
    _sub(feed, "id", FEED_TAG_PREFIX + (f"changes/{corridor_id}" if corridor_id else "changes"))
    _sub(feed, "title", f"corridor: what changed on {name}" if name else "corridor: what changed", type="text")
    _sub(feed, "subtitle", "Dated changes to the curated railway corridor data, each citing its source.", type="text")
    _sub(feed, "updated", _atom_time(latest))
    author = _sub(feed, "author")
    _sub(author, "name", FEED_AUTHOR)
    self_path = feed_paths(corridor_id)["corridor" if corridor_id else "all"]
    _sub(feed, "link", rel="self", type=ATOM_TYPE, href=base_url + self_path)
    page = f"{base_url}/changes" + (f"?corridor={corridor_id}" if corridor_id else "")
    _sub(feed, "link", rel="alternate", type="text/html", href=page)
    for change in reversed(changes):
        _entry(feed, atlas, change, base_url)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


MAP_CHANGE_KINDS = ("status", "crossing")
"""The changes that draw the map differently: a line's status (or its first report), a crossing's state."""
PANEL_OPEN = 6
"""How many of the latest map-change dates the overview's panel lists open; the earlier ones fold."""


def map_changes_panel(atlas: Atlas, as_of: dt.date | None) -> dict[str, Any]:
    """The overview's "what changed on the map" panel: every date on which a line's status or a crossing's
    state changed (first reports included), newest first, each with what changed and the overview drawn on that
    date; the date the map is drawn at marked. From the same change records as `/changes` and the feeds."""
    drawn = drawn_on(atlas, as_of)
    days: dict[dt.date, list[str]] = {}
    for change in changes_of(atlas):
        if change.kind in MAP_CHANGE_KINDS:
            days.setdefault(change.date, []).append(_title_and_text(atlas, change)[0])
    rows = [
        {"date": day.isoformat(), "changes": titles, "drawn": day == drawn}
        for day, titles in sorted(days.items(), reverse=True)
    ]
    return {"latest": rows[:PANEL_OPEN], "earlier": rows[PANEL_OPEN:], "drawn": drawn.isoformat() if drawn else None}
