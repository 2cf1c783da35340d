"""Data that used to get through validation and break an output, or crash the loader: each is now a
`file: feature: field: reason` line from `corridor validate` and exit 1, never a traceback."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corridor.atlas.load import load_atlas
from corridor.maps.picture import render_png
from corridor_web.cli import main

PROBLEM_LINE = re.compile(r"^[^:\n]+: [^:\n]+: [^:\n]+: .+$")


def set_segment(field: str, value: Any) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        path = data_dir / "segments.geojson"
        document = json.loads(path.read_text(encoding="utf-8"))
        document["features"][0]["properties"][field] = value
        path.write_text(json.dumps(document), encoding="utf-8")

    return change


def set_place_name(name: str) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        path = data_dir / "places.geojson"
        document = json.loads(path.read_text(encoding="utf-8"))
        document["features"][0]["properties"]["name"] = name
        path.write_text(json.dumps(document), encoding="utf-8")

    return change


def raw_fact_value(text: str) -> Callable[[Path], None]:
    """The first fact with a number gets `text` as its value, written as raw JSON (1e999 is no Python float)."""

    def change(data_dir: Path) -> None:
        path = data_dir / "facts.json"
        facts = json.loads(path.read_text(encoding="utf-8"))
        index = next(i for i, fact in enumerate(facts) if fact.get("value") is not None)
        facts[index]["value"] = "@VALUE@"
        path.write_text(json.dumps(facts).replace('"@VALUE@"', text), encoding="utf-8")

    return change


def raw_longitude(data_dir: Path) -> None:
    path = data_dir / "places.geojson"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["features"][0]["geometry"]["coordinates"][0] = "@LON@"
    path.write_text(json.dumps(document).replace('"@LON@"', "1e999"), encoding="utf-8")


def directory_for_file(data_dir: Path) -> None:
    (data_dir / "corridors.json").unlink()
    (data_dir / "corridors.json").mkdir()


def symlink_loop(data_dir: Path) -> None:
    (data_dir / "facts.json").unlink()
    os.symlink(data_dir / "facts.json", data_dir / "facts.json")


def seed_not_utf8(data_dir: Path) -> None:
    seed = sorted((data_dir.parent / "seeds").glob("*.txt"))[0]
    seed.write_bytes(seed.read_bytes() + b"\xff\xfe caf\xe9")


def own_reference(data_dir: Path) -> Path:
    """Replace the symlinked reference directory by a copy of its own."""
    link = data_dir / "reference"
    target = link.resolve()
    link.unlink()
    link.mkdir()
    for path in target.glob("*.geojson"):
        (link / path.name).write_bytes(path.read_bytes())
    return link


def missing_reference(data_dir: Path) -> None:
    (own_reference(data_dir) / "ne_countries_region.geojson").unlink()


def broken_reference(data_dir: Path) -> None:
    (own_reference(data_dir) / "ne_boundary_lines_10m_region.geojson").write_text('{"type": "FeatureCollection", "fe')


def reference_without_geometry(data_dir: Path) -> None:
    path = own_reference(data_dir) / "ne_countries_region.geojson"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [[[1, 2]]]}
    path.write_text(json.dumps(document), encoding="utf-8")


def deeply_nested(data_dir: Path) -> None:
    (data_dir / "sources.json").write_text("[" * 200_000 + "]" * 200_000)


CASES = {
    "value 1e999": (raw_fact_value("1e999"), "facts.json", "value"),
    "value as text": (raw_fact_value('"500"'), "facts.json", "value"),
    "value true": (raw_fact_value("true"), "facts.json", "value"),
    "gauge true": (set_segment("gauge_mm", True), "segments.geojson", "properties.gauge_mm"),
    "gauge as text": (set_segment("gauge_mm", "1520"), "segments.geojson", "properties.gauge_mm"),
    "gauge negative": (set_segment("gauge_mm", -1520), "segments.geojson", "properties.gauge_mm"),
    "control character": (set_place_name("Herat\x07\x1b[2J"), "places.geojson", "properties.name"),
    "blank name": (set_place_name("   "), "places.geojson", "properties.name"),
    "huge note": (set_segment("geometry_note", "x" * 50_000), "segments.geojson", "properties.geometry_note"),
    "longitude 1e999": (raw_longitude, "places.geojson", "geometry.coordinates.0"),
    "directory": (directory_for_file, "corridors.json", "-"),
    "symlink loop": (symlink_loop, "facts.json", "-"),
    "seed not UTF-8": (seed_not_utf8, "seeds/", "-"),
    "missing reference": (missing_reference, "reference/ne_countries_region.geojson", "-"),
    "broken reference": (broken_reference, "reference/ne_boundary_lines_10m_region.geojson", "-"),
    "unreadable reference geometry": (reference_without_geometry, "reference/ne_countries_region.geojson", "geometry"),
    "deeply nested JSON": (deeply_nested, "sources.json", "-"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_validate_names_file_feature_field_and_exits_1(runner, data_copy, case):
    change, file, field = CASES[case]
    change(data_copy)
    result = runner.invoke(main, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    problems = result.output.strip().splitlines()[:-1]
    assert problems and all(PROBLEM_LINE.match(line) for line in problems), result.output[:2000]
    assert any(line.startswith(file) and f": {field}: " in line for line in problems), result.output[:2000]
    assert str(data_copy.parent) not in result.output, "messages name files, not the machine's paths"
    assert "Traceback" not in result.output


def test_a_name_with_dollar_signs_is_drawn_as_written(data_copy):
    set_place_name("Herat $x^{2}$ $\\frac{1}{0}$ $")(data_copy)
    png = render_png(load_atlas(data_copy), None)
    assert png.startswith(b"\x89PNG")
