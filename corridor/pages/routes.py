"""The route planner page as one dict (the HTML renders it, the `.json` twin serialises it) and its map.

Plain query parameters in, plain data out: `from`, `to`, optional repeated `via` and `allow`. Without `allow`
the page sets the best path over existing track only beside the best over everything announced.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import Field, ValidationInfo, field_validator, model_validator

from corridor.atlas.geometry import distance_km
from corridor.atlas.load import Atlas
from corridor.atlas.model import STATUSES, Segment
from corridor.atlas.network import (
    STATUS_ORDER,
    BorderCrossing,
    GaugeChange,
    NoRoute,
    Route,
    UnknownPlace,
    atlas_open_on,
    compare_routes,
    find_place,
    plan_route,
    shut_crossings,
)
from corridor.display.citations import crossing_state_text, crossing_text
from corridor.display.text import OUTSIDE_BORDERS, PLACE_KIND_LABELS, STATUS_LABELS, country_name, gauge_text, km_text
from corridor.display.vocab import ROUTE_STYLES, corridor_colour
from corridor.maps.render import Highlight, render_map_html
from corridor.pages.views import km_rows
from corridor.request.errors import BadParameter
from corridor.request.params import OpenOnDate, QueryModel, parse_query

MAX_PLACE_CHARS = 100
"""Longer names are refused before fuzzy matching, which grows with the square of the length."""
EXAMPLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("termez", "karachi-port", ()),
    ("torghundi", "gwadar-port", ()),
    ("serhetabat", "port-qasim", ()),
    ("termez", "karachi-port", ("herat",)),
)
CARD_LABELS = {"existing": "Existing track only", "announced": "Everything announced"}


@dataclass(frozen=True)
class RouteQuery:
    """Which route to plan, by place id; `allowed` None compares existing-only with everything announced."""

    start: str
    end: str
    via: tuple[str, ...] = ()
    allowed: frozenset[str] | None = None
    open_on: dt.date | None = None
    """Plan over the network as open that day: lines through a crossing not open then are left out."""

    def as_params(self) -> dict[str, list[str]]:
        """The query as URL parameters (lists repeat the key)."""
        params = {"from": [self.start], "to": [self.end], "via": list(self.via)}
        params["allow"] = sorted(self.allowed, key=STATUS_ORDER.index) if self.allowed else []
        params["open_on"] = [self.open_on.isoformat()] if self.open_on else []
        return {key: values for key, values in params.items() if values}


def _atlas(info: ValidationInfo) -> Atlas:
    if not isinstance(info.context, Atlas):
        raise TypeError("parse RouteParams with the atlas as context: parse_query(RouteParams, args, atlas)")
    return info.context


def _place_id(atlas: Atlas, query: str) -> str:
    if len(query) > MAX_PLACE_CHARS:
        raise ValueError(f"A place name is at most {MAX_PLACE_CHARS} characters; pick one from the list.")
    try:
        return find_place(atlas, query).id
    except UnknownPlace as exc:
        names = [atlas.places[p].properties.name for p in exc.suggestions]
        hint = f"Did you mean {' or '.join(names)}?" if names else "Pick one from the list of places."
        raise ValueError(f"There is no place called {query!r}. {hint}") from None


def same_place_message(atlas: Atlas, stops: Sequence[str]) -> str | None:
    """What is wrong when two consecutive stops (from, each via, to) are one place; None when none are."""
    roles = ["from", *(["via"] * (len(stops) - 2)), "to"]
    for i in range(len(stops) - 1):
        if stops[i] == stops[i + 1]:
            name = atlas.places[stops[i]].properties.name
            return (
                f"{name} is both '{roles[i]}' and '{roles[i + 1]}': the same place twice in a row is no route. "
                f"Pick two different places."
            )
    return None


class RouteParams(QueryModel):
    """The planner's parameters: `from`, `to`, optional repeated `via` and `allow`; places by id, name or other
    spelling, resolved to ids against the atlas given as the parse context."""

    REPEATABLE: ClassVar[frozenset[str]] = frozenset({"via", "allow"})
    start: str | None = Field(None, alias="from")
    end: str | None = Field(None, alias="to")
    via: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    open_on: OpenOnDate = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _place(cls, value: Any, info: ValidationInfo) -> str:
        return _place_id(_atlas(info), value)

    @field_validator("via", mode="before")
    @classmethod
    def _via(cls, values: Any, info: ValidationInfo) -> tuple[str, ...]:
        return tuple(_place_id(_atlas(info), v) for v in values)

    @field_validator("allow", mode="before")
    @classmethod
    def _allow(cls, values: Any) -> tuple[str, ...]:
        unknown = [v for v in values if v not in STATUSES]
        if unknown:
            raise ValueError(f"There is no status {unknown[0]!r}; allow one or more of {', '.join(STATUSES)}.")
        return tuple(values)

    @model_validator(mode="after")
    def _complete(self, info: ValidationInfo) -> RouteParams:
        asked = self.start or self.end or self.via or self.allow or self.open_on
        if asked and (self.start is None or self.end is None):
            raise ValueError("Give both a start ('from') and an end ('to'), e.g. from Termez to Karachi Port.")
        if asked:
            repeated = same_place_message(_atlas(info), [str(self.start), *self.via, str(self.end)])
            if repeated:
                raise ValueError(repeated)
        return self

    def resolved(self) -> RouteQuery | None:
        """The route to plan, or None when nothing was asked."""
        if self.start is None or self.end is None:
            return None
        return RouteQuery(self.start, self.end, self.via, frozenset(self.allow) or None, self.open_on)


def parse_route_query(atlas: Atlas, params: Mapping[str, Sequence[str]]) -> RouteQuery | None:
    """The query in `params` with places resolved to ids, None when nothing was asked; raises BadParameter."""
    return parse_query(RouteParams, params, atlas).resolved()


RESTRICTED_RULE = (
    "a restricted crossing, open to some traffic only such as returning refugees, counts as not open to trains"
)
"""How a route open on a date treats a restricted crossing, said wherever such a crossing is left out."""


def shut_names(atlas: Atlas, open_on: dt.date | None) -> list[str]:
    """`Torkham (restricted since 2025-11-01)` for each border crossing not open on `open_on`, sorted; none
    without a date."""
    if open_on is None:
        return []
    shut = shut_crossings(atlas, open_on)
    return sorted(
        f"{atlas.places[p].properties.name} ({crossing_state_text(atlas, atlas.places[p], open_on)})" for p in shut
    )


def not_open_text(atlas: Atlas, open_on: dt.date) -> str:
    """`not open on 2025-11-01: Torkham (restricted since 2025-11-01)`, with the rule for restricted crossings
    when one is among them."""
    shut = shut_crossings(atlas, open_on)
    text = f"not open on {open_on.isoformat()}: {', '.join(shut_names(atlas, open_on)) or 'none'}"
    return text + (f"; {RESTRICTED_RULE}" if "restricted" in shut.values() else "")


def _plan(atlas: Atlas, query: RouteQuery) -> dict[str, Route | NoRoute]:
    if query.allowed:
        return {"allowed": plan_route(atlas, query.start, query.end, query.allowed, query.via)}
    return compare_routes(atlas, query.start, query.end, query.via)


def plan_routes(atlas: Atlas, query: RouteQuery) -> dict[str, Route | NoRoute]:
    """The routes the page shows, by card key: `existing` and `announced`, or `allowed` for a status list; with
    `open_on`, over the network as open that day. A path that only the crossings not open then cut says so; one
    missing anyway keeps its own explanation, with the crossings named after it."""
    if query.open_on is None or not shut_crossings(atlas, query.open_on):
        return _plan(atlas, query)
    on_date = _plan(atlas_open_on(atlas, query.open_on), query)
    anyway = _plan(atlas, query)
    not_open = not_open_text(atlas, query.open_on)
    results: dict[str, Route | NoRoute] = {}
    for key, result in on_date.items():
        base = anyway[key]
        if isinstance(result, Route):
            results[key] = result
        elif isinstance(base, Route):
            results[key] = dataclasses.replace(
                result,
                reason=f"no path with the border crossings as they were; {not_open}",
                needs_statuses=[],
                missing_segments=[],
            )
        else:
            results[key] = dataclasses.replace(base, reason=f"{base.reason}; and {not_open}")
    return results


def _statuses_text(statuses: frozenset[str]) -> str:
    return " and ".join(STATUS_LABELS[s] for s in STATUS_ORDER if s in statuses)


def card_label(key: str, allowed: frozenset[str]) -> str:
    """`Existing track only`, `Everything announced`, or `Over existing and planned track`."""
    return CARD_LABELS.get(key) or f"Over {_statuses_text(allowed)} track"


def _place(atlas: Atlas, place_id: str | None) -> dict[str, str] | None:
    return None if place_id is None else {"id": place_id, "name": atlas.places[place_id].properties.name}


def _country(atlas: Atlas, code: str) -> dict[str, str]:
    return {"code": code, "name": OUTSIDE_BORDERS if code == "n/a" else country_name(atlas, code)}


def _segment(segment: Segment) -> dict[str, Any]:
    props = segment.properties
    return {
        "id": segment.id,
        "name": props.name,
        "status": props.status,
        "status_label": STATUS_LABELS[props.status],
        "gauge": gauge_text(props.gauge_mm),
    }


def crossing_state(atlas: Atlas, place_id: str | None, on: dt.date | None) -> str | None:
    """`closed since 2025-10-12, per …` for a border crossing on `on` (as last recorded when None)."""
    place = atlas.places.get(place_id) if place_id else None
    return crossing_text(atlas, place, on) if place is not None else None


def _crossing(atlas: Atlas, crossing: BorderCrossing, on: dt.date | None) -> dict[str, Any]:
    segment = atlas.segments[crossing.segment_id]
    place = atlas.places.get(crossing.place_id) if crossing.place_id else None
    state = crossing_state_text(atlas, place, on) if place is not None else None
    return {
        "from_country": _country(atlas, crossing.from_country),
        "to_country": _country(atlas, crossing.to_country),
        "place": _place(atlas, crossing.place_id),
        "segment": _segment(segment),
        "state": crossing_state(atlas, crossing.place_id, on),
        "summary": f"{STATUS_LABELS[segment.properties.status]} track, crossing {state}" if state else None,
    }


def _gauge_change(atlas: Atlas, change: GaugeChange) -> dict[str, Any]:
    return {
        "place": _place(atlas, change.place_id),
        "from_gauge": gauge_text(change.from_gauge_mm),
        "to_gauge": gauge_text(change.to_gauge_mm),
        "certain": change.certain,
    }


def station_notes(atlas: Atlas, served_by: Mapping[str, str]) -> list[str]:
    """For each stop asked for that is off the track, where the route reaches it, in words."""
    notes = []
    for asked, station in served_by.items():
        place, stop = atlas.places[asked], atlas.places[station]
        km = distance_km(place.geometry.coordinates, stop.geometry.coordinates)
        notes.append(f"{place.properties.name} is reached at {stop.properties.name}, {km_text(km)} away.")
    return notes


def _found_card(atlas: Atlas, route: Route, on: dt.date | None = None) -> dict[str, Any]:
    countries = {code: _country(atlas, code)["name"] for code in route.km_by_country}
    return {
        "found": True,
        "stations": station_notes(atlas, route.served_by),
        "length_km": round(route.length_km, 1),
        "length_text": km_text(route.length_km),
        "places": [_place(atlas, p) for p in route.place_ids],
        "segments": [_segment(s) for s in route.segments],
        "km_by_country": km_rows(route.km_by_country, countries),
        "km_by_status": km_rows(route.km_by_status, STATUS_LABELS),
        "border_crossings": [_crossing(atlas, c, on) for c in route.border_crossings],
        "gauge_changes": [_gauge_change(atlas, c) for c in route.gauge_changes],
        "corridors": [
            {"id": c, "name": atlas.corridors[c].name, "colour": corridor_colour(c)} for c in route.corridors
        ],
    }


def _missing_card(atlas: Atlas, result: NoRoute) -> dict[str, Any]:
    return {
        "found": False,
        "stations": station_notes(atlas, result.served_by),
        "reason": result.reason,
        "needs_statuses": [{"value": s, "label": STATUS_LABELS[s]} for s in result.needs_statuses],
        "missing_segments": [_segment(atlas.segments[s]) for s in result.missing_segments],
    }


def route_card(atlas: Atlas, key: str, result: Route | NoRoute, on: dt.date | None = None) -> dict[str, Any]:
    """One side of the comparison: the path and its numbers (crossings in their state on `on`, as last recorded
    when None), or what disconnects it."""
    allowed = sorted(result.allowed, key=STATUS_ORDER.index)
    head = {"key": key, "label": card_label(key, result.allowed), "colour": ROUTE_STYLES[key][0], "allowed": allowed}
    return head | (_found_card(atlas, result, on) if isinstance(result, Route) else _missing_card(atlas, result))


def gap_text(results: Mapping[str, Route | NoRoute]) -> str | None:
    """What the announced lines would change, in one sentence; None unless both sides were planned."""
    existing, announced = results.get("existing"), results.get("announced")
    if not isinstance(announced, Route):
        return None
    unbuilt_km = announced.length_km - announced.km_by_status.get("existing", 0.0)
    if not isinstance(existing, Route):
        return (
            f"No path exists over existing track; the announced lines would open one of "
            f"{km_text(announced.length_km)}, {km_text(unbuilt_km)} of it not yet built."
        )
    if existing.length_km - announced.length_km < 1:
        return f"The announced lines offer no shorter path than the {km_text(existing.length_km)} of existing track."
    return (
        f"The announced lines would cut the trip from {km_text(existing.length_km)} to "
        f"{km_text(announced.length_km)}, {km_text(unbuilt_km)} of it not yet built."
    )


def _examples(atlas: Atlas) -> list[dict[str, Any]]:
    def name(place_id: str) -> str:
        return atlas.places[place_id].properties.name

    return [
        {
            "label": f"{name(start)} → {name(end)}" + "".join(f" via {name(v)}" for v in via),
            "params": RouteQuery(start, end, via).as_params(),
        }
        for start, end, via in EXAMPLES
    ]


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    return [v.strip() for v in params.get(name, []) if v.strip()]


def _shown(atlas: Atlas, text: str) -> str:
    """What an input shows for what was asked: the place's name when the text names one (an example's id
    becomes "Karachi Port (Keamari)"), else the reader's own words back."""
    try:
        return find_place(atlas, text).properties.name if len(text) <= MAX_PLACE_CHARS else text
    except UnknownPlace:
        return text


