"""The rail network as a graph: route finding across existing and promised lines."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import networkx as nx
from shapely.geometry import LineString, Point

from corridor.atlas.geometry import countries_for, distance_km, km_splits, line_length_km
from corridor.atlas.load import Atlas
from corridor.atlas.model import STATUSES, Place, Segment
from corridor.atlas.timeline import crossing_on
from corridor.request.errors import NotFound

EXISTING_ONLY: frozenset[str] = frozenset({"existing"})
EVERYTHING: frozenset[str] = frozenset(STATUSES)
STATUS_ORDER: tuple[str, ...] = ("existing", "under_construction", "planned", "proposed")
"""From most to least real: route explanations add statuses in this order."""


class UnknownPlace(NotFound):
    """No place matches the name; carries close matches to suggest."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else "; see `corridor route --help`"
        super().__init__(f"unknown place {query!r}{hint}")


@dataclass(frozen=True)
class GaugeChange:
    """Where consecutive segments of a route differ in gauge, or one gauge is undecided."""

    place_id: str
    from_gauge_mm: int | None
    to_gauge_mm: int | None

    @property
    def certain(self) -> bool:
        return self.from_gauge_mm is not None and self.to_gauge_mm is not None


@dataclass(frozen=True)
class BorderCrossing:
    """Where a route leaves one country for another: at a crossing place if the data has one."""

    from_country: str
    to_country: str
    place_id: str | None
    segment_id: str


STATION_REACH_KM = 25.0
"""How far a town off the track may be from the station that serves it (Zhanaozen's Uzen station is 8 km away)."""


@dataclass(frozen=True)
class Route:
    """A path through the network and what a freight planner would want to know about it; `served_by` maps each
    stop asked for that is off the track to the station the route starts, passes or ends at instead."""

    allowed: frozenset[str]
    place_ids: list[str]
    segments: list[Segment]
    length_km: float
    km_by_country: dict[str, float]
    km_by_status: dict[str, float]
    border_crossings: list[BorderCrossing]
    gauge_changes: list[GaugeChange]
    corridors: list[str]
    served_by: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NoRoute:
    """Why no path exists under a status filter."""

    allowed: frozenset[str]
    reason: str
    needs_statuses: Sequence[str] = field(default_factory=list)
    missing_segments: list[str] = field(default_factory=list)
    served_by: dict[str, str] = field(default_factory=dict)


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-light form of a name for matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(plain.replace("-", " ").replace("_", " ").replace("'", "").split())


def place_names(place: Place) -> list[str]:
    props = place.properties
    return [props.id, props.name, *props.aliases]


def find_place(atlas: Atlas, query: str) -> Place:
    """The place whose id, name or alias matches `query` (case- and accent-insensitive)."""
    wanted = fold(query)
    names = {fold(name): place for place in atlas.places.values() for name in place_names(place)}
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys(names[name].id for name in close))
    raise UnknownPlace(query, suggestions)


def station_for(atlas: Atlas, place_id: str) -> str:
    """The place on the track that serves `place_id`: itself when a line reaches it; else a station named after
    it (Zhanaozen -> "Uzen (Zhanaozen) station"), or else the nearest place on the track, within STATION_REACH_KM;
    else itself (and no route will reach it)."""
    track = atlas.index.on_track
    if place_id in track:
        return place_id
    place = atlas.places[place_id]
    here = place.geometry.coordinates
    near = sorted((distance_km(here, atlas.places[p].geometry.coordinates), p) for p in track if p in atlas.places)
    near = [(km, p) for km, p in near if km <= STATION_REACH_KM]
    wanted = fold(place.properties.name)
    named = [p for _, p in near if any(wanted in fold(name) for name in place_names(atlas.places[p]))]
    return named[0] if named else near[0][1] if near else place_id


def _served(atlas: Atlas, stops: Sequence[str]) -> dict[str, str]:
    return {stop: station for stop in stops if (station := station_for(atlas, stop)) != stop}


def _names(atlas: Atlas, place_ids: Sequence[str]) -> str:
    return " to ".join(atlas.places[p].properties.name if p in atlas.places else p for p in place_ids)


