"""OGC API – Features, Part 1 (Core, GeoJSON, HTML) as plain dicts: landing page, conformance, collections, items.

Every function takes the endpoint's absolute base URL (e.g. `http://127.0.0.1:8000/ogc`) and the format the
client asked for, so the `self` link names that format and the `alternate` link the other one. Query
parameters are checked here; `BadParameter` and `NotFound` carry the message for the 400 or 404 response.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import shapely
from shapely.geometry import box, mapping

from corridor.api import FEATURE_KINDS, Record, SiteUrls, record_of, records_of
from corridor.errors import BadParameter, NotFound
from corridor.geometry import Bounds
from corridor.load import Atlas

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE_CLASSES = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
)
FORMATS = ("json", "html")
MEDIA_TYPES = {
    "json": "application/json",
    "geojson": "application/geo+json",
    "html": "text/html",
    "schema": "application/schema+json",
}
DEFAULT_LIMIT = 10
MAX_LIMIT = 1000
"""A larger `limit` is served as this many, as the standard permits, with a `next` link for the rest."""
ITEM_PARAMETERS = ("f", "bbox", "datetime", "limit", "offset")
"""The query parameters of `/collections/{id}/items`, in the order links write them."""
COLLECTION_TITLES = {
    "places": ("Places", "Cities, stations, border crossings, dry ports and sea ports on the corridors."),
    "segments": ("Segments", "Railway lines between two places, with status, gauge and alignment confidence."),
    "corridors": ("Corridors", "The named corridors, each the lines of all its segments, variants included."),
}


@dataclass(frozen=True)
class ItemQuery:
    """A checked items request: the filters and the page wanted."""

    bbox: Bounds | None = None
    datetime: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def parameters(self, offset: int | None = None) -> dict[str, str]:
        """This query as URL parameters (without `f`), optionally for another page."""
        values = {
            "bbox": ",".join(repr(v) for v in self.bbox) if self.bbox else None,
            "datetime": self.datetime,
            "limit": str(self.limit),
            "offset": str(self.offset if offset is None else offset),
        }
        return {key: value for key, value in values.items() if value is not None}


def check_parameters(args: Mapping[str, Sequence[str]], allowed: Sequence[str]) -> None:
    """Reject parameters the API does not define and parameters given twice."""
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        takes = f"only {', '.join(allowed)}" if allowed else "no query parameters"
        raise BadParameter(f"Unknown query parameter {', '.join(unknown)}; this resource takes {takes}.")
    repeated = sorted(name for name, values in args.items() if len(values) > 1)
    if repeated:
        raise BadParameter(f"Give {', '.join(repeated)} once only.")


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


def _instant(text: str) -> dt.datetime | None:
    """An RFC 3339 instant (a bare date or local time counts as UTC), or None for an open end."""
    if text in ("", ".."):
        return None
    try:
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadParameter(
            f"datetime holds {text!r}; give an RFC 3339 instant such as 2024-05-01T00:00:00Z "
            "or an interval start/end where either end may be '..'."
        ) from None
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)


def parse_datetime(text: str) -> str:
    """Check an instant or an interval (`start/end`, `..` for an open end); return it as given."""
    ends = text.split("/")
    if len(ends) > 2:
        raise BadParameter(f"datetime holds {text!r}; give one instant or one start/end interval.")
    instants = [_instant(end) for end in ends]
    closed = [i for i in instants if i is not None]
    if not closed:
        raise BadParameter("datetime needs at least one date; '..' stands only for an open end of an interval.")
    if len(closed) == 2 and closed[0] > closed[1]:
        raise BadParameter(f"datetime {text!r} ends before it starts; give start/end in that order.")
    return text


def parse_item_query(args: Mapping[str, Sequence[str]]) -> ItemQuery:
    """Check an items request's parameters. Raises BadParameter."""
    check_parameters(args, ITEM_PARAMETERS)
    value = {name: values[0] for name, values in args.items()}
    if "f" in value:
        parse_format(value["f"])
    return ItemQuery(
        bbox=parse_bbox(value["bbox"]) if "bbox" in value else None,
        datetime=parse_datetime(value["datetime"]) if "datetime" in value else None,
        limit=min(parse_count("limit", value["limit"], 1), MAX_LIMIT) if "limit" in value else DEFAULT_LIMIT,
        offset=parse_count("offset", value["offset"], 0) if "offset" in value else 0,
    )


