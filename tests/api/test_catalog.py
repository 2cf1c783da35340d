"""The data licence on every surface, the DCAT catalogue (/catalog.jsonld) and the home page's schema.org
Dataset: JSON-LD that parses and expands, with the properties DCAT and dataset search require."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile

import pyarrow.parquet as pq
import pyogrio
import pytest
from pyld import jsonld

from corridor.display.licence import DATA_LICENCE_ID, DATA_LICENCE_URL, QUOTATIONS
from corridor.exports.formats import EXPORT_FORMATS
from corridor.exports.write import render_export

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def catalog(app) -> dict:
    response = app.test_client().get("/catalog.jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    return response.json


def expanded_nodes(document: dict) -> dict[str, list[dict]]:
    """Every node of the JSON-LD, expanded (context applied, offline: the context is inline), by its type."""
    nodes: dict[str, list[dict]] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for node_type in node.get("@type", []):
                nodes.setdefault(node_type, []).append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(jsonld.expand(document))
    return nodes


def values(node: dict, name: str) -> list:
    return [v.get("@id", v.get("@value")) for v in node.get(name, [])]


def test_the_catalogue_is_json_ld_with_the_required_dcat_properties(catalog):
    nodes = expanded_nodes(catalog)
    (catalogue,) = nodes[DCAT + "Catalog"]
    for name in (DCT + "title", DCT + "description", DCT + "publisher", DCAT + "dataset"):
        assert catalogue.get(name), name
    (dataset,) = nodes[DCAT + "Dataset"]
    for name in (DCT + "title", DCT + "description", DCT + "license", DCAT + "distribution", DCT + "spatial"):
        assert dataset.get(name), name
    assert values(dataset, DCT + "license") == [DATA_LICENCE_URL]
    distributions = nodes[DCAT + "Distribution"]
    assert len(distributions) == len(EXPORT_FORMATS) + 2, "every export, the OGC API and the JSON API"
    for distribution in distributions:
        assert values(distribution, DCAT + "accessURL") and values(distribution, DCAT + "mediaType")
        assert values(distribution, DCT + "license") == [DATA_LICENCE_URL]


def test_every_file_the_catalogue_lists_downloads_with_its_media_type_and_licence(catalog, client):
    files = [d for d in expanded_nodes(catalog)[DCAT + "Distribution"] if d.get(DCAT + "downloadURL")]
    assert len(files) == len(EXPORT_FORMATS)
    for distribution in files:
        (url,) = values(distribution, DCAT + "downloadURL")
        response = client.get(url.removeprefix("http://localhost"))
        assert response.status_code == 200, url
        (media_type,) = values(distribution, DCAT + "mediaType")
        assert media_type.endswith("/" + response.mimetype)
        assert f'<{DATA_LICENCE_URL}>; rel="license"' in response.headers.getlist("Link")


def test_the_home_page_describes_the_dataset_in_schema_org_json_ld(client, catalog):
    page = client.get("/").get_data(as_text=True)
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.DOTALL)
    dataset = json.loads(script)
    assert dataset["@type"] == "Dataset" and dataset["name"] and len(dataset["description"]) > 50
    assert dataset["license"] == DATA_LICENCE_URL and dataset["isAccessibleForFree"] is True
    dcat_files = {
        url for d in expanded_nodes(catalog)[DCAT + "Distribution"] for url in values(d, DCAT + "downloadURL")
    }
    assert {d["contentUrl"] for d in dataset["distribution"]} == dcat_files
    south, west, north, east = map(float, dataset["spatialCoverage"]["geo"]["box"].split())
    assert south < north and west < east and 60 < east < 80
    # schema.org's context, given inline (the test reaches no other host), expands every term to schema.org
    (expanded,) = jsonld.expand(dataset | {"@context": {"@vocab": "https://schema.org/"}})
    assert expanded["@type"] == ["https://schema.org/Dataset"] and "https://schema.org/license" in expanded


def test_the_footer_the_json_api_and_the_ogc_landing_page_state_the_data_licence(client):
    page = client.get("/").get_data(as_text=True)
    assert f'<a rel="license" href="{DATA_LICENCE_URL}">' in page and "public domain" in page
    assert client.get("/api").json["license"]["id"] == DATA_LICENCE_ID
    landing = client.get("/ogc?f=json").json
    assert landing["license"]["quotations"] == QUOTATIONS
    assert [link["href"] for link in landing["links"] if link["rel"] == "license"] == [DATA_LICENCE_URL]
    assert client.get("/ogc/openapi").json["info"]["license"]["url"] == DATA_LICENCE_URL


def test_every_export_format_carries_the_data_licence(atlas, tmp_path):
    exports = {name: render_export(atlas, name, "all") for name in EXPORT_FORMATS}
    with zipfile.ZipFile(io.BytesIO(exports["shp"])) as archive:
        assert DATA_LICENCE_URL in archive.read("LICENCE.txt").decode()
        assert DATA_LICENCE_URL in archive.read("README.txt").decode()
    gpkg = tmp_path / "c.gpkg"
    gpkg.write_bytes(exports["gpkg"])
    with sqlite3.connect(gpkg) as connection:
        (metadata,) = connection.execute("SELECT metadata FROM gpkg_metadata").fetchone()
    assert DATA_LICENCE_URL in metadata
    assert json.loads(exports["geojson"])["license"]["url"] == DATA_LICENCE_URL
    assert DATA_LICENCE_URL in exports["kml"].decode()
    fgb = tmp_path / "c.fgb"
    fgb.write_bytes(exports["fgb"])
    assert DATA_LICENCE_URL in pyogrio.read_info(fgb)["layer_metadata"]["DESCRIPTION"]
    parquet = pq.read_schema(io.BytesIO(exports["parquet"])).metadata
    assert json.loads(parquet[b"license"])["id"] == DATA_LICENCE_ID
    with zipfile.ZipFile(io.BytesIO(exports["qgz"])) as archive:
        (project,) = archive.namelist()
        assert DATA_LICENCE_URL in archive.read(project).decode(), "in the QGIS project's metadata"
    # The two CSV files have nowhere to hold it: their download carries it (Link rel="license", tested above).