def build_network(atlas: Atlas, allowed: Collection[str] = EVERYTHING) -> nx.Graph[str]:
    """Places as nodes, segments of the allowed statuses as edges weighted by geodesic km."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(atlas.places)
    for segment in atlas.segments.values():
        if segment.properties.status not in allowed:
            continue
        km = line_length_km(LineString(segment.geometry.coordinates))
        ends = (segment.properties.from_place, segment.properties.to_place)
        if graph.has_edge(*ends) and graph.edges[ends]["km"] <= km:
            continue
        graph.add_edge(*ends, km=km, segment=segment)
    return graph


def shut_crossings(atlas: Atlas, on: dt.date | None) -> dict[str, str]:
    """The border crossings not open on `on` (as the data last records it when None), with their state: a
    `restricted` crossing (returning refugees only, say) carries no train of goods either."""
    states = {p.id: dated.step.state for p in atlas.places.values() if (dated := crossing_on(atlas, p, on)) is not None}
    return {place_id: state for place_id, state in states.items() if state != "open"}


def atlas_open_on(atlas: Atlas, on: dt.date) -> Atlas:
    """The atlas without the segments that pass a border crossing not open on `on`: the network as open that
    day."""
    shut = shut_crossings(atlas, on)
    segments = {i: s for i, s in atlas.segments.items() if not shut.keys() & set(crossings_on(atlas, s))}
    return dataclasses.replace(atlas, segments=MappingProxyType(segments))


def corridor_path_km(atlas: Atlas, corridor_id: str, stops: Sequence[str]) -> float | None:
    """The drawn length, km, of the shortest path along the corridor's own lines through `stops` in order; None
    when its lines do not join them."""
    graph: nx.Graph[str] = nx.Graph()
    for segment in atlas.corridor_segments(corridor_id):
        ends = (segment.properties.from_place, segment.properties.to_place)
        graph.add_edge(*ends, km=atlas.index.segment_km[segment.id])
    if any(stop not in graph for stop in stops):
        return None
    path = _shortest_through(graph, stops)
    if path is None:
        return None
    return float(sum(graph.edges[a, b]["km"] for a, b in zip(path, path[1:], strict=False)))


def _gauge_changes(place_ids: list[str], segments: list[Segment]) -> list[GaugeChange]:
    changes = []
    for place_id, before, after in zip(place_ids[1:], segments, segments[1:], strict=False):
        old, new = before.properties.gauge_mm, after.properties.gauge_mm
        if old != new:
            changes.append(GaugeChange(place_id, old, new))
    return changes


def _countries_in_travel_order(segment: Segment, leaving: str) -> list[str]:
    countries = list(segment.properties.countries)
    return countries if segment.properties.from_place == leaving else countries[::-1]


CROSSING_TOLERANCE_DEG = 0.01
"""How close (about 1 km) a border-crossing place must lie to a segment to count as where it crosses."""


def crossings_on(atlas: Atlas, segment: Segment) -> list[str]:
    """The border-crossing places a segment passes (within CROSSING_TOLERANCE_DEG of its line)."""
    line = LineString(segment.geometry.coordinates)
    crossings = (p for p in atlas.places.values() if p.properties.kind == "border_crossing")
    return [p.id for p in crossings if line.distance(Point(p.geometry.coordinates)) < CROSSING_TOLERANCE_DEG]


def crossings_of_corridor(atlas: Atlas, corridor_id: str) -> list[str]:
    """The border-crossing places a corridor's lines pass, each once, in the order of its segments."""
    return list(dict.fromkeys(c for s in atlas.corridor_segments(corridor_id) for c in crossings_on(atlas, s)))


def _crossing_point(atlas: Atlas, segment: Segment) -> str | None:
    return next(iter(crossings_on(atlas, segment)), None)


def _border_crossings(atlas: Atlas, place_ids: list[str], segments: list[Segment]) -> list[BorderCrossing]:
    """Every change of country along the route, inside a segment or where two segments meet."""
    crossings: list[BorderCrossing] = []
    previous: str | None = None
    for leaving, segment in zip(place_ids, segments, strict=False):
        countries = _countries_in_travel_order(segment, leaving)
        if previous is not None and previous != countries[0]:
            crossings.append(BorderCrossing(previous, countries[0], leaving, segment.id))
        for before, after in zip(countries, countries[1:], strict=False):
            crossings.append(BorderCrossing(before, after, _crossing_point(atlas, segment), segment.id))
        previous = countries[-1]
    return crossings


