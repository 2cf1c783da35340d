"""Reloads that cannot be crashed: whatever the data files become, `validate` returns problems (never raises)
and the server keeps answering (never 5xx) with the last good data, saying why on /healthz without paths; and
whatever the reference layers become, what the load lets in is short, printable, plain values."""

from __future__ import annotations

import json
import math
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.atlas.load import DEFAULT_DATA_DIR, load_atlas
from corridor.atlas.problems import DataError
from corridor.atlas.resources import SEEDS_DIR
from corridor.atlas.validate import validate
from corridor_web import create_app

FILES = ["places.geojson", "segments.geojson", "corridors.json", "facts.json", "sources.json"]
HOSTILE_TOKENS = [
    "1e999",
    "-1e999",
    "true",
    "false",
    "null",
    '"1520"',
    "-1520",
    "0",
    "1e308",
    '"\\u0007\\u001b[2J"',
    '"   "',
    '"$x^{2}$ \\\\frac{1}{0}$"',
    '"' + "x" * 5000 + '"',
    "{}",
    "[]",
    "[[[[[[[[1]]]]]]]]",
    "[" * 3000 + "]" * 3000,
    '"\\ud800"',
    '{"type": "Point"}',
    "[1e999, 1e999]",
]
URLS = ["/healthz", "/", "/facts.json", "/api/facts", "/corridors/chaman-onward.json", "/export/all.csv"]


def leaves(value: Any, path: tuple = ()) -> list[tuple]:
    """Paths to every value in a JSON document (containers included)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += leaves(item, (*path, index))
    return found


def mutated(text: str, pick: int, token: str) -> str:
    """The document with one value (chosen by `pick`) replaced by the raw JSON `token`."""
    document = json.loads(text)
    paths = [p for p in leaves(document) if p]
    path = paths[pick % len(paths)]
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = "@MUTATION@"
    return json.dumps(document, ensure_ascii=False).replace('"@MUTATION@"', token)


MUTATION = st.tuples(
    st.sampled_from(FILES),
    st.integers(min_value=0, max_value=100_000),
    st.one_of(st.sampled_from(HOSTILE_TOKENS), st.text(max_size=30).map(json.dumps)),
    st.sampled_from(["replace", "replace", "replace", "truncate"]),
)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory):
    """A data copy and an app that checks it for changes on every request."""
    root = tmp_path_factory.mktemp("fuzz")
    data_dir = root / "geodata"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir, ignore=shutil.ignore_patterns("reference"))
    (data_dir / "reference").symlink_to(DEFAULT_DATA_DIR / "reference", target_is_directory=True)
    shutil.copytree(SEEDS_DIR, root / "seeds")
    app = create_app({"DATA_DIR": data_dir, "TESTING": True, "DATA_CHECK_SECONDS": 1e-9})
    return data_dir, app


def write_mutation(data_dir: Path, mutation: tuple) -> tuple[Path, str]:
    name, pick, token, how = mutation
    path = data_dir / name
    original = path.read_text(encoding="utf-8")
    changed = original[: pick % len(original)] if how == "truncate" else mutated(original, pick, token)
    path.write_text(changed, encoding="utf-8", errors="surrogatepass")
    return path, original


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=MUTATION)
def test_validate_never_raises_on_mutated_data(live, mutation):
    data_dir, _ = live
    path, original = write_mutation(data_dir, mutation)
    try:
        try:
            atlas = load_atlas(data_dir)
        except DataError as exc:
            assert all(str(problem).count(": ") >= 3 for problem in exc.problems)
            return
        assert isinstance(validate(atlas), list)
    finally:
        path.write_text(original, encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=MUTATION)
def test_the_server_never_answers_5xx_while_reloading_mutated_data(live, mutation):
    data_dir, app = live
    client = app.test_client()
    path, original = write_mutation(data_dir, mutation)
    try:
        for url in URLS:
            response = client.get(url)
            assert response.status_code < 500, (url, response.get_data(as_text=True)[:500])
        health = client.get("/healthz").get_json()
        assert str(data_dir.parent) not in json.dumps(health)
    finally:
        path.write_text(original, encoding="utf-8")
    assert client.get("/healthz").get_json()["rejected_because"] is None, "good files again clear the rejection"


def test_a_broken_reference_layer_is_refused_and_uncached_maps_still_draw(data_copy):
    link = data_copy / "reference"
    bundled = link.resolve()
    link.unlink()
    shutil.copytree(bundled, link)
    app = create_app({"DATA_DIR": data_copy, "TESTING": True, "DATA_CHECK_SECONDS": 1e-9})
    client = app.test_client()
    served = client.get("/healthz").get_json()["data_version"]
    (link / "ne_railroads_region.geojson").write_text("[" * 100_000)
    (link / "ne_countries_region.geojson").write_text('{"type": "FeatureCollection", "features": [{}]}')
    health = client.get("/healthz").get_json()
    assert health["data_version"] == served and health["rejected_version"] != served
    assert "reference/ne_countries_region.geojson" in health["rejected_because"]
    assert str(data_copy) not in health["rejected_because"]
    for url in ["/maps/chaman-onward.html", "/embed/all?layers=railways", "/maps/all.png?width=400&height=300&dpi=50"]:
        assert client.get(url).status_code == 200, url
    shutil.copy(bundled / "ne_railroads_region.geojson", link / "ne_railroads_region.geojson")
    shutil.copy(bundled / "ne_countries_region.geojson", link / "ne_countries_region.geojson")
    health = client.get("/healthz").get_json()
    assert health["data_version"] == served and health["rejected_because"] is None


REFERENCE_FILES = ["reference/ne_countries_region.geojson", "reference/ne_boundary_lines_10m_region.geojson"]
REFERENCE_MUTATION = st.tuples(
    st.sampled_from(REFERENCE_FILES),
    st.integers(min_value=0, max_value=100_000),
    st.one_of(
        st.sampled_from([*HOSTILE_TOKENS, '"' + "N" * 1_000_000 + '"', '"Kabul\\u0000"', '["a"]', '{"x": 1}']),
        st.text(max_size=300).map(json.dumps),
    ),
    st.sampled_from(["replace", "replace", "replace", "truncate"]),
)


@pytest.fixture(scope="module")
def reference_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data copy with reference layers of its own to break."""
    root = tmp_path_factory.mktemp("reference-fuzz")
    shutil.copytree(DEFAULT_DATA_DIR, root / "geodata")
    shutil.copytree(SEEDS_DIR, root / "seeds")
    return root / "geodata"


def printable(text: str) -> bool:
    return not any(unicodedata.category(char) in ("Cc", "Cs") for char in text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=REFERENCE_MUTATION)
def test_reference_layers_let_in_only_short_printable_values(reference_copy, mutation):
    path, original = write_mutation(reference_copy, mutation)
    try:
        try:
            load_atlas(reference_copy)
        except DataError as exc:
            assert all(str(problem).count(": ") >= 3 for problem in exc.problems)
            assert any(problem.file == mutation[0] for problem in exc.problems)
            return
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            for value in feature["properties"].values():
                assert value is None or isinstance(value, bool | int | float | str), value
                if isinstance(value, str):
                    assert len(value) <= 200 and printable(value), value[:80]
                if isinstance(value, float):
                    assert math.isfinite(value)
    finally:
        path.write_text(original, encoding="utf-8")
