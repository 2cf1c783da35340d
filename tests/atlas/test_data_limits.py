"""Validation bounds what it lets in: dates only as `YYYY-MM-DD`, names and aliases short and never empty, lists
bounded, no record id that is a fixed part of the site's URLs, seeds and data files of bounded size, reference
layers checked like the data; and reading the data never blocks on what sits at a data file's path."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from corridor.atlas.files import MAX_SEED_BYTES, UnreadableFile, read_data_bytes
from corridor.atlas.load import load_atlas
from corridor.atlas.model import MAX_ALIASES, MAX_LIST_ITEMS, MAX_NAME_CHARS, RESERVED_IDS
from corridor.atlas.problems import DataError
from corridor.atlas.reload import AtlasKeeper

BAD_DATES = [1735689600, 0, 1.5, True, "2025-01-01T00:00:00Z", "2025-01-01 00:00", "20250101", "2025-1-1", "01/02/2025"]
COUNTRIES = "reference/ne_countries_region.geojson"


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_atlas(data_dir)
    return [str(problem) for problem in caught.value.problems]


def own_reference(data_dir: Path) -> Path:
    """Replace the data copy's link to the bundled reference layers by copies it may change."""
    link = data_dir / "reference"
    bundled = link.resolve()
    link.unlink()
    link.mkdir()
    for path in bundled.iterdir():
        (link / path.name).write_bytes(path.read_bytes())
    return link


@pytest.mark.parametrize("date", BAD_DATES)
def test_a_date_is_only_an_iso_date_string(data_copy, edit_json, date):
    edit_json(data_copy / "facts.json", lambda facts: facts[0].update(date=date))
    found = problems_of(data_copy)
    assert any("facts.json" in p and "date" in p and "YYYY-MM-DD" in p for p in found), found


@pytest.mark.parametrize(
    ("aliases", "reason"),
    [
        ([""], "at least 1 character"),
        (["x" * (MAX_NAME_CHARS + 1)], f"at most {MAX_NAME_CHARS} characters"),
        ([f"Name {i}" for i in range(MAX_ALIASES + 1)], f"at most {MAX_ALIASES} items"),
    ],
)
def test_aliases_are_never_empty_and_bounded(data_copy, edit_json, aliases, reason):
    edit_json(data_copy / "places.geojson", lambda doc: doc["features"][0]["properties"].update(aliases=aliases))
    found = problems_of(data_copy)
    assert any("places.geojson" in p and "aliases" in p and reason in p for p in found), found


def test_a_corridor_name_is_bounded_and_id_lists_too(data_copy, edit_json):
    def change(corridors: list[dict]) -> None:
        corridors[0]["name"] = "N" * (MAX_NAME_CHARS + 1)
        corridors[1]["countries"] = ["AFG"] * (MAX_LIST_ITEMS + 1)

    edit_json(data_copy / "corridors.json", change)
    found = problems_of(data_copy)
    assert any("name" in p and f"at most {MAX_NAME_CHARS} characters" in p for p in found), found
    assert any("countries" in p and f"at most {MAX_LIST_ITEMS}" in p for p in found), found


@pytest.mark.parametrize("reserved", sorted(RESERVED_IDS))
def test_a_record_id_may_not_be_a_fixed_part_of_the_urls(data_copy, edit_json, reserved):
    edit_json(data_copy / "corridors.json", lambda corridors: corridors[0].update(id=reserved))
    found = problems_of(data_copy)
    assert any("corridors.json" in p and "fixed part of the site's URLs" in p for p in found), found


