"""The OGC API's OpenAPI 3.0 definition (`/ogc/openapi`, the landing page's `service-desc`) and each collection's
queryables (`/ogc/collections/{id}/queryables`), generated from the items queries and the model.

QGIS and GDAL read the definition before they load a layer: QGIS for the largest page it may ask for, GDAL for
the query parameters of each collection's items path, which it then uses to filter on the server (an
`ogr2ogr -where "status = 'existing'"` becomes `?status=existing`). Each collection therefore has its own
paths with every parameter written out, not one templated `{collectionId}` path.
"""

from __future__ import annotations

from typing import Any, get_args

from corridor.api.ogc.features import COLLECTION_TITLES, COLLECTIONS, MEDIA_TYPES, known_collection
from corridor.api.ogc.filtering import CRS84, FILTER_LANGUAGES, queryable_columns
from corridor.api.ogc.query import DEFAULT_LIMIT, GAUGES_MM, ITEM_QUERIES, MAX_LIMIT
from corridor.api.ogc.schemas import GEOMETRY_TYPES, collection_schema
from corridor.atlas.load import Atlas
from corridor.atlas.model import Alignment, FactKind, PlaceKind, Status
from corridor.display.licence import DATA_LICENCE_NAME, DATA_LICENCE_URL
from corridor.exports.layers import Column

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2019-09/schema"
FILTER_DESCRIPTIONS = {
    "status": "What exists on the ground: existing, under_construction, planned or proposed",
    "gauge_mm": "Track gauge in mm (segments of undecided gauge match no value)",
    "alignment": "How well the line is known: surveyed, approximate or schematic",
    "country": "ISO 3166-1 alpha-3 code of a country the record is in or crosses (facts: one of their subjects)",
    "corridor": "Corridor id: the records of that corridor's export (its segments, their end places, its facts)",
    "kind": "What the record is (places: kind of place; facts: kind of claim)",
}


def _filter_values(atlas: Atlas, collection_id: str, name: str) -> list[Any]:
    if name == "status":
        return list(get_args(Status))
    if name == "alignment":
        return list(get_args(Alignment))
    if name == "gauge_mm":
        return list(GAUGES_MM)
    if name == "kind":
        return list(get_args(FactKind if collection_id == "facts" else PlaceKind))
    if name == "corridor":
        return list(atlas.corridors)
    countries = {p.properties.country for p in atlas.places.values()}
    return sorted(countries | {c for s in atlas.segments.values() for c in s.properties.countries})


def _filter_schema(atlas: Atlas, collection_id: str, name: str) -> dict[str, Any]:
    values = _filter_values(atlas, collection_id, name)
    kind = "integer" if name == "gauge_mm" else "string"
    return {"title": name, "description": FILTER_DESCRIPTIONS[name], "type": kind, "enum": values}


QUERYABLE_TYPES: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "integer": {"type": "integer"},
    "real": {"type": "number"},
    "date": {"type": "string", "format": "date"},
}


def _queryable_schema(atlas: Atlas, collection_id: str, column: Column) -> dict[str, Any]:
    """One queryable: its type, meaning, known values (status, gauge, ...) and OGC role, if it has one."""
    schema = {"title": column.name, "description": column.description} | QUERYABLE_TYPES[column.kind]
    if column.name in FILTER_DESCRIPTIONS:
        schema["enum"] = _filter_values(atlas, collection_id, column.name)
    if column.name == "id":
        schema["x-ogc-role"] = "id"
    if collection_id == "facts" and column.name == "date":
        schema["x-ogc-role"] = "primary-instant"  # what `datetime` filters on
    return schema


def queryables_document(atlas: Atlas, base: str, collection_id: str) -> dict[str, Any]:
    """What a collection's items can be filtered and sorted on, as JSON Schema (OGC API – Features Part 3):
    every text, number and date property, and the geometry of the spatial collections."""
    columns = queryable_columns(known_collection(collection_id))
    properties = {name: _queryable_schema(atlas, collection_id, column) for name, column in columns.items()}
    if collection_id in GEOMETRY_TYPES:
        geometry = GEOMETRY_TYPES[collection_id]
        properties["geometry"] = {
            "title": "geometry",
            "description": f"{geometry} in CRS84, filtered by bbox or a spatial function (S_INTERSECTS, ...)",
            "format": f"geometry-{geometry.lower()}",
            "x-ogc-role": "primary-geometry",
        }
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{base}/collections/{collection_id}/queryables",
        "type": "object",
        "title": COLLECTION_TITLES[collection_id][0],
        "properties": properties,
        "additionalProperties": False,
    }


