"""Geodesic lengths, per-country and per-status splits, gauge breaks and bounds: pure functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.prepared import prep

from corridor.atlas.load import Atlas
from corridor.atlas.model import Segment

WGS84 = Geod(ellps="WGS84")
OUTSIDE_COUNTRIES = "n/a"
"""Key for length that falls outside every country polygon (generalised coastlines and rivers)."""

Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class GaugeBreak:
    """A place where track of different gauges meets, or where a line of undecided gauge joins."""

    place_id: str
    gauges_mm: tuple[int, ...]
    undecided: bool

    @property
    def certain(self) -> bool:
        """True when two known gauges meet here; False when the break depends on an undecided gauge."""
        return len(self.gauges_mm) > 1


@dataclass(frozen=True)
class CorridorSummary:
    """The numbers the comparison table and `corridor info` show for one corridor."""

    corridor_id: str
    length_km: float
    km_by_variant: dict[str, float]
    km_by_country: dict[str, float]
    km_by_status: dict[str, float]
    gauges_mm: list[int | None]
    gauge_breaks: list[GaugeBreak]
    fact_count: int
    source_count: int
    bounds: Bounds


def line_length_km(geometry: BaseGeometry) -> float:
    """Geodesic length on the WGS84 ellipsoid, in km, of a lon/lat line or collection."""
    return WGS84.geometry_length(geometry) / 1000.0


def lengths_km(coordinate_lists: Sequence[Sequence[Sequence[float]]]) -> list[float]:
    """Geodesic length in km of each lon/lat line, all edges in one pyproj call (equal to `line_length_km` of
    each, many times faster for thousands of lines)."""
    if not coordinate_lists:
        return []
    arrays = [np.asarray(coordinates, dtype=float)[:, :2] for coordinates in coordinate_lists]
    points = np.concatenate(arrays)
    _, _, metres = WGS84.inv(points[:-1, 0], points[:-1, 1], points[1:, 0], points[1:, 1])
    metres = np.append(np.asarray(metres), 0.0)
    offsets = np.cumsum([0, *(len(a) for a in arrays)])
    # Each line's edges run from its first point to its last; the edge to the next line's first point is left out.
    ends = zip(offsets[:-1], offsets[1:], strict=True)
    return [float(metres[start : stop - 1].sum()) / 1000.0 for start, stop in ends]


def segment_length_km(segment: Segment) -> float:
    """Geodesic length of a segment in km."""
    return line_length_km(LineString(segment.geometry.coordinates))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance between two lon/lat points in km."""
    _, _, metres = WGS84.inv(a[0], a[1], b[0], b[1])
    return float(metres) / 1000.0


def countries_for(atlas: Atlas) -> dict[str, BaseGeometry]:
    """Country polygons keyed by ISO 3166 alpha-3, from the reference layers that ship with the atlas."""
    return atlas.reference.country_shapes


def country_names_for(atlas: Atlas) -> dict[str, str]:
    """Country names keyed by ISO alpha-3, from the same Natural Earth layer as the polygons."""
    return atlas.reference.country_names


def km_by_country(line: LineString, countries: dict[str, BaseGeometry]) -> dict[str, float]:
    """Split a line's geodesic length among the country polygons it crosses."""
    total = line_length_km(line)
    split: dict[str, float] = {}
    for code, polygon in countries.items():
        if not prep(polygon).intersects(line):
            continue
        km = line_length_km(polygon.intersection(line))
        if km > 0:
            split[code] = km
    outside = total - sum(split.values())
    if outside > 0.05:
        split[OUTSIDE_COUNTRIES] = outside
    return split


def km_to_country(point: tuple[float, float], polygon: BaseGeometry) -> float:
    """Approximate geodesic distance from a point to a polygon's nearest edge, in km (0 inside)."""
    location = Point(point)
    if polygon.contains(location):
        return 0.0
    nearest = polygon.exterior if isinstance(polygon, Polygon) else polygon.boundary
    projected = nearest.interpolate(nearest.project(location))
    return distance_km(point, (projected.x, projected.y))


def gauge_breaks(segments: Iterable[Segment]) -> list[GaugeBreak]:
    """Places where segments of different gauges meet, or a known gauge meets an undecided one."""
    gauges_at: dict[str, set[int | None]] = defaultdict(set)
    for segment in segments:
        props = segment.properties
        gauges_at[props.from_place].add(props.gauge_mm)
        gauges_at[props.to_place].add(props.gauge_mm)
    breaks = []
    for place_id, gauges in gauges_at.items():
        known = tuple(sorted(g for g in gauges if g is not None))
        undecided = None in gauges
        if len(known) > 1 or (known and undecided):
            breaks.append(GaugeBreak(place_id, known, undecided))
    return sorted(breaks, key=lambda b: b.place_id)


