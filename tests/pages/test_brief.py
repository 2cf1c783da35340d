"""The corridor brief: a one- or two-page PDF read back with an independent reader (poppler's pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from corridor.cli import main
from corridor.pages import brief
from corridor.pages.brief import brief_html, key_claims
from corridor.pages.views import corridor_page

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@needs_poppler
def test_brief_holds_the_name_quotes_sources_and_disagreements(chaman_brief, atlas):
    text = " ".join(pdf_text(chaman_brief).split())
    assert atlas.corridors["chaman-onward"].name in text
    fact = atlas.facts["rail-network-cost-7bn"]
    assert fact.quote in text and atlas.source_for_seed(fact.seed).title in text
    assert "What is disputed:" in text and "estimated to be worth up to USD 7 bn" in text
    assert f"Data version {atlas.version}" in text
    assert "Length" in text and "By country" in text and "Pakistan" in text


@needs_poppler
def test_brief_is_one_or_two_pages_with_the_map(chaman_brief, tmp_path, atlas):
    assert 1 <= pdf_pages(chaman_brief) <= 2
    # its disagreements take most of the room: fewer key claims than the most, and the last line says so
    shown = int(" ".join(pdf_text(chaman_brief).split()).split(" of the corridor's ")[0].rsplit(" ", 1)[-1])
    view = corridor_page(atlas, "chaman-onward")
    disputed = sum(len(group["facts"]) for group in view["disputes"])
    assert 1 <= shown - disputed < brief.MAX_KEY_CLAIMS
    images = subprocess.run(["pdfimages", "-list", str(chaman_brief)], check=True, capture_output=True, text=True)
    assert len(images.stdout.splitlines()) >= 3, "a header, a rule and at least the map"


def test_brief_escapes_text_from_the_data(hostile_data):
    from corridor.atlas.load import load_atlas

    hostile = load_atlas(hostile_data, hostile_data.parent / "seeds")
    html = brief_html(hostile, "turghundi-herat-spin-boldak", b"\x89PNG")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_key_claims_leave_the_disputed_ones_to_their_cards(atlas):
    view = corridor_page(atlas, "chaman-onward")
    disputed = {f["id"] for g in view["disputes"] for f in g["facts"]}
    chosen = key_claims(view)
    assert chosen and not disputed & {f["id"] for f in chosen} and len(chosen) <= brief.MAX_KEY_CLAIMS


def test_every_corridor_brief_has_key_claims(atlas):
    for corridor_id in atlas.corridors:
        assert key_claims(corridor_page(atlas, corridor_id)), corridor_id


@needs_poppler
def test_a_brief_page_turns_into_a_picture(chaman_brief, tmp_path):
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(chaman_brief), str(tmp_path / "p")], check=True
    )
    (picture,) = tmp_path.glob("p*.png")
    from PIL import Image

    with Image.open(picture) as image:
        width, height = image.size
    assert abs(height / width - 297 / 210) < 0.02, "an A4 page"


def test_brief_cli_refuses_an_unknown_corridor(runner, tmp_path):
    result = runner.invoke(main, ["brief", "--corridor", "atlantis", "-o", str(tmp_path / "b.pdf")])
    assert result.exit_code == 2 and "chaman-onward" in result.output


def test_corridor_page_brief_is_rendered_once_then_cached(app, client, monkeypatch):
    calls = []

    def counting(atlas, corridor_id, made_on=None):
        calls.append(corridor_id)
        return b"%PDF-1.7 brief of " + corridor_id.encode()

    monkeypatch.setattr(brief, "render_brief_pdf", counting)
    first = client.get("/briefs/uzbekistan-afghanistan-pakistan.pdf")
    second = client.get("/briefs/uzbekistan-afghanistan-pakistan.pdf")
    assert first.status_code == second.status_code == 200
    assert first.mimetype == "application/pdf" and second.data == first.data
    assert "corridor-uzbekistan-afghanistan-pakistan-brief.pdf" in first.headers["Content-Disposition"]
    assert calls == ["uzbekistan-afghanistan-pakistan"]
    assert client.get("/briefs/atlantis.pdf").status_code == 404
