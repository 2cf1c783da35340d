"""`corridor add-article`: the article stored beside the seeds with its record, or refused with a clear message
and nothing written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from corridor.atlas.load import load_atlas
from corridor.atlas.resources import SEEDS_DIR


def hashes(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*.txt"))}


def test_the_article_is_stored_with_its_metadata_and_the_seeds_keep_their_bytes(curate, data_copy, article):
    seeds = data_copy.parent / "seeds"
    before, sources_before = hashes(seeds), (data_copy / "sources.json").read_bytes()
    result = curate(
        "add-article", str(article), "--title", "Herat to Kandahar rail survey begins", "--publisher", "Example News",
        "--date", "2026-03-03", "--url", "https://example.org/survey",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    name = f"005_{hashlib.sha256(article.read_bytes()).hexdigest()[:16]}.txt"
    assert (seeds / name).read_bytes() == article.read_bytes()
    assert {k: v for k, v in hashes(seeds).items() if k != name} == before == hashes(SEEDS_DIR)
    records = json.loads((data_copy / "sources.json").read_text(encoding="utf-8"))
    assert records[:-1] == json.loads(sources_before)
    assert (data_copy / "sources.json").read_bytes().startswith(sources_before.removesuffix(b"\n]\n"))
    assert records[-1] | {"added": None} == {
        "id": name.removesuffix(".txt"), "file": name, "title": "Herat to Kandahar rail survey begins",
        "date": "2026-03-03", "date_kind": "published", "date_note": None, "publisher": "Example News",
        "url": "https://example.org/survey", "added": None,
    }  # fmt: skip
    assert f"suggest-claims {name.removesuffix('.txt')}" in result.output
    source = load_atlas(data_copy).sources[name.removesuffix(".txt")]
    assert source.added is not None
    validated = curate("validate")
    assert validated.exit_code == 1 and f"{source.id}: file: no fact cites this seed" in validated.output


def test_an_undated_article_with_a_dateline_note_keeps_date_and_dateline_apart(curate, data_copy, article):
    result = curate("add-article", str(article), "--title", "Survey", "--date", "2026-03-03", "--dateline")
    assert result.exit_code == 0, result.output
    assert json.loads((data_copy / "sources.json").read_text())[-1]["date_kind"] == "dateline"
    other = article.with_name("other.txt")
    other.write_text("Another article about Herat.\n", encoding="utf-8")
    result = curate("add-article", str(other), "--title", "Other", "--date", "undated", "--date-note", "No date given.")
    assert result.exit_code == 0, result.output
    record = json.loads((data_copy / "sources.json").read_text())[-1]
    assert (record["id"][:3], record["date"], record["date_kind"], record["date_note"]) == (
        "006", None, None, "No date given."
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "options", "message"),
    [
        (b"Herat \xff\xfe railway", ["--title", "T", "--date", "undated"], "is not UTF-8 text (byte 0xff at offset 6)"),
        (b"Herat railway.", ["--title", "  ", "--date", "undated"], "give the article's title with --title"),
        (b"   \n", ["--title", "T", "--date", "undated"], "holds no text"),
        (b"Herat railway.", ["--title", "T", "--date", "March 2026"], "YYYY-MM-DD, or `undated`"),
        (b"Herat railway.", ["--title", "T", "--date", "undated", "--dateline"], "give that date with --date"),
        (b"Herat railway.", ["--title", "T", "--date", "undated", "--url", "javascript:x"], "give an http://"),
    ],
)
def test_bad_articles_are_refused_and_nothing_is_written(curate, data_copy, tmp_path, content, options, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    before = hashes(data_copy.parent / "seeds"), (data_copy / "sources.json").read_bytes()
    result = curate("add-article", str(path), *options)
    assert result.exit_code != 0 and message in result.output
    assert (hashes(data_copy.parent / "seeds"), (data_copy / "sources.json").read_bytes()) == before


def test_an_article_already_in_the_data_is_refused(curate, data_copy, tmp_path, article):
    seed = next(iter(sorted(SEEDS_DIR.glob("*.txt"))))
    copy = tmp_path / "again.txt"
    copy.write_text("  " + seed.read_text(encoding="utf-8").replace("\n", "\n\n"), encoding="utf-8")
    result = curate("add-article", str(copy), "--title", "Again", "--date", "undated")
    assert result.exit_code == 1 and f"already in the data as {seed.stem} (same text)" in result.output
    first = curate("add-article", str(article), "--title", "A", "--date", "undated", "--url", "https://example.org/a")
    assert first.exit_code == 0
    copy.write_text("A different text from the same page.", encoding="utf-8")
    second = curate("add-article", str(copy), "--title", "B", "--date", "undated", "--url", "https://example.org/a")
    assert second.exit_code == 1 and "(same address https://example.org/a)" in second.output


def test_the_record_says_the_day_it_was_added(data_copy, article):
    import datetime as dt

    from corridor.curate.articles import add_article

    source = add_article(
        data_copy, data_copy.parent / "seeds", article, title="Survey", publisher=None, date="undated", url=None,
        today=lambda: dt.date(2026, 3, 4),
    )  # fmt: skip
    assert source.added == dt.date(2026, 3, 4)
    assert json.loads((data_copy / "sources.json").read_text(encoding="utf-8"))[-1]["added"] == "2026-03-04"
