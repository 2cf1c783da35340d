"""The attribute tables every export shares, derived from the model: typed rows for each layer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

import numpy as np
import numpy.typing as npt
import shapely
from pydantic import BaseModel
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry

from corridor.atlas.geometry import WGS84
from corridor.atlas.load import Atlas
from corridor.atlas.model import Corridor, Fact, Place, PlaceProperties, Segment, SegmentProperties
from corridor.atlas.timeline import atlas_on
from corridor.display.citations import crossing_history_text, crossing_text, published_routes_text, segment_sources
from corridor.display.vocab import corridor_colour
from corridor.exports.formats import ALL, selection_keys
from corridor.request.errors import NotFound

LIST_SEPARATOR = ";"
"""Joins list values (aliases, countries, ids) in formats without list types."""

T = TypeVar("T")
ColumnKind = Literal["text", "list", "integer", "real", "date"]


@dataclass(frozen=True)
class Column:
    """One attribute of a layer: its property name, value kind and meaning."""

    name: str
    kind: ColumnKind
    description: str


@dataclass(frozen=True)
class Layer:
    """A named table of rows; `geometries` lines up with `rows` unless the layer has no geometry."""

    name: str
    geometry_type: str | None
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Any], ...]
    geometries: tuple[BaseGeometry, ...] = ()


def _kind(schema: dict[str, Any]) -> ColumnKind:
    options = [option for option in schema.get("anyOf", [schema]) if option.get("type") != "null"]
    option = options[0]
    if option.get("type") == "array":
        return "list"
    if option.get("format") == "date":
        return "date"
    kinds: dict[str, ColumnKind] = {"integer": "integer", "number": "real"}
    return kinds.get(option.get("type", ""), "text")


def model_columns(record_model: type[BaseModel]) -> tuple[Column, ...]:
    """A column per model field, in model order, with the field's description."""
    properties = record_model.model_json_schema()["properties"]
    return tuple(Column(name, _kind(prop), prop.get("description", "")) for name, prop in properties.items())


def text_columns(record_model: type[BaseModel], as_text: dict[str, str]) -> tuple[Column, ...]:
    """The model's columns, those named in `as_text` exported as text (a list of steps written out), the
    description saying how."""
    return tuple(
        Column(c.name, "text", f"{c.description} (as text: {as_text[c.name]})") if c.name in as_text else c
        for c in model_columns(record_model)
    )


PLACE_COLUMNS = (
    *text_columns(PlaceProperties, {"crossing_history": "state since date, per source → …"}),
    Column(
        "crossing_state",
        "text",
        "A border crossing's state on the export's date with its source, e.g. 'closed since 2025-10-12, per "
        "Jago News 24, 2025-10-12'; empty for other places (computed)",
    ),
)
SEGMENT_COLUMNS = (
    *text_columns(SegmentProperties, {"status_history": "status from date, per source → …"}),
    Column(
        "status_source",
        "text",
        "The status on the export's date with its source, e.g. 'planned from "
        "2025-07-10, per News.Az, 2025-07-14' (computed)",
    ),
    Column("gauge_source", "text", "Where gauge_mm comes from ('unknown' when it is null) (computed)"),
    Column("published_length_source", "text", "Where published_length_km comes from (computed)"),
    Column("length_km", "real", "Geodesic length of the line on the WGS84 ellipsoid, km (computed)"),
)
_CORRIDOR_FIELDS = text_columns(Corridor, {"published_routes": "name: published km, per source; drawn km → …"})
_BEFORE_SUMMARY = [c.name for c in _CORRIDOR_FIELDS].index("summary")
CORRIDOR_COLUMNS = (
    *_CORRIDOR_FIELDS[:_BEFORE_SUMMARY],
    Column("colour", "text", "Line colour on maps and in exports, `#rrggbb` (from the style table)"),
    *_CORRIDOR_FIELDS[_BEFORE_SUMMARY:],
    Column(
        "length_km",
        "real",
        "Geodesic length of all the corridor's lines, alternatives included, shared track once, km (computed)",
    ),
)
FACT_COLUMNS = (
    *model_columns(Fact),
    Column("source_title", "text", "Title of the seed article (from sources.json)"),
    Column("source_date", "date", "Publication date of the seed article, if it states one"),
    Column("source_date_kind", "text", "What source_date is: published, dateline or file_date"),
)
FACT_SUBJECT_COLUMNS = (
    Column("fact_id", "text", "Fact id (facts.id)"),
    Column("subject_id", "text", "Id of a corridor, segment or place the fact is about"),
)


@dataclass(frozen=True)
class Selection:
    """The records one export holds: one corridor with its segments, places and facts, or everything."""

    atlas: Atlas
    key: str
    corridors: tuple[Corridor, ...]
    segments: tuple[Segment, ...]
    place_ids: tuple[str, ...]
    facts: tuple[Fact, ...]
    as_of: dt.date | None = None


