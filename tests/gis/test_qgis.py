"""Real QGIS (Debian's python3-qgis, headless) loads every collection of the live OGC API as a layer."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from corridor.ogc import COLLECTIONS
from corridor.ogc_schema import collection_schema
from gis.clients import local_env, require, run_client

SYSTEM_PYTHON = "/usr/bin/python3"
LOADER = Path(__file__).with_name("qgis_load.py")
QGIS_NUMBER_TYPES = {"integer": {"Integer", "Integer64", "int", "int8"}, "number": {"Real", "double"}}


def has_qgis() -> bool:
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.fixture(scope="module")
def qgis_layers(ogc_url: str) -> dict:
    """What QGIS made of each collection: validity, feature count, field types, ids, numeric values."""
    require(has_qgis(), "QGIS (python3-qgis)", "apt-get install python3-qgis")
    env = local_env() | {"QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": "/tmp"}
    result = run_client(SYSTEM_PYTHON, str(LOADER), ogc_url, *COLLECTIONS, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_qgis_loads_every_feature_of_each_collection(qgis_layers, atlas, collection):
    layer = qgis_layers[collection]
    assert layer["valid"], layer.get("error")
    expected = len(getattr(atlas, collection))
    assert layer["count"] == layer["fetched"] == expected
    assert sorted(layer["ids"]) == sorted(getattr(atlas, collection))


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_qgis_types_numeric_fields_as_numbers(qgis_layers, collection):
    layer = qgis_layers[collection]
    schema = collection_schema("-", collection)["properties"]["properties"]["properties"]
    numeric = {name: prop["type"] for name, prop in schema.items() if prop["type"] in QGIS_NUMBER_TYPES}
    for name, json_type in numeric.items():
        assert layer["fields"][name] in QGIS_NUMBER_TYPES[json_type], (name, layer["fields"][name])
        assert layer["numbers"][name], f"QGIS read numbers in {name}"


def test_qgis_reads_published_lengths_as_numbers(qgis_layers, atlas):
    lengths = (s.properties.published_length_km for s in atlas.segments.values())
    published = sorted(length for length in lengths if length is not None)
    assert sorted(qgis_layers["segments"]["numbers"]["published_length_km"]) == published