def link(href: str, rel: str, media_type: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def url(path: str, parameters: Mapping[str, str]) -> str:
    return f"{path}?{urlencode(parameters, safe=',')}" if parameters else path


def format_links(
    path: str, fmt: str, json_type: str = MEDIA_TYPES["json"], parameters: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """The `self` link in the format served and the `alternate` link in the other, keeping other parameters."""
    parameters = parameters or {}
    types = {"json": json_type, "html": MEDIA_TYPES["html"]}
    titles = {"json": "This document as JSON", "html": "This document as HTML"}
    other = "html" if fmt == "json" else "json"
    return [
        link(url(path, {"f": fmt, **parameters}), "self", types[fmt], titles[fmt]),
        link(url(path, {"f": other, **parameters}), "alternate", types[other], titles[other]),
    ]


def landing_page(base: str, fmt: str) -> dict[str, Any]:
    """The landing page: what this is, and links to the API's documentation, conformance and collections."""
    return {
        "title": "corridor: railway corridors between Central Asia and the Arabian Sea",
        "description": "Places, segments and corridors with every fact's verbatim quote and source, "
        "as OGC API – Features (GeoJSON and HTML, CRS84).",
        "links": [
            *format_links(base + "/", fmt),
            link(base + "/api", "service-doc", MEDIA_TYPES["html"], "How to use this API"),
            link(url(base + "/conformance", {"f": "json"}), "conformance", MEDIA_TYPES["json"], "Conformance"),
            link(url(base + "/collections", {"f": "json"}), "data", MEDIA_TYPES["json"], "Collections"),
        ],
    }


def conformance_document(base: str, fmt: str) -> dict[str, Any]:
    """The conformance classes this implementation meets."""
    return {"conformsTo": list(CONFORMANCE_CLASSES), "links": format_links(base + "/conformance", fmt)}


def known_collection(collection_id: str) -> str:
    """The id of a collection that exists. Raises NotFound."""
    if collection_id not in FEATURE_KINDS:
        raise NotFound(f"There is no collection {collection_id!r}; the collections are {', '.join(FEATURE_KINDS)}.")
    return collection_id


def _extent(records: Mapping[str, Record]) -> list[float]:
    west, south, east, north = shapely.total_bounds([r.geometry for r in records.values()])
    return [float(west), float(south), float(east), float(north)]


def collection_info(atlas: Atlas, base: str, collection_id: str, urls: SiteUrls) -> dict[str, Any]:
    """One collection's metadata: title, extent, CRS and links to its items."""
    title, description = COLLECTION_TITLES[known_collection(collection_id)]
    path = f"{base}/collections/{collection_id}"
    items = path + "/items"
    return {
        "id": collection_id,
        "title": title,
        "description": description,
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [_extent(records_of(atlas, collection_id, urls))], "crs": CRS84}},
        "links": [
            link(url(items, {"f": "json"}), "items", MEDIA_TYPES["geojson"], f"{title} as GeoJSON"),
            link(url(items, {"f": "html"}), "items", MEDIA_TYPES["html"], f"{title} as HTML"),
            # Link relation types compare case-insensitively (RFC 8288); GDAL 3.6 looks for this spelling.
            link(path + "/schema", "describedBy", MEDIA_TYPES["schema"], f"Properties of the {collection_id}"),
        ],
    }


def collection_document(atlas: Atlas, base: str, collection_id: str, fmt: str, urls: SiteUrls) -> dict[str, Any]:
    """`/collections/{id}`: the collection's metadata with its own self and alternate links."""
    info = collection_info(atlas, base, collection_id, urls)
    return info | {"links": [*format_links(f"{base}/collections/{collection_id}", fmt), *info["links"]]}


def collections_document(atlas: Atlas, base: str, fmt: str, urls: SiteUrls) -> dict[str, Any]:
    """`/collections`: every collection's metadata."""
    return {
        "links": format_links(base + "/collections", fmt),
        "collections": [collection_info(atlas, base, c, urls) for c in FEATURE_KINDS],
    }


def feature(record: Record) -> dict[str, Any]:
    """A record as a GeoJSON feature whose id is the record's kebab-case id."""
    return {"type": "Feature", "id": record.id, "geometry": mapping(record.geometry), "properties": record.properties}


def matches(record: Record, query: ItemQuery) -> bool:
    """Whether a feature passes the query's filters.

    No feature has a temporal geometry, so a `datetime` filter selects none, as the standard's
    /req/core/fc-time-response says."""
    if query.datetime is not None:
        return False
    if query.bbox is None:
        return True
    west, south, east, north = query.bbox
    boxes = [box(west, south, 180, north), box(-180, south, east, north)] if west > east else [box(*query.bbox)]
    return any(record.geometry.intersects(b) for b in boxes)


def _page_links(path: str, query: ItemQuery, fmt: str, matched: int) -> list[dict[str, str]]:
    links = format_links(path, fmt, MEDIA_TYPES["geojson"], query.parameters())
    media_type = MEDIA_TYPES["geojson" if fmt == "json" else "html"]
    if query.offset + query.limit < matched:
        href = url(path, {"f": fmt, **query.parameters(query.offset + query.limit)})
        links.append(link(href, "next", media_type, "Next page"))
    if query.offset > 0:
        href = url(path, {"f": fmt, **query.parameters(max(0, query.offset - query.limit))})
        links.append(link(href, "prev", media_type, "Previous page"))
    links.append(link(url(path.removesuffix("/items"), {"f": "json"}), "collection", MEDIA_TYPES["json"], "Collection"))
    return links


def items_document(
    atlas: Atlas, base: str, collection_id: str, query: ItemQuery, fmt: str, urls: SiteUrls
) -> dict[str, Any]:
    """A page of a collection's features that pass the query, with numberMatched, numberReturned and paging links."""
    records = records_of(atlas, known_collection(collection_id), urls)
    matched = [r for r in records.values() if matches(r, query)]
    page = matched[query.offset : query.offset + query.limit]
    return {
        "type": "FeatureCollection",
        "features": [feature(r) for r in page],
        "numberMatched": len(matched),
        "numberReturned": len(page),
        "links": _page_links(f"{base}/collections/{collection_id}/items", query, fmt, len(matched)),
    }


def item_document(
    atlas: Atlas, base: str, collection_id: str, item_id: str, fmt: str, urls: SiteUrls
) -> dict[str, Any]:
    """One feature with links to itself, its other format and its collection."""
    try:
        record = record_of(atlas, known_collection(collection_id), item_id, urls)
    except NotFound:
        raise NotFound(
            f"There is no {collection_id.removesuffix('s')} {item_id!r}; "
            f"{base}/collections/{collection_id}/items lists them."
        ) from None
    path = f"{base}/collections/{collection_id}"
    links = [
        *format_links(f"{path}/items/{item_id}", fmt, MEDIA_TYPES["geojson"]),
        link(url(path, {"f": "json"}), "collection", MEDIA_TYPES["json"], "Collection"),
    ]
    return feature(record) | {"links": links}