def select(atlas: Atlas, key: str, as_of: dt.date | None = None) -> Selection:
    """The records for `key` (a corridor id or `all`), each line with its status on `as_of` (today's when None;
    lines not yet announced then are left out). Raises NotFound.

    Kept per data version (`atlas.index.derived`), with the tables built from it (`kept`): the selection of a
    second export of the same corridor and date is the same object, and so are its rows."""
    if key != ALL and key not in atlas.corridors:
        raise NotFound(f"unknown corridor {key!r}; choose from {', '.join(selection_keys(atlas))}")
    return atlas.index.derived(("selection", key, as_of), lambda: _select(atlas, key, as_of))


def _select(atlas: Atlas, key: str, as_of: dt.date | None) -> Selection:
    atlas = atlas_on(atlas, as_of)  # one copy of the atlas per date drawn, shared by every selection on it
    if key == ALL:
        corridors = tuple(atlas.corridors.values())
        segments = tuple(atlas.segments.values())
        place_ids = tuple(atlas.places)
        return Selection(atlas, key, corridors, segments, place_ids, tuple(atlas.facts.values()), as_of)
    segments = tuple(atlas.corridor_segments(key))
    place_ids = atlas.index.corridor_places[key]
    facts = tuple(atlas.facts_about([key, *(s.id for s in segments), *place_ids]))  # about anything exported
    return Selection(atlas, key, (atlas.corridors[key],), segments, place_ids, facts, as_of)


def kept(selection: Selection, part: Hashable, build: Callable[[], T]) -> T:
    """`build()` for this selection, computed once per data version and kept: an export's rows and frames.
    What it returns is shared by every later export: read it, never change it."""
    return selection.atlas.index.derived(("export", selection.key, part), build)


@dataclass(frozen=True)
class SegmentLines:
    """The selection's segments as shapely lines and their geodesic edge lengths, built in a few vectorised calls
    (one shapely call for every line, one pyproj call for every edge) rather than one object at a time."""

    lines: dict[str, LineString]
    edge_km: dict[str, np.ndarray]
    edge_keys: dict[str, np.ndarray]

    def corridor_km(self, segment_ids: Sequence[str]) -> float:
        """Km of the segments' track, track that several of them draw (the same vertices) counted once."""
        if not segment_ids:
            return 0.0
        keys = np.concatenate([self.edge_keys[s] for s in segment_ids])
        km = np.concatenate([self.edge_km[s] for s in segment_ids])
        _, first = np.unique(keys, axis=0, return_index=True)
        return float(km[first].sum())


def segment_lines(segments: Sequence[Segment]) -> SegmentLines:
    """Lines, edge lengths and edge keys (each edge's end points in a fixed order) of the segments."""
    if not segments:
        return SegmentLines({}, {}, {})
    arrays = [np.asarray(s.geometry.coordinates, dtype=float)[:, :2] for s in segments]
    sizes = np.array([len(a) for a in arrays])
    points = np.concatenate(arrays)
    # Points with indices make an array of lines (one per segment), never a single line.
    lines = cast(
        "npt.NDArray[np.object_]", shapely.linestrings(points, indices=np.repeat(np.arange(len(arrays)), sizes))
    )
    starts, ends = points[:-1], points[1:]
    _, _, metres = WGS84.inv(starts[:, 0], starts[:, 1], ends[:, 0], ends[:, 1])
    swap = (starts[:, 0] > ends[:, 0]) | ((starts[:, 0] == ends[:, 0]) & (starts[:, 1] > ends[:, 1]))
    low = np.where(swap[:, None], ends, starts)
    high = np.where(swap[:, None], starts, ends)
    keys = np.hstack([low, high])
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    edge_km, edge_keys = {}, {}
    for segment, start, stop in zip(segments, offsets[:-1], offsets[1:], strict=True):
        edge_km[segment.id] = np.asarray(metres[start : stop - 1]) / 1000.0  # the edge to the next line is left out
        edge_keys[segment.id] = keys[start : stop - 1]
    return SegmentLines({s.id: line for s, line in zip(segments, lines, strict=True)}, edge_km, edge_keys)


def corridor_geometry(selection: Selection, corridor: Corridor) -> MultiLineString:
    """All lines of a corridor, variants included, in the corridor's order."""
    return MultiLineString([s.geometry.coordinates for s in selection.atlas.corridor_segments(corridor.id)])


def place_layer(selection: Selection) -> Layer:
    """Places as points."""
    places = [selection.atlas.places[p] for p in selection.place_ids]
    rows = tuple(place_row(selection.atlas, p, selection.as_of) for p in places)
    return Layer("places", "Point", PLACE_COLUMNS, rows, tuple(Point(p.geometry.coordinates) for p in places))


def place_row(atlas: Atlas, place: Place, as_of: dt.date | None = None) -> dict[str, Any]:
    """A place's properties, a border crossing's history as text and its state on `as_of`."""
    return place.properties.model_dump() | {
        "crossing_history": crossing_history_text(atlas, place) or None,
        "crossing_state": crossing_text(atlas, place, as_of),
    }


def segment_row(atlas: Atlas, segment: Segment, as_of: dt.date | None = None) -> dict[str, Any]:
    """A segment's properties, its status history as text, the source of each attribute and its length."""
    sources = segment_sources(atlas, segment, as_of)
    return segment.properties.model_dump() | {
        "status_history": sources.pop("status_history_text"),
        **sources,
        "length_km": round(atlas.index.segment_km[segment.id], 2),
    }