def _form(atlas: Atlas, params: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """What the form shows: places by name, every place to pick from, the status boxes."""
    places = sorted(atlas.places.values(), key=lambda p: p.properties.name)
    allow = _values(params, "allow")
    return {
        "from": _shown(atlas, next(iter(_values(params, "from")), "")),
        "to": _shown(atlas, next(iter(_values(params, "to")), "")),
        "via": [_shown(atlas, v) for v in _values(params, "via")],
        "places": [
            {
                "name": p.properties.name,
                "about": f"{PLACE_KIND_LABELS[p.properties.kind]}, {country_name(atlas, p.properties.country)}",
            }
            for p in places
        ],
        "statuses": [{"value": s, "label": STATUS_LABELS[s], "checked": s in allow} for s in STATUSES],
        "open_on": next(iter(_values(params, "open_on")), ""),
    }


def suggestions(atlas: Atlas, params: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """For each place the planner could not find, the close names as queries to follow: the same query with
    that one field replaced."""
    found = []
    for name in ("from", "to", "via"):
        for index, text in enumerate(_values(params, name)):
            if len(text) > MAX_PLACE_CHARS:
                continue
            try:
                find_place(atlas, text)
            except UnknownPlace as exc:
                for place_id in exc.suggestions:
                    fixed = {k: _values(params, k) for k in ("from", "to", "via", "allow")}
                    fixed[name] = [*fixed[name][:index], place_id, *fixed[name][index + 1 :]]
                    found.append(
                        {
                            "field": name,
                            "typed": text,
                            "name": atlas.places[place_id].properties.name,
                            "params": {k: v for k, v in fixed.items() if v},
                        }
                    )
    return found


def routes_page(atlas: Atlas, params: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The route planner: the form, then either examples, an error, or the routes side by side."""
    view: dict[str, Any] = {
        "form": _form(atlas, params),
        "examples": _examples(atlas),
        "error": None,
        "suggestions": [],
        "query": None,
        "reverse": None,
        "stops": [],
        "routes": [],
        "gap": None,
        "open_on": None,
        "shut_crossings": [],
    }
    try:
        query = parse_route_query(atlas, params)
    except BadParameter as exc:
        return view | {"error": str(exc), "suggestions": suggestions(atlas, params)}
    if query is None:
        return view
    results = plan_routes(atlas, query)
    reverse = RouteQuery(query.end, query.start, tuple(reversed(query.via)), query.allowed, query.open_on)
    return view | {
        "query": query.as_params(),
        "reverse": reverse.as_params(),
        "stops": [_place(atlas, p) for p in (query.start, *query.via, query.end)],
        "routes": [route_card(atlas, key, result, query.open_on) for key, result in results.items()],
        "open_on": query.open_on.isoformat() if query.open_on else None,
        "shut_crossings": shut_names(atlas, query.open_on),
        "restricted_rule": RESTRICTED_RULE
        if query.open_on and "restricted" in shut_crossings(atlas, query.open_on).values()
        else None,
        "gap": gap_text(results),
    }


def route_highlights(atlas: Atlas, query: RouteQuery) -> list[Highlight]:
    """The routes found, as bands for the map, labelled with their card and length."""
    return [
        Highlight(key, f"{card_label(key, result.allowed)}: {km_text(result.length_km)}", tuple(result.segments))
        for key, result in plan_routes(atlas, query).items()
        if isinstance(result, Route)
    ]


def render_route_map_html(atlas: Atlas, query: RouteQuery, **options: Any) -> str:
    """Every corridor with the query's routes drawn over them, as a complete HTML document."""
    return render_map_html(atlas, None, highlights=route_highlights(atlas, query), **options)