def test_a_seed_over_the_bound_is_refused_naming_it(data_copy):
    seed = next((data_copy.parent / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "x" * MAX_SEED_BYTES, encoding="utf-8")
    found = problems_of(data_copy)
    assert any(f"seeds/{seed.name}" in p and f"at most {MAX_SEED_BYTES:,}" in p for p in found), found


@pytest.mark.parametrize(
    ("name", "field", "reason"),
    [
        ("N" * 1_000_000, "properties.NAME", "at most 200"),
        ("Kabul\u0007", "properties.NAME", "control character U+0007"),
        (["Afghanistan"], "properties.NAME", "missing"),
    ],
)
def test_reference_layers_are_validated_like_the_data(data_copy, name, field, reason):
    path = own_reference(data_copy) / "ne_countries_region.geojson"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["features"][3]["properties"]["NAME"] = name
    path.write_text(json.dumps(document), encoding="utf-8")
    found = problems_of(data_copy)
    assert any(COUNTRIES in p and "#3" in p and field in p and reason in p for p in found), found


def test_a_reference_layer_holds_only_its_kind_of_geometry(data_copy):
    path = own_reference(data_copy) / "ne_railroads_region.geojson"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["features"][0]["geometry"] = {"type": "Point", "coordinates": [65.0, 33.0]}
    path.write_text(json.dumps(document), encoding="utf-8")
    found = problems_of(data_copy)
    assert any("ne_railroads_region.geojson" in p and "a Point" in p for p in found), found


def finishes_within(seconds: float, work) -> object:
    """`work()`'s result (or its exception, raised here), failing the test if it takes longer than `seconds`
    (it runs in a daemon thread)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except Exception as exc:  # noqa: BLE001 - raised again in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still reading after {time.monotonic() - started:.0f} s"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]


def test_reading_refuses_a_fifo_and_a_device_at_once(tmp_path):
    fifo = tmp_path / "facts.json"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(UnreadableFile, match="not a regular file"):
            finishes_within(5, lambda path=path: read_data_bytes(path))


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_live_reload_neither_blocks_nor_fills_memory_and_keeps_serving(data_copy, kind):
    atlas = load_atlas(data_copy)
    served: list[object] = []
    keeper = AtlasKeeper(atlas, 1e-9, served.append)
    facts = data_copy / "facts.json"
    facts.unlink()
    if kind == "fifo":
        os.mkfifo(facts)
    else:
        facts.symlink_to("/dev/zero")
    changed = finishes_within(20, keeper.refresh)
    assert changed is False and not served
    assert keeper.atlas is atlas
    assert "facts.json" in keeper.last_error and "not a regular file" in keeper.last_error


def test_a_statement_is_bounded(data_copy, edit_json):
    edit_json(data_copy / "facts.json", lambda facts: facts[0].update(statement="s" * 2001))
    found = problems_of(data_copy)
    assert any("statement" in p and "at most 2000 characters" in p for p in found), found


def test_a_data_file_over_the_bound_is_refused(tmp_path):
    path = tmp_path / "facts.json"
    path.write_bytes(b"[]" + b" " * 100)
    assert read_data_bytes(path, max_bytes=102) == b"[]" + b" " * 100
    with pytest.raises(UnreadableFile, match="at most 101"):
        read_data_bytes(path, max_bytes=101)


def test_the_operators_guide_states_the_limits_the_code_keeps():
    from corridor.atlas.files import MAX_DATA_FILE_BYTES
    from corridor.atlas.layer_checks import MAX_REFERENCE_PROPERTIES, MAX_REFERENCE_TEXT_CHARS
    from corridor.atlas.model import MAX_TEXT_CHARS

    guide = (Path(__file__).resolve().parents[2] / "docs" / "operators" / "hardening.md").read_text(encoding="utf-8")
    table = guide.split("## Data limits", 1)[1].split("\n## ", 1)[0]
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ")[1] for line in table.splitlines() if " | " in line}
    assert f"1 to {MAX_NAME_CHARS} characters" in rows["A name or an alias"]
    assert f"at most {MAX_ALIASES}" in rows["Aliases of one place or corridor"]
    assert f"at most {MAX_LIST_ITEMS}" in rows["Ids or codes in one list (subjects, cites, segments, countries …)"]
    assert "1 to 2,000 characters" in rows["A statement, quote, title, summary or publisher"]
    assert f"at most {MAX_TEXT_CHARS:,} characters" in rows["Any other text"]
    assert all(f"`{word}`" in rows["A record's id"] for word in RESERVED_IDS)
    assert f"at most {MAX_SEED_BYTES:,} bytes" in rows["A seed article"]
    assert f"at most {MAX_DATA_FILE_BYTES:,} bytes" in rows["A data file or reference layer"]
    reference = rows["A reference layer's (Natural Earth) feature"]
    assert f"at most {MAX_REFERENCE_PROPERTIES} properties" in reference
    assert f"at most {MAX_REFERENCE_TEXT_CHARS} characters" in reference
