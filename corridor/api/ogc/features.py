"""OGC API – Features, Part 1 (Core, OpenAPI 3.0, GeoJSON, HTML) and Part 3 (filtering) as plain dicts:
landing page, conformance, collections, items. The OpenAPI document and the queryables are in
`corridor.api.ogc.openapi`, the items query in `corridor.api.ogc.query`, CQL2 filters, sorting and property
selection in `corridor.api.ogc.filtering`.

Every function takes the endpoint's absolute base URL (e.g. `http://127.0.0.1:8000/ogc`) and the format the
client asked for, so the `self` link names that format and the `alternate` link the other one. Query
parameters are checked here; `BadParameter` and `NotFound` carry the message for the 400 or 404 response.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import shapely
from shapely.geometry import box, mapping

from corridor.api.ogc.filtering import compile_filter, parse_properties, parse_sortby, sort_records
from corridor.api.ogc.query import (  # noqa: F401  (the parsing helpers are part of this module's interface)
    DEFAULT_LIMIT,
    FORMATS,
    MAX_LIMIT,
    ItemQuery,
    datetime_interval,
    parse_bbox,
    parse_count,
    parse_datetime,
    parse_format,
    parse_item_query,
)
from corridor.api.records import FEATURE_KINDS, Record, SiteUrls, record_of, records_of
from corridor.atlas.load import Atlas
from corridor.display.licence import DATA_LICENCE_NAME, DATA_LICENCE_URL, licence_record
from corridor.exports.layers import select
from corridor.request.errors import BadParameter, NotFound

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE_CLASSES = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
)
"""Exactly what is implemented: Part 1 (core, OpenAPI 3.0, GeoJSON, HTML), Part 3's queryables and filter on
items, and the CQL2 classes the filter evaluates (`tests/api/test_ogc_filter.py` exercises each). Not claimed:
CRS by reference (Part 2), queryables as query parameters (only some queryables are), temporal, array and
arithmetic operators and custom functions. `sortby`, `properties` and `skipGeometry` follow the drafts of
Parts 8 and 6 and OGC API – Records, which have no published conformance class for features yet."""
MEDIA_TYPES = {
    "json": "application/json",
    "geojson": "application/geo+json",
    "html": "text/html",
    "schema": "application/schema+json",
    "openapi": "application/vnd.oai.openapi+json;version=3.0",
}
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
COLLECTIONS = (*FEATURE_KINDS, "facts")
"""The collections: the three spatial kinds and the facts, which have no geometry but a date."""
COLLECTION_TITLES = {
    "places": ("Places", "Cities, stations, border crossings, dry ports and sea ports on the corridors."),
    "segments": ("Segments", "Railway lines between two places, with status, gauge and alignment confidence."),
    "corridors": ("Corridors", "The named corridors, each the lines of all its segments, variants included."),
    "facts": (
        "Facts",
        "Claims from the source articles, each with its verbatim quote and source; no geometry (join subjects "
        "to the other collections' ids); datetime filters on the date the claim is about.",
    ),
}


def check_parameters(args: Mapping[str, Sequence[str]], allowed: Sequence[str]) -> None:
    """Reject parameters the API does not define and parameters given twice."""
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        takes = f"only {', '.join(allowed)}" if allowed else "no query parameters"
        raise BadParameter(f"Unknown query parameter {', '.join(unknown)}; this resource takes {takes}.")
    repeated = sorted(name for name, values in args.items() if len(values) > 1)
    if repeated:
        raise BadParameter(f"Give {', '.join(repeated)} once only.")


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
    """The landing page: what this is, and links to the API's description, documentation, conformance and data."""
    return {
        "title": "corridor: railway corridors between Central Asia and the Arabian Sea",
        "description": "Places, segments, corridors and facts with every fact's verbatim quote and source, "
        "as OGC API – Features (GeoJSON and HTML, CRS84).",
        "links": [
            *format_links(base + "/", fmt),
            link(base + "/openapi", "service-desc", MEDIA_TYPES["openapi"], "The API definition (OpenAPI 3.0)"),
            link(base + "/api", "service-doc", MEDIA_TYPES["html"], "How to use this API"),
            link(url(base + "/conformance", {"f": "json"}), "conformance", MEDIA_TYPES["json"], "Conformance"),
            link(url(base + "/collections", {"f": "json"}), "data", MEDIA_TYPES["json"], "Collections"),
            link(DATA_LICENCE_URL, "license", MEDIA_TYPES["html"], f"Data licence: {DATA_LICENCE_NAME}"),
        ],
        "license": licence_record(),
    }