def _parameter(name: str, description: str, schema: dict[str, Any], style: dict[str, Any] | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **(style or {}),
    }


FORMAT_PARAMETER = _parameter(
    "f",
    "Representation: json (GeoJSON) or html; without it the Accept header decides",
    {"type": "string", "enum": ["json", "html"]},
)
LIMIT_PARAMETER = _parameter(
    "limit",
    f"Features per page, 1 to {MAX_LIMIT} (a larger value is served as {MAX_LIMIT})",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    {"style": "form", "explode": False},
)
OFFSET_PARAMETER = _parameter("offset", "Features to skip", {"type": "integer", "minimum": 0, "default": 0})
BBOX_PARAMETER = _parameter(
    "bbox",
    "minLon,minLat,maxLon,maxLat (CRS84): keep features whose geometry intersects the box",
    {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
    {"style": "form", "explode": False},
)
FILTER_PARAMETERS = (
    _parameter(
        "filter",
        "A CQL2 expression over the collection's queryables, e.g. status = 'existing' AND gauge_mm = 1520",
        {"type": "string"},
    ),
    _parameter(
        "filter-lang",
        "How filter is written: cql2-text (the default) or cql2-json",
        {"type": "string", "enum": list(FILTER_LANGUAGES), "default": "cql2-text"},
    ),
    _parameter("filter-crs", "The CRS of geometries in filter: CRS84 only", {"type": "string", "enum": [CRS84]}),
)
SELECTION_PARAMETERS = (
    _parameter(
        "sortby",
        "Queryables to sort by, comma-separated; a leading '-' sorts descending (nulls last)",
        {"type": "array", "items": {"type": "string"}},
        {"style": "form", "explode": False},
    ),
    _parameter(
        "properties",
        "The feature properties to return, comma-separated",
        {"type": "array", "items": {"type": "string"}},
        {"style": "form", "explode": False},
    ),
    _parameter("skipGeometry", "true: every feature's geometry is null", {"type": "boolean", "default": False}),
)
DATETIME_PARAMETER = _parameter(
    "datetime",
    "RFC 3339 instant, date (2025-01-01, 2025-01, 2025) or start/end interval ('..' or nothing for an open end); "
    "only facts have a time, their date",
    {"type": "string"},
    {"style": "form", "explode": False},
)


def _responses(description: str, media_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    error = {
        "description": "An OGC exception saying what to send instead",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}},
    }
    return {
        "200": {
            "description": description,
            "content": {media_type: {"schema": schema}, "text/html": {"schema": {"type": "string"}}},
        },
        "400": error,
        "404": error,
    }


def _operation(summary: str, operation_id: str, parameters: list[dict], responses: dict, tag: str) -> dict:
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "tags": [tag],
            "parameters": parameters,
            "responses": responses,
        }
    }


def _untitled(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key != "title"}


