"""Catalogue metadata of the dataset: a DCAT catalogue in JSON-LD (`/catalog.jsonld`, for open-data portals)
and a schema.org `Dataset` (the home page's JSON-LD, for dataset search), both built from one description so
they name the same title, licence, extent and downloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from corridor.atlas.geometry import atlas_bounds
from corridor.atlas.load import Atlas
from corridor.display.licence import ATTRIBUTION, DATA_LICENCE_URL, NATURAL_EARTH, QUOTATIONS
from corridor.exports.formats import ALL, EXPORT_FORMATS
from corridor.exports.layers import data_date

TITLE = "Railway corridors between Central Asia and the Arabian Sea"
DESCRIPTION = (
    "Curated lines, places and facts of three railway corridors being negotiated between Central Asia and "
    "Pakistan's Arabian Sea ports (Turghundi–Herat–Spin Boldak, Chaman onward, Uzbekistan–Afghanistan–Pakistan): "
    "each line with its status, gauge and how sure its alignment is, each fact with a verbatim quote from the "
    "news article it comes from."
)
KEYWORDS = ("railway", "rail corridor", "Afghanistan", "Pakistan", "Kazakhstan", "Uzbekistan", "Turkmenistan")
PUBLISHER = "corridor project"
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "locn": "http://www.w3.org/ns/locn#",
}
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
OGC_API_FEATURES = "http://www.opengis.net/doc/IS/ogcapi-features-1/1.0"


@dataclass(frozen=True)
class Download:
    """One way to get the data: a file (download URL) or a service (access URL only)."""

    title: str
    url: str
    media_type: str
    is_file: bool = True
    conforms_to: str | None = None


def downloads(root: str) -> list[Download]:
    """Every export of all corridors, then the OGC API and the JSON API."""
    files = [
        Download(fmt.description, f"{root}/export/{ALL}.{fmt.extension}", fmt.media_type)
        for fmt in EXPORT_FORMATS.values()
    ]
    services = [
        Download(
            "OGC API – Features (GeoJSON, CQL2 filters)", f"{root}/ogc", "application/json", False, OGC_API_FEATURES
        ),
        Download("JSON API", f"{root}/api", "application/json", False),
    ]
    return files + services


def _wkt_box(atlas: Atlas) -> str:
    west, south, east, north = atlas_bounds(atlas)
    return f"POLYGON(({west} {south},{east} {south},{east} {north},{west} {north},{west} {south}))"


def _distribution(download: Download) -> dict[str, Any]:
    record: dict[str, Any] = {
        "@type": "dcat:Distribution",
        "dct:title": download.title,
        "dcat:accessURL": {"@id": download.url},
        "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + download.media_type},
        "dct:license": {"@id": DATA_LICENCE_URL},
    }
    if download.is_file:
        record["dcat:downloadURL"] = {"@id": download.url}
    if download.conforms_to:
        record["dct:conformsTo"] = {"@id": download.conforms_to}
    return record


def dcat_catalog(atlas: Atlas, root: str) -> dict[str, Any]:
    """The DCAT catalogue (JSON-LD with its context inline): one dataset and its distributions."""
    publisher = {"@type": "foaf:Agent", "foaf:name": PUBLISHER}
    dataset = {
        "@id": f"{root}/#dataset",
        "@type": "dcat:Dataset",
        "dct:title": TITLE,
        "dct:description": DESCRIPTION,
        "dct:identifier": atlas.version,
        "dct:modified": {"@value": data_date(atlas).isoformat(), "@type": "xsd:date"},
        "dct:license": {"@id": DATA_LICENCE_URL},
        "dct:rights": f"{ATTRIBUTION}. {NATURAL_EARTH} {QUOTATIONS}",
        "dct:publisher": publisher,
        "dcat:keyword": list(KEYWORDS),
        "dcat:landingPage": {"@id": f"{root}/"},
        "dct:spatial": {
            "@type": "dct:Location",
            "dcat:bbox": {"@value": _wkt_box(atlas), "@type": "http://www.opengis.net/ont/geosparql#wktLiteral"},
        },
        "dcat:distribution": [_distribution(d) for d in downloads(root)],
    }
    return {
        "@context": DCAT_CONTEXT,
        "@id": f"{root}/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": f"corridor: {TITLE}",
        "dct:description": "The datasets this site publishes, with their licence and every way to get them.",
        "dct:publisher": publisher,
        "dct:license": {"@id": DATA_LICENCE_URL},
        "foaf:homepage": {"@id": f"{root}/"},
        "dcat:dataset": [dataset],
    }


def schema_org_dataset(atlas: Atlas, root: str) -> dict[str, Any]:
    """The same dataset as schema.org `Dataset` JSON-LD, for the home page (dataset search engines read it)."""
    west, south, east, north = atlas_bounds(atlas)
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": f"{root}/#dataset",
        "name": TITLE,
        "description": DESCRIPTION,
        "url": f"{root}/",
        "license": DATA_LICENCE_URL,
        "isAccessibleForFree": True,
        "creditText": ATTRIBUTION,
        "keywords": list(KEYWORDS),
        "version": atlas.version,
        "dateModified": data_date(atlas).isoformat(),
        "creator": {"@type": "Organization", "name": PUBLISHER},
        "spatialCoverage": {"@type": "Place", "geo": {"@type": "GeoShape", "box": f"{south} {west} {north} {east}"}},
        "distribution": [
            {"@type": "DataDownload", "name": d.title, "contentUrl": d.url, "encodingFormat": d.media_type}
            for d in downloads(root)
            if d.is_file
        ],
        "includedInDataCatalog": {"@type": "DataCatalog", "url": f"{root}/catalog.jsonld"},
    }
