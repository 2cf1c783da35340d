"""The export downloads over HTTP: types, file names, errors and the links on the pages."""

from __future__ import annotations

import pytest

from corridor.exports.formats import EXPORT_FORMATS

SIGNATURES = {
    "shp": b"PK\x03\x04",
    "gpkg": b"SQLite format 3\x00",
    "geojson": b'{\n "type": "FeatureCollection"',
    "kml": b"<?xml version='1.0' encoding='UTF-8'?>\n<kml",
    "csv": b"id,statement,subjects,",
    "places-csv": b"lon,lat,id,name,",
    "fgb": b"fgb\x03fgb",
    "parquet": b"PAR1",
    "qgz": b"PK\x03\x04",
}
TEXT_FORMATS = {"geojson", "kml", "csv", "places-csv"}


def test_every_format_has_a_signature():
    assert set(SIGNATURES) == set(EXPORT_FORMATS)


@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_export_url_serves_the_file_with_its_media_type_and_name(client, format_name):
    fmt = EXPORT_FORMATS[format_name]
    response = client.get(f"/export/chaman-onward.{fmt.extension}")
    assert response.status_code == 200
    assert response.mimetype == fmt.media_type
    assert response.headers["Content-Disposition"] == f"attachment; filename=corridor-chaman-onward.{fmt.extension}"
    assert response.data.startswith(SIGNATURES[format_name])
    if format_name in TEXT_FORMATS:
        assert response.mimetype_params.get("charset", "utf-8") == "utf-8"
        snippet = (
            "Serhetabat station on the Mary–Serhetabat line: the town is at 35°"
            if format_name == "places-csv"
            else "Pakistan–Kazakhstan"
        )
        assert snippet in response.data.decode("utf-8")


def test_export_url_with_unknown_format_is_400_listing_the_valid_ones(client):
    response = client.get("/export/all.xlsx")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert all(f".{fmt.extension}" in page for fmt in EXPORT_FORMATS.values())


def test_export_url_for_a_bare_shp_is_400_because_shapefiles_come_zipped(client):
    assert client.get("/export/all.shp").status_code == 400


def test_export_url_with_unknown_corridor_is_404_naming_the_corridors(client):
    response = client.get("/export/atlantis.kml")
    assert response.status_code == 404
    assert "turghundi-herat-spin-boldak" in response.get_data(as_text=True)


def test_overview_and_every_corridor_page_link_each_download(client, atlas):
    pages = {"/": "all"} | {f"/corridors/{corridor_id}": corridor_id for corridor_id in atlas.corridors}
    for url, export_key in pages.items():
        html = client.get(url).get_data(as_text=True)
        for fmt in EXPORT_FORMATS.values():
            href = f"/export/{export_key}.{fmt.extension}"
            assert f'href="{href}"' in html, (url, href)
            assert client.get(href).status_code == 200