def _collection_paths(atlas: Atlas, collection_id: str) -> dict[str, Any]:
    title = COLLECTION_TITLES[collection_id][0]
    query = ITEM_QUERIES[collection_id]
    filters = [
        _parameter(
            name,
            FILTER_DESCRIPTIONS[name],
            _untitled(_filter_schema(atlas, collection_id, name)),
            {"style": "form", "explode": False},
        )
        for name in query.FILTERS
    ]
    feature = {"$ref": f"#/components/schemas/{collection_id}"}
    page = {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": feature},
            "numberMatched": {"type": "integer", "minimum": 0},
            "numberReturned": {"type": "integer", "minimum": 0},
            "links": {"type": "array", "items": {"$ref": "#/components/schemas/link"}},
        },
    }
    item_id = {
        "name": "featureId",
        "in": "path",
        "required": True,
        "description": f"Id of one of the {collection_id}",
        "schema": {"type": "string"},
    }
    json_schema = {"type": "object"}
    path = f"/collections/{collection_id}"
    items_parameters = [
        FORMAT_PARAMETER,
        BBOX_PARAMETER,
        DATETIME_PARAMETER,
        *filters,
        *FILTER_PARAMETERS,
        *SELECTION_PARAMETERS,
        LIMIT_PARAMETER,
        OFFSET_PARAMETER,
    ]
    return {
        path: _operation(
            f"{title}: metadata",
            f"describe_{collection_id}",
            [FORMAT_PARAMETER],
            _responses("The collection", MEDIA_TYPES["json"], json_schema),
            collection_id,
        ),
        f"{path}/items": _operation(
            f"{title}: a page of features",
            f"get_{collection_id}",
            items_parameters,
            _responses("A page of features", MEDIA_TYPES["geojson"], page),
            collection_id,
        ),
        f"{path}/items/{{featureId}}": _operation(
            f"{title}: one feature",
            f"get_{collection_id}_item",
            [item_id, FORMAT_PARAMETER],
            _responses("One feature", MEDIA_TYPES["geojson"], feature),
            collection_id,
        ),
        f"{path}/queryables": _operation(
            f"{title}: what the items filter on",
            f"queryables_{collection_id}",
            [FORMAT_PARAMETER],
            _responses("JSON Schema of the queryable properties", MEDIA_TYPES["schema"], json_schema),
            collection_id,
        ),
        f"{path}/schema": _operation(
            f"{title}: properties of the features",
            f"schema_{collection_id}",
            [],
            _responses("JSON Schema of the features", MEDIA_TYPES["schema"], json_schema),
            collection_id,
        ),
    }


def openapi_document(atlas: Atlas, base: str) -> dict[str, Any]:
    """The OpenAPI 3.0 definition of the whole endpoint, every collection's paths written out."""
    document_schema = {"type": "object"}
    capabilities = {
        "/": _operation(
            "Landing page",
            "get_landing_page",
            [FORMAT_PARAMETER],
            _responses("The landing page", MEDIA_TYPES["json"], document_schema),
            "capabilities",
        ),
        "/openapi": _operation(
            "This API definition",
            "get_openapi",
            [],
            _responses("OpenAPI 3.0", MEDIA_TYPES["openapi"], document_schema),
            "capabilities",
        ),
        "/conformance": _operation(
            "Conformance classes met",
            "get_conformance",
            [FORMAT_PARAMETER],
            _responses("The conformance classes", MEDIA_TYPES["json"], document_schema),
            "capabilities",
        ),
        "/collections": _operation(
            "The collections",
            "get_collections",
            [FORMAT_PARAMETER],
            _responses("Every collection", MEDIA_TYPES["json"], document_schema),
            "capabilities",
        ),
    }
    paths = capabilities
    for collection_id in COLLECTIONS:
        paths |= _collection_paths(atlas, collection_id)
    schemas = {c: _openapi_schema(collection_schema(base, c)) for c in COLLECTIONS}
    schemas["exception"] = {
        "type": "object",
        "required": ["code"],
        "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
    }
    schemas["link"] = {
        "type": "object",
        "required": ["href"],
        "properties": {name: {"type": "string"} for name in ("href", "rel", "type", "title")},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "corridor OGC API – Features",
            "version": "1.0.0",
            "description": "Railway corridors between Central Asia and the Arabian Sea: places, segments, corridors "
            "and facts, every fact with its verbatim quote and source.",
            "license": {
                "name": f"{DATA_LICENCE_NAME} (the data; quotes stay with their publishers)",
                "url": DATA_LICENCE_URL,
            },
        },
        "servers": [{"url": base}],
        "tags": [{"name": "capabilities"}, *({"name": c, "description": COLLECTION_TITLES[c][1]} for c in COLLECTIONS)],
        "paths": paths,
        "components": {
            "parameters": {
                "f": FORMAT_PARAMETER,
                "bbox": BBOX_PARAMETER,
                "datetime": DATETIME_PARAMETER,
                "limit": LIMIT_PARAMETER,
                "offset": OFFSET_PARAMETER,
            },
            "schemas": schemas,
        },
    }


def _openapi_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A feature's JSON Schema as an OpenAPI 3.0 schema object, which has no `$id`."""
    return {key: value for key, value in schema.items() if key != "$id"}