def conformance_document(base: str, fmt: str) -> dict[str, Any]:
    """The conformance classes this implementation meets."""
    return {"conformsTo": list(CONFORMANCE_CLASSES), "links": format_links(base + "/conformance", fmt)}


def known_collection(collection_id: str) -> str:
    """The id of a collection that exists. Raises NotFound."""
    if collection_id not in COLLECTIONS:
        raise NotFound(f"There is no collection {collection_id!r}; the collections are {', '.join(COLLECTIONS)}.")
    return collection_id


def _extent(atlas: Atlas, collection_id: str, urls: SiteUrls) -> dict[str, Any]:
    """Where (and, for facts, when) the collection's features are."""
    if collection_id == "facts":
        dates = sorted(f.date for f in atlas.facts.values() if f.date)
        interval = [f"{dates[0].isoformat()}T00:00:00Z", f"{dates[-1].isoformat()}T23:59:59Z"] if dates else []
        return {"temporal": {"interval": [interval], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}}
    records = records_of(atlas, collection_id, urls)
    west, south, east, north = shapely.total_bounds([r.geometry for r in records.values()])
    return {"spatial": {"bbox": [[float(west), float(south), float(east), float(north)]], "crs": CRS84}}


def collection_info(atlas: Atlas, base: str, collection_id: str, urls: SiteUrls) -> dict[str, Any]:
    """One collection's metadata: title, extent, CRS and links to its items, schema and queryables."""
    title, description = COLLECTION_TITLES[known_collection(collection_id)]
    path = f"{base}/collections/{collection_id}"
    items = path + "/items"
    return {
        "id": collection_id,
        "title": title,
        "description": description,
        "itemType": "feature",
        **({} if collection_id == "facts" else {"crs": [CRS84]}),
        "extent": _extent(atlas, collection_id, urls),
        "links": [
            link(url(items, {"f": "json"}), "items", MEDIA_TYPES["geojson"], f"{title} as GeoJSON"),
            link(url(items, {"f": "html"}), "items", MEDIA_TYPES["html"], f"{title} as HTML"),
            # Link relation types compare case-insensitively (RFC 8288); GDAL 3.6 looks for this spelling.
            link(path + "/schema", "describedBy", MEDIA_TYPES["schema"], f"Properties of the {collection_id}"),
            link(path + "/queryables", QUERYABLES_REL, MEDIA_TYPES["schema"], f"What {collection_id} filter on"),
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
        "collections": [collection_info(atlas, base, c, urls) for c in COLLECTIONS],
    }


def client_values(properties: Mapping[str, Any]) -> dict[str, Any]:
    """A record's properties as OGC API features carry them: the facts as JSON text, an empty list as null.

    QGIS 3.22 stores a JSON field (an array of objects, or a list whose first value is `[]`, which GDAL
    types as JSON) in a cache that keeps no JSON, and shows NULL for every feature. Text and lists of text
    it keeps: so the facts travel as the text of their JSON array (`json.loads` gives the list), and a list
    with no items is null, which lets GDAL and QGIS type the field from the first list that has items."""
    values = {name: (None if value == [] else value) for name, value in properties.items()}
    if "facts" in properties:
        values["facts"] = json.dumps(properties["facts"], ensure_ascii=False)
    return values


def feature(record: Record, properties: Sequence[str] | None = None, skip_geometry: bool = False) -> dict[str, Any]:
    """A record as a GeoJSON feature whose id is the record's kebab-case id (facts have a null geometry); with
    only the `properties` named, if given, and a null geometry if `skip_geometry`."""
    geometry = mapping(record.geometry) if record.geometry is not None and not skip_geometry else None
    values = record.properties
    values = client_values(values)
    if properties is not None:
        values = {name: value for name, value in values.items() if name in properties}
    return {"type": "Feature", "id": record.id, "geometry": geometry, "properties": values}


class Filters:
    """What the property filters compare against, derived once per atlas: which ids belong to each corridor
    (the same records as the corridor's export) and which countries each record touches."""

    def __init__(self, atlas: Atlas) -> None:
        self.members = {
            key: {key, *(s.id for s in selection.segments), *selection.place_ids}
            for key, selection in ((c, select(atlas, c)) for c in atlas.corridors)
        }
        countries: dict[str, set[str]] = {p.id: {p.properties.country} for p in atlas.places.values()}
        countries |= {s.id: set(s.properties.countries) for s in atlas.segments.values()}
        countries |= {c.id: set(c.countries) for c in atlas.corridors.values()}
        self.countries = countries

    def in_corridor(self, collection_id: str, record: Record, corridors: Sequence[str]) -> bool:
        if collection_id == "facts":
            return any(s in self.members[c] for c in corridors for s in record.properties["subjects"])
        return any(record.id in self.members[c] for c in corridors)

    def in_country(self, collection_id: str, record: Record, wanted: Sequence[str]) -> bool:
        ids = record.properties["subjects"] if collection_id == "facts" else [record.id]
        return any(country in wanted for i in ids for country in self.countries.get(i, ()))


def _in_time(record: Record, interval: tuple[dt.datetime | None, dt.datetime | None]) -> bool:
    """Whether a fact's date (a whole UTC day) overlaps the interval; undated facts and features never do."""
    day = record.properties.get("date") if record.geometry is None else None
    if not day:
        return False
    start_of_day = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    end_of_day = start_of_day + dt.timedelta(days=1)
    start, end = interval
    return (end is None or start_of_day <= end) and (start is None or start < end_of_day)


def matches(
    record: Record,
    query: ItemQuery,
    collection_id: str = "",
    filters: Filters | None = None,
    cql2: Callable[[Record], bool] | None = None,
) -> bool:
    """Whether a feature passes the query's filters.

    Only facts have a time (their date), so a `datetime` filter selects no place, segment or corridor, as the
    standard's /req/core/fc-time-response says; only features have a geometry, so a `bbox` selects no fact."""
    if query.datetime is not None and not _in_time(record, datetime_interval(query.datetime)):
        return False
    for name, values in query.filters().items():
        if name == "corridor":
            passed = filters is not None and filters.in_corridor(collection_id, record, values)
        elif name == "country":
            passed = filters is not None and filters.in_country(collection_id, record, values)
        else:
            passed = record.properties.get(name) in values
        if not passed:
            return False
    if cql2 is not None and not cql2(record):
        return False
    if query.bbox is None:
        return True
    if record.geometry is None:
        return False
    west, south, east, north = query.bbox
    boxes = [box(west, south, 180, north), box(-180, south, east, north)] if west > east else [box(*query.bbox)]
    return any(record.geometry.intersects(b) for b in boxes)


def collection_order(records: Mapping[str, Record]) -> list[Record]:
    """The collection's features in data order, except that for each number, date or list field the first
    feature with a value in it leads: QGIS 3.22 types a layer's fields from its first ten features only, and
    would read a field that is null in all of them as text, and a list empty in all of them as a JSON object
    (whose every value it then reads as NULL)."""
    rows = list(records.values())
    if not rows:
        return rows
    typed = [name for name, value in _typed_fields(rows)]
    leaders: list[Record] = []
    for name in typed:
        first = next((r for r in rows if r.properties.get(name) not in (None, [])), None)
        if first is not None and first not in leaders:
            leaders.append(first)
    return leaders + [r for r in rows if r not in leaders]


def _typed_fields(rows: Sequence[Record]) -> list[tuple[str, Any]]:
    """(name, first value) of each property holding a number, an ISO date or a list of text in some feature."""
    fields: dict[str, Any] = {}
    for row in rows:
        for name, value in row.properties.items():
            if name in fields or value is None or isinstance(value, bool):
                continue
            if _leads_typing(value):
                fields[name] = value
    return list(fields.items())


def _leads_typing(value: Any) -> bool:
    """Whether a value tells a client the type of its field: a number, an ISO date, a non-empty list of text."""
    if isinstance(value, list):
        return bool(value) and all(isinstance(item, str) for item in value)
    return isinstance(value, int | float) or (isinstance(value, str) and _is_date(value))


def _is_date(text: str) -> bool:
    if len(text) != 10:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


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
    atlas: Atlas,
    base: str,
    collection_id: str,
    query: ItemQuery,
    fmt: str,
    urls: SiteUrls,
    filters: Filters | None = None,
) -> dict[str, Any]:
    """A page of a collection's features that pass the query, with numberMatched, numberReturned and paging links."""
    records = records_of(atlas, known_collection(collection_id), urls)
    if filters is None and query.filters():
        filters = Filters(atlas)
    cql2 = compile_filter(query.filter, query.filter_lang, collection_id) if query.filter else None
    selected = parse_properties(query.properties, collection_id) if query.properties else None
    matched = [r for r in collection_order(records) if matches(r, query, collection_id, filters, cql2)]
    if query.sortby:
        matched = sort_records(matched, parse_sortby(query.sortby, collection_id))
    page = matched[query.offset : query.offset + query.limit]
    return {
        "type": "FeatureCollection",
        "features": [feature(r, selected, query.skip_geometry) for r in page],
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
