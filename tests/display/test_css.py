"""The stylesheet generated from the style table: every colour the stylesheets, templates and the PDF brief name
is in the palette, and map documents carry the sheet inline (tests/web/test_vocabulary_stylesheet.py: the pages
link it)."""

from __future__ import annotations

import re
from pathlib import Path

from corridor.display.css import CUSTOM_PROPERTY, custom_properties, vocabulary_css, with_palette
from corridor.display.vocab import PALETTE, PLACE_KIND
from corridor.maps.standalone import render_standalone_html
from corridor.pages.brief import STYLE

ROOT = Path(__file__).resolve().parents[2]


def used_properties() -> dict[str, set[str]]:
    """Custom properties named by `var(--…)` in each stylesheet, template and module that writes CSS."""
    files = [*ROOT.glob("static/**/*.css"), *ROOT.glob("templates/*.html"), *ROOT.glob("corridor/**/*.py")]
    files.remove(ROOT / "corridor/display/css.py")  # the generator, whose docstrings show the syntax
    return {str(f.relative_to(ROOT)): set(CUSTOM_PROPERTY.findall(f.read_text(encoding="utf-8"))) for f in files}


def test_every_custom_property_used_is_a_palette_colour():
    used = used_properties()
    assert used["static/style.css"] and used["static/map.css"] and used["corridor/curate/review.py"]
    unknown = {name: sorted(names - set(PALETTE)) for name, names in used.items() if names - set(PALETTE)}
    assert unknown == {}


def test_the_generated_sheet_defines_every_palette_colour_and_a_marker_per_place_kind():
    css = vocabulary_css()
    for name, colour in custom_properties().items():
        assert f"{name}: {colour};" in css
    assert len(custom_properties()) == len(PALETTE)
    for kind, style in PLACE_KIND.items():
        rule = re.search(rf"\.place-marker\.place-{kind}(?:::before)? \{{[^}}]*background: {style.fill};", css)
        assert rule, kind


def test_the_brief_stylesheet_has_the_palette_colours_written_in():
    assert "var(" not in STYLE
    assert PALETTE["muted"] in STYLE
    assert with_palette("a { color: var(--ink); }") == f"a {{ color: {PALETTE['ink']}; }}"


def test_single_file_map_carries_the_generated_stylesheet_inline(atlas):
    html = render_standalone_html(atlas)
    assert f"<style>{vocabulary_css()}</style>" in html
    assert "vocabulary.css" not in html