def bounds_of(coordinates: Iterable[tuple[float, float]]) -> Bounds:
    """(min_lon, min_lat, max_lon, max_lat) of some lon/lat pairs: the pairs' own values (an int stays an int),
    found with numpy (a map at bench/scale.py's size has 130,000 of them)."""
    pairs = list(coordinates)
    values = np.asarray(pairs, dtype=float).reshape(len(pairs), 2)
    (west, south), (east, north) = values.argmin(axis=0), values.argmax(axis=0)  # the first of equal values
    return (pairs[west][0], pairs[south][1], pairs[east][0], pairs[north][1])


def atlas_bounds(atlas: Atlas) -> Bounds:
    """Bounds of every segment and place."""
    coordinates = [c for s in atlas.segments.values() for c in s.geometry.coordinates]
    coordinates += [p.geometry.coordinates for p in atlas.places.values()]
    return bounds_of(coordinates)


def _add(totals: dict[str, float], extra: dict[str, float]) -> None:
    for key, km in extra.items():
        totals[key] = totals.get(key, 0.0) + km


def unshared_runs(segments: Iterable[Segment]) -> list[tuple[Segment, LineString]]:
    """Each segment's track not already drawn by an earlier one, as runs of line: where two segments share
    track (the same vertices, as Quetta–Spezand in Sibi–Quetta and Quetta–Mastung Road), the later one leaves
    it out, so that the track is counted once."""
    seen: set[tuple[tuple[float, float], tuple[float, float]]] = set()
    runs: list[tuple[Segment, LineString]] = []
    for segment in segments:
        run: list[tuple[float, float]] = []
        coordinates = [(lon, lat) for lon, lat in segment.geometry.coordinates]
        for start, end in zip(coordinates, coordinates[1:], strict=False):
            edge = (min(start, end), max(start, end))
            if edge in seen:
                if len(run) > 1:
                    runs.append((segment, LineString(run)))
                run = []
                continue
            seen.add(edge)
            run = run or [start]
            run.append(end)
        if len(run) > 1:
            runs.append((segment, LineString(run)))
    return runs


def shared_track_km(segments: Iterable[Segment]) -> float:
    """Km of track that more than one of the segments draws, counted once per extra drawing."""
    segments = list(segments)
    drawn = sum(segment_length_km(s) for s in segments)
    return drawn - sum(line_length_km(line) for _, line in unshared_runs(segments))


def km_splits(
    segments: Iterable[Segment], countries: dict[str, BaseGeometry], count_shared_once: bool = False
) -> tuple[dict[str, float], dict[str, float]]:
    """Geodesic km of some segments by country (longest first) and by status; with `count_shared_once`, track
    that several segments share counts once (for a corridor's length), else once per segment (for a route)."""
    by_country: dict[str, float] = {}
    by_status: dict[str, float] = {}
    pieces = (
        unshared_runs(segments)
        if count_shared_once
        else [(segment, LineString(segment.geometry.coordinates)) for segment in segments]
    )
    for segment, line in pieces:
        _add(by_country, km_by_country(line, countries))
        _add(by_status, {segment.properties.status: line_length_km(line)})
    return dict(sorted(by_country.items(), key=lambda kv: -kv[1])), by_status


def corridor_summary(atlas: Atlas, corridor_id: str) -> CorridorSummary:
    """Lengths, splits, gauges and counts for one corridor.

    `length_km` and the splits count every drawn segment, alternatives included, so they add up to what
    the map shows, with track that two segments share counted once; `km_by_variant` gives the end-to-end
    length of the corridor along each alternative (the unlabelled segments plus that alternative's own).
    """
    segments = atlas.corridor_segments(corridor_id)
    by_country, by_status = km_splits(segments, countries_for(atlas), count_shared_once=True)
    own_variant_km: dict[str, float] = {}
    for segment in segments:
        if segment.properties.variant:
            _add(own_variant_km, {segment.properties.variant: segment_length_km(segment)})
    common_km = sum(by_status.values()) - sum(own_variant_km.values())
    facts = atlas.facts_about([corridor_id, *(s.id for s in segments)])
    return CorridorSummary(
        corridor_id=corridor_id,
        length_km=sum(by_status.values()),
        km_by_variant={label: common_km + km for label, km in own_variant_km.items()},
        km_by_country=by_country,
        km_by_status=by_status,
        gauges_mm=sorted({s.properties.gauge_mm for s in segments}, key=lambda g: (g is None, g or 0)),
        gauge_breaks=gauge_breaks(segments),
        fact_count=len(facts),
        source_count=len({f.seed for f in facts}),
        bounds=bounds_of(c for s in segments for c in s.geometry.coordinates),
    )