def _route_along(atlas: Atlas, graph: nx.Graph[str], place_ids: list[str], allowed: frozenset[str]) -> Route:
    segments = _path_segments(graph, place_ids)
    by_country, by_status = km_splits(segments, countries_for(atlas))
    corridors = list(dict.fromkeys(c for s in segments for c in s.properties.corridors))
    return Route(
        allowed=allowed,
        place_ids=place_ids,
        segments=segments,
        length_km=sum(by_status.values()),
        km_by_country=by_country,
        km_by_status=by_status,
        border_crossings=_border_crossings(atlas, place_ids, segments),
        gauge_changes=_gauge_changes(place_ids, segments),
        corridors=corridors,
    )


def _path_segments(graph: nx.Graph[str], path: list[str]) -> list[Segment]:
    return [graph.edges[a, b]["segment"] for a, b in zip(path, path[1:], strict=False)]


def _shortest_through(graph: nx.Graph[str], stops: Sequence[str]) -> list[str] | None:
    """Place ids of the shortest path through the stops in order, or None when a leg has no path."""
    place_ids = [stops[0]]
    for leg_start, leg_end in zip(stops, stops[1:], strict=False):
        if not nx.has_path(graph, leg_start, leg_end):
            return None
        place_ids += nx.shortest_path(graph, leg_start, leg_end, weight="km")[1:]
    return place_ids


def _explain_no_route(atlas: Atlas, stops: Sequence[str], allowed: frozenset[str]) -> NoRoute:
    widened = set(allowed)
    for status in STATUS_ORDER:
        if status in widened:
            continue
        widened.add(status)
        graph = build_network(atlas, widened)
        place_ids = _shortest_through(graph, stops)
        if place_ids is not None:
            missing = [s for s in _path_segments(graph, place_ids) if s.properties.status not in allowed]
            needs = sorted({s.properties.status for s in missing}, key=STATUS_ORDER.index)
            reason = (
                f"no path over {', '.join(sorted(allowed, key=STATUS_ORDER.index))} track; "
                f"it needs {' and '.join(needs)} segments: {', '.join(s.properties.name for s in missing)}"
            )
            return NoRoute(allowed, reason, needs, [s.id for s in missing])
    return NoRoute(allowed, f"no line in the data joins {_names(atlas, stops)}, whatever its status")


def _same_stop(atlas: Atlas, asked: Sequence[str], stops: Sequence[str]) -> str | None:
    """Why two stops in a row make no route, by name (Zhanaozen is reached at Uzen station itself), or None."""
    for i in range(len(asked) - 1):
        (first, second), (station, after) = asked[i : i + 2], stops[i : i + 2]
        if station == after:
            if station in (first, second):
                other = second if first == station else first
                reason = f"{_names(atlas, [other])} is reached at {_names(atlas, [station])} itself"
            else:
                both = _names(atlas, [first, second]).replace(" to ", " and ")
                reason = f"{both} are both reached at {_names(atlas, [station])}"
            return f"{reason}: no route between them"
    return None


def plan_route(
    atlas: Atlas, start: str, end: str, allowed: Collection[str] = EVERYTHING, via: Sequence[str] = ()
) -> Route | NoRoute:
    """The shortest path by geodesic km from one place id to another, through `via` places in order; a town
    off the track is reached at the station that serves it (`station_for`, named in `served_by`)."""
    allowed = frozenset(allowed)
    asked = [start, *via, end]
    served = _served(atlas, asked)
    stops = [served.get(stop, stop) for stop in asked]
    same = _same_stop(atlas, asked, stops)
    if same:
        return NoRoute(allowed, same, served_by=served)
    graph = build_network(atlas, allowed)
    place_ids = _shortest_through(graph, stops)
    if place_ids is None:
        return replace(_explain_no_route(atlas, stops, allowed), served_by=served)
    return replace(_route_along(atlas, graph, place_ids, allowed), served_by=served)


def compare_routes(atlas: Atlas, start: str, end: str, via: Sequence[str] = ()) -> dict[str, Route | NoRoute]:
    """The best path over existing track only beside the best over everything announced."""
    return {
        "existing": plan_route(atlas, start, end, EXISTING_ONLY, via),
        "announced": plan_route(atlas, start, end, EVERYTHING, via),
    }
