"""No CSV the project writes holds a cell a spreadsheet would run as a formula: every CSV (facts, the facts
page's filtered view, every export's, the places CSV, those inside the shapefile zip, the CLI's) is read back
with the standard library, and each text cell that began with `=`, `+`, `-` or `@` starts with `'` instead."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from corridor.atlas.reload import load_valid_data
from corridor.exports.formats import EXPORT_FORMATS, selection_keys
from corridor.exports.shapefile import FORMULA_TRIGGERS, csv_bytes, spreadsheet_text
from corridor.exports.write import render_export
from corridor_web import create_app
from corridor_web.cli import main

HOSTILE_QUOTE = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE_STATEMENT = '=HYPERLINK("http://127.0.0.1/x","click")'
CSV_FORMATS = [name for name, fmt in EXPORT_FORMATS.items() if fmt.extension.endswith("csv")]


@pytest.fixture
def formula_data(data_copy: Path, edit_json) -> Path:
    """A data copy whose facts and places hold text that starts like a formula (and still validates)."""
    facts = json.loads((data_copy / "facts.json").read_text(encoding="utf-8"))
    seed = data_copy.parent / "seeds" / facts[0]["seed"]
    seed.write_text(seed.read_text(encoding="utf-8") + f"\n{HOSTILE_QUOTE}\n", encoding="utf-8")

    def poison_facts(document: list[dict]) -> None:
        document[0].update(statement=HOSTILE_STATEMENT, quote=HOSTILE_QUOTE)
        document[1].update(statement="+1+2", date_note="-2+3")

    def poison_places(document: dict) -> None:
        properties = document["features"][0]["properties"]
        properties["location_note"] = "-Note that starts with a minus"
        properties["aliases"].insert(0, "=Alias")

    edit_json(data_copy / "facts.json", poison_facts)
    edit_json(data_copy / "places.geojson", poison_places)
    return data_copy


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8"))) for cell in row]


def assert_no_formula(name: str, data: bytes) -> list[str]:
    """Every cell of the CSV `data` is safe to open; returns the cells."""
    cells = csv_cells(data)
    assert cells, name
    running = [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    assert not running, (name, running[:3])
    return cells


def every_csv(data_dir: Path) -> dict[str, bytes]:
    """Every CSV the library writes for every selection, including the shapefile zip's tables."""
    atlas = load_valid_data(data_dir, data_dir.parent / "seeds")
    found: dict[str, bytes] = {}
    for key in selection_keys(atlas):
        for name in CSV_FORMATS:
            found[f"{key}.{name}"] = render_export(atlas, name, key, None)
        with zipfile.ZipFile(io.BytesIO(render_export(atlas, "shp", key, None))) as archive:
            for member in archive.namelist():
                if member.endswith(".csv"):
                    found[f"{key}.shp.zip/{member}"] = archive.read(member)
    return found


def test_every_export_csv_neutralises_formula_text_and_keeps_it_readable(formula_data):
    found = every_csv(formula_data)
    cells = [cell for name, data in found.items() for cell in assert_no_formula(name, data)]
    for hostile in (HOSTILE_STATEMENT, HOSTILE_QUOTE, "+1+2", "-2+3", "-Note that starts with a minus"):
        assert "'" + hostile in cells, hostile
    assert any(cell.startswith("'=Alias;") for cell in cells)
    places = next(data for name, data in found.items() if name.endswith("places-csv"))
    longitudes = [row["lon"] for row in csv.DictReader(io.StringIO(places.decode()))]
    assert all(float(lon) for lon in longitudes), "numbers stay numbers"


def test_the_sites_csvs_and_the_cli_write_the_same_safe_cells(formula_data, runner, tmp_path):
    client = create_app({"DATA_DIR": formula_data, "TESTING": True, "DATA_CHECK_SECONDS": 0}).test_client()
    answers = {url: client.get(url) for url in ["/facts.csv", "/facts.csv?q=hyperlink", "/export/all.csv"]}
    answers["/export/all.places.csv"] = client.get("/export/all.places.csv")
    for url, response in answers.items():
        assert response.status_code == 200, url
        assert_no_formula(url, response.data)
    filtered = csv_cells(answers["/facts.csv?q=hyperlink"].data)
    assert "'" + HOSTILE_STATEMENT in filtered
    output = tmp_path / "facts.csv"
    result = runner.invoke(main, ["export", "--data", str(formula_data), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "'" + HOSTILE_QUOTE in assert_no_formula("cli", output.read_bytes())


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "\0x"])
def test_each_trigger_is_neutralised_once_and_plain_text_is_untouched(text):
    assert spreadsheet_text(text) == "'" + text
    assert spreadsheet_text("'" + text) == "'" + text
    assert spreadsheet_text("Kabul - Herat") == "Kabul - Herat"
    data = csv_bytes(["text", "number"], [{"text": text, "number": -3.5}])
    assert list(csv.reader(io.StringIO(data.decode()))) == [["text", "number"], ["'" + text, "-3.5"]]