def segment_layer(selection: Selection, built: SegmentLines | None = None) -> Layer:
    """Segments as lines, with the source of each attribute and their computed geodesic length."""
    built = built or segment_lines(selection.segments)
    rows = tuple(
        segment_row(selection.atlas, s, selection.as_of) | {"length_km": round(float(built.edge_km[s.id].sum()), 2)}
        for s in selection.segments
    )
    return Layer("segments", "LineString", SEGMENT_COLUMNS, rows, tuple(built.lines[s.id] for s in selection.segments))


def corridor_layer(selection: Selection, built: SegmentLines | None = None) -> Layer:
    """Corridors as multilines of their segments; the length counts track two segments share once."""
    members = {c.id: [s.id for s in selection.atlas.corridor_segments(c.id)] for c in selection.corridors}
    if built is None or any(s not in built.lines for ids in members.values() for s in ids):
        built = segment_lines(
            list({s.id: s for c in selection.corridors for s in selection.atlas.corridor_segments(c.id)}.values())
        )
    lines = tuple(MultiLineString([built.lines[s] for s in members[c.id]]) for c in selection.corridors)
    computed = {
        c.id: c.model_dump()
        | {
            "colour": corridor_colour(c.id),
            "published_routes": published_routes_text(selection.atlas, c.id) or None,
            "length_km": round(built.corridor_km(members[c.id]), 2),
        }
        for c in selection.corridors
    }
    # In the columns' order, the colour where corridors.json had it before the style table held it.
    rows = tuple({column.name: computed[c.id][column.name] for column in CORRIDOR_COLUMNS} for c in selection.corridors)
    return Layer("corridors", "MultiLineString", CORRIDOR_COLUMNS, rows, lines)


def fact_row(atlas: Atlas, fact: Fact) -> dict[str, Any]:
    """A fact's properties with its source's title and date."""
    source = atlas.source_for_seed(fact.seed)
    return fact.model_dump() | {
        "source_title": source.title,
        "source_date": source.date,
        "source_date_kind": source.date_kind,
    }


def fact_layer(selection: Selection) -> Layer:
    """Facts as a table without geometry (kept per selection)."""

    def build() -> Layer:
        return Layer("facts", None, FACT_COLUMNS, tuple(fact_row(selection.atlas, f) for f in selection.facts))

    return kept(selection, "facts", build)


def fact_subject_layer(selection: Selection) -> Layer:
    """One row per (fact, subject) pair, for one-to-many joins from any layer's id (kept per selection)."""

    def build() -> Layer:
        rows = tuple({"fact_id": f.id, "subject_id": s} for f in selection.facts for s in f.subjects)
        return Layer("fact_subjects", None, FACT_SUBJECT_COLUMNS, rows)

    return kept(selection, "fact_subjects", build)


CORRIDOR_SEGMENT_COLUMNS = (
    Column("corridor_id", "text", "Corridor id (corridors.id)"),
    Column("segment_id", "text", "Id of one of its segments (segments.id), variants included"),
    Column("position", "integer", "Order of the segment in the corridor's list, from 1"),
)


def corridor_segment_layer(selection: Selection) -> Layer:
    """One row per corridor and segment, in the corridor's order: the corridors' `segments` lists as a join
    table, for formats whose text fields cannot hold a long list (kept per selection)."""

    def build() -> Layer:
        rows = tuple(
            {"corridor_id": c.id, "segment_id": s, "position": index}
            for c in selection.corridors
            for index, s in enumerate(c.segments, start=1)
        )
        return Layer("corridor_segments", None, CORRIDOR_SEGMENT_COLUMNS, rows)

    return kept(selection, "corridor_segments", build)


def feature_layers(selection: Selection) -> tuple[Layer, ...]:
    """The three spatial layers, largest features first (kept per selection)."""

    def build() -> tuple[Layer, ...]:
        built = segment_lines(selection.segments)
        return corridor_layer(selection, built), segment_layer(selection, built), place_layer(selection)

    return kept(selection, "feature_layers", build)


def text_value(value: Any) -> str | None:
    """A value as text for formats without types: lists joined (empty ones null), dates ISO 8601, whole numbers
    without `.0`."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value) or None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


EPOCH = dt.date(1980, 1, 1)
"""The earliest date a zip member can carry: the date of data that states no date at all."""


def data_date(atlas: Atlas) -> dt.date:
    """The date an export carries wherever a format wants one (zip member times, GeoPackage `last_change`, DBF
    header): the newest date the data states (a source's publication date or a fact's date), so the same
    data version always gives the same bytes."""
    dates = [s.date for s in atlas.sources.values() if s.date] + [f.date for f in atlas.facts.values() if f.date]
    return max(dates, default=EPOCH)


def newest_source_date(atlas: Atlas) -> dt.date | None:
    """The latest publication date any source states: how current the data can be."""
    return max((s.date for s in atlas.sources.values() if s.date), default=None)
