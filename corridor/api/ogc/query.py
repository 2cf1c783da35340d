"""The items query of each OGC API collection as a typed model: paging, `bbox`, `datetime` and property filters.

Each collection takes the Part 1 parameters (`f`, `bbox`, `datetime`, `limit`, `offset`) and the properties
listed at its `/queryables`: `status`, `gauge_mm`, `alignment`, `country`, `corridor`, and `kind` for places
and facts. A filter is an equality test; a comma-separated list of values matches any of them. Parsed with
`corridor.request.params.parse_query`, so an unknown or repeated name gets the same 400 as on every other page, naming
the parameters this collection accepts.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, get_args

from pydantic import Field, field_validator
from pydantic_core.core_schema import ValidationInfo

from corridor.api.ogc.filtering import CRS84, FILTER_LANGUAGES
from corridor.atlas.geometry import Bounds
from corridor.atlas.model import Alignment, FactKind, PlaceKind, Status
from corridor.request.errors import BadParameter
from corridor.request.params import QueryModel, parse_flag, parse_query

DEFAULT_LIMIT = 10
MAX_LIMIT = 1000
"""A larger `limit` is served as this many, as the standard permits, with a `next` link for the rest."""
FORMATS = ("json", "html")
GAUGES_MM = (1435, 1520, 1676)
"""The gauges the data records; a `gauge_mm` filter takes one of these."""


def parse_format(value: str) -> str:
    """The `f` parameter: json or html."""
    if value not in FORMATS:
        raise BadParameter(f"Unknown format f={value!r}; use f=json or f=html.")
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise BadParameter(f"bbox holds {text!r}, which is not a number.") from None
    if not math.isfinite(value):
        raise BadParameter(f"bbox holds {text!r}; use finite numbers.")
    return value


def parse_bbox(text: str) -> Bounds:
    """`minLon,minLat,maxLon,maxLat` (or six numbers with heights) in CRS84, as (west, south, east, north).

    West greater than east is a box that crosses the antimeridian, as the standard allows."""
    numbers = [_number(part) for part in text.split(",")]
    if len(numbers) == 6:
        if numbers[2] > numbers[5]:
            raise BadParameter("bbox: the minimum height (third number) is above the maximum (sixth).")
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    elif len(numbers) != 4:
        raise BadParameter(
            f"bbox has {len(numbers)} numbers; give four (minLon,minLat,maxLon,maxLat) or six with heights."
        )
    west, south, east, north = numbers
    if not all(-180 <= lon <= 180 for lon in (west, east)):
        raise BadParameter("bbox: longitudes must lie between -180 and 180 (CRS84, longitude first).")
    if not all(-90 <= lat <= 90 for lat in (south, north)):
        raise BadParameter("bbox: latitudes must lie between -90 and 90 (CRS84, longitude first).")
    if south > north:
        raise BadParameter("bbox: the southern edge (second number) is north of the northern edge (fourth).")
    return (west, south, east, north)


def parse_count(name: str, text: str, minimum: int) -> int:
    """A whole-number parameter such as limit or offset, at least `minimum`."""
    if not text.isascii() or not text.lstrip("-").isdigit():
        raise BadParameter(f"{name}={text!r} is not a whole number; give one of at least {minimum}.")
    value = int(text)
    if value < minimum:
        raise BadParameter(f"{name}={value} is too small; give a whole number of at least {minimum}.")
    return value


PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})T?)?)?$")
"""A year, a month or a day, the last maybe with a bare `T` (as GDAL 3.6 writes the start of a day: `2025-01-01T`)."""


def _period(text: str) -> tuple[dt.datetime, dt.datetime] | None:
    """The span of time one end of a `datetime` names, in UTC: a year, month or day is the whole of it, an
    RFC 3339 instant (a local time counts as UTC) is itself; None for an open end (`..` or empty)."""
    if text in ("", ".."):
        return None
    partial = PARTIAL_DATE.match(text)
    try:
        if partial:
            year, month, day = int(partial["year"]), int(partial["month"] or 1), int(partial["day"] or 1)
            start = dt.datetime(year, month, day, tzinfo=dt.UTC)
            if partial["day"]:
                return start, start + dt.timedelta(days=1, microseconds=-1)
            if partial["month"]:
                following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=dt.UTC)
                return start, following - dt.timedelta(microseconds=1)
            return start, dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC) - dt.timedelta(microseconds=1)
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadParameter(
            f"datetime holds {text!r}; give an RFC 3339 instant such as 2024-05-01T00:00:00Z, a date "
            "(2024-05-01, 2024-05 or 2024), or an interval start/end where either end may be '..' or empty."
        ) from None
    instant = instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)
    return instant, instant


def parse_datetime(text: str) -> str:
    """Check an instant or an interval (`start/end`, `..` or nothing for an open end); return it as given."""
    datetime_interval(text)
    return text


def datetime_interval(text: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """An instant or interval as (start, end) in UTC, None for an open end. Raises BadParameter.

    Every form GDAL and OWSLib send is taken: `2025-01-01T00:00:00Z`, `2025-01-01`, `2025-01-01T/..`,
    `../2025`, `2025-01-01/..`, `2024-05/2025`. A date or a shorter period as the end takes in all of it."""
    ends = text.split("/")
    if len(ends) > 2:
        raise BadParameter(f"datetime holds {text!r}; give one instant or one start/end interval.")
    periods = [_period(end) for end in ends]
    if all(period is None for period in periods):
        raise BadParameter("datetime needs at least one date; '..' stands only for an open end of an interval.")
    start = periods[0][0] if periods[0] else None
    end = periods[-1][1] if periods[-1] else None
    if start is not None and end is not None and start > end:
        raise BadParameter(f"datetime {text!r} ends before it starts; give start/end in that order.")
    return (start, end)


def _choices(name: str, text: str, allowed: Sequence[Any]) -> tuple[Any, ...]:
    """A comma-separated list of values, each one of `allowed` (compared as text)."""
    by_text = {str(value): value for value in allowed}
    values = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [v for v in values if v not in by_text]
    if unknown or not values:
        raise BadParameter(
            f"{name}={text!r} is not a value the data uses; give one of {', '.join(by_text)} "
            "(or several, separated by commas)."
        )
    return tuple(by_text[v] for v in values)


class ItemQuery(QueryModel):
    """A checked items request: the format, the Part 1 filters and the page wanted (no property filter)."""

    f: str | None = None
    bbox: Bounds | None = None
    datetime: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    filter: str | None = None
    filter_lang: str = Field("cql2-text", alias="filter-lang")
    filter_crs: str | None = Field(None, alias="filter-crs")
    sortby: str | None = None
    properties: str | None = None
    skip_geometry: bool = Field(False, alias="skipGeometry")
    FILTERS: ClassVar[tuple[str, ...]] = ()
    """The property filters this collection takes (its queryables), in the order links write them."""

    @field_validator("f", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        return parse_format(value) if isinstance(value, str) else value

    @field_validator("bbox", mode="before")
    @classmethod
    def _bbox(cls, value: Any) -> Any:
        return parse_bbox(value) if isinstance(value, str) else value

    @field_validator("datetime", mode="before")
    @classmethod
    def _datetime(cls, value: Any) -> Any:
        return parse_datetime(value) if isinstance(value, str) else value

    @field_validator("filter_lang", mode="before")
    @classmethod
    def _filter_lang(cls, value: Any) -> Any:
        if isinstance(value, str) and value not in FILTER_LANGUAGES:
            raise BadParameter(f"filter-lang={value!r} is not supported; use {' or '.join(FILTER_LANGUAGES)}.")
        return value

    @field_validator("filter_crs", mode="before")
    @classmethod
    def _filter_crs(cls, value: Any) -> Any:
        if isinstance(value, str) and value != CRS84:
            raise BadParameter(f"filter-crs={value!r} is not supported; filters take CRS84 ({CRS84}).")
        return value

    @field_validator("skip_geometry", mode="before")
    @classmethod
    def _skip_geometry(cls, value: Any) -> Any:
        return parse_flag("skipGeometry", value) if isinstance(value, str) else value

    @field_validator("limit", mode="before")
    @classmethod
    def _limit(cls, value: Any) -> Any:
        return min(parse_count("limit", value, 1), MAX_LIMIT) if isinstance(value, str) else value

    @field_validator("offset", mode="before")
    @classmethod
    def _offset(cls, value: Any) -> Any:
        return parse_count("offset", value, 0) if isinstance(value, str) else value

    def filters(self) -> dict[str, tuple[Any, ...]]:
        """The property filters given: name -> the values any of which a feature must have."""
        return {name: getattr(self, name) for name in self.FILTERS if getattr(self, name) is not None}

    def parameters(self, offset: int | None = None) -> dict[str, str]:
        """This query as URL parameters (without `f`), optionally for another page."""
        values = {
            "bbox": ",".join(repr(v) for v in self.bbox) if self.bbox else None,
            "datetime": self.datetime,
            **{name: ",".join(str(v) for v in values) for name, values in self.filters().items()},
            "filter": self.filter,
            "filter-lang": self.filter_lang if self.filter else None,
            "filter-crs": self.filter_crs,
            "sortby": self.sortby,
            "properties": self.properties,
            "skipGeometry": "true" if self.skip_geometry else None,
            "limit": str(self.limit),
            "offset": str(self.offset if offset is None else offset),
        }
        return {key: value for key, value in values.items() if value is not None}


def _known(info: ValidationInfo, name: str) -> Sequence[str]:
    """The values of `name` the data holds (corridor ids, countries), from the atlas in the parse context."""
    atlas = info.context
    if name == "corridor":
        return list(atlas.corridors) if atlas else []
    if atlas is None:
        return []
    countries = {p.properties.country for p in atlas.places.values()}
    countries |= {c for s in atlas.segments.values() for c in s.properties.countries}
    return sorted(countries)


class _ByCorridorAndCountry(ItemQuery):
    corridor: tuple[str, ...] | None = None
    country: tuple[str, ...] | None = None

    @field_validator("corridor", "country", mode="before")
    @classmethod
    def _in_data(cls, value: Any, info: ValidationInfo) -> Any:
        name = str(info.field_name)  # set for a field validator
        return _choices(name, value, _known(info, name)) if isinstance(value, str) else value


class PlaceItemQuery(_ByCorridorAndCountry):
    kind: tuple[str, ...] | None = None
    FILTERS: ClassVar[tuple[str, ...]] = ("kind", "country", "corridor")

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        return _choices("kind", value, get_args(PlaceKind)) if isinstance(value, str) else value


class SegmentItemQuery(_ByCorridorAndCountry):
    status: tuple[str, ...] | None = None
    gauge_mm: tuple[int, ...] | None = None
    alignment: tuple[str, ...] | None = None
    FILTERS: ClassVar[tuple[str, ...]] = ("status", "gauge_mm", "alignment", "country", "corridor")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return _choices("status", value, get_args(Status)) if isinstance(value, str) else value

    @field_validator("gauge_mm", mode="before")
    @classmethod
    def _gauge(cls, value: Any) -> Any:
        return _choices("gauge_mm", value, GAUGES_MM) if isinstance(value, str) else value

    @field_validator("alignment", mode="before")
    @classmethod
    def _alignment(cls, value: Any) -> Any:
        return _choices("alignment", value, get_args(Alignment)) if isinstance(value, str) else value


class CorridorItemQuery(_ByCorridorAndCountry):
    FILTERS: ClassVar[tuple[str, ...]] = ("country", "corridor")


class FactItemQuery(_ByCorridorAndCountry):
    kind: tuple[str, ...] | None = None
    FILTERS: ClassVar[tuple[str, ...]] = ("kind", "country", "corridor")

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        return _choices("kind", value, get_args(FactKind)) if isinstance(value, str) else value


ITEM_QUERIES: dict[str, type[ItemQuery]] = {
    "places": PlaceItemQuery,
    "segments": SegmentItemQuery,
    "corridors": CorridorItemQuery,
    "facts": FactItemQuery,
}
"""Each collection's items query."""


def parse_item_query(
    args: Mapping[str, Sequence[str]], collection_id: str | None = None, atlas: Any = None
) -> ItemQuery:
    """Check an items request's parameters for one collection (None: the Part 1 ones only). Raises BadParameter."""
    return parse_query(ITEM_QUERIES.get(collection_id or "", ItemQuery), args, context=atlas)
