"""No colour is written anywhere but the style table (corridor/display/vocab.py): not in the core, the web layer,
the stylesheets, the map scripts (static/ and static/map/) or the templates. Vendored libraries (static/vendor/)
are the only exception."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from matplotlib.colors import CSS4_COLORS

ROOT = Path(__file__).resolve().parents[2]
TABLE = Path("corridor/display/vocab.py")
VENDORED_PREFIXES = ("static/vendor/",)
"""Libraries copied in with their licence keep their own colours."""
HEX = re.compile(r"(?<![\w&/#])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})(?![\w-])")
COLOUR_FUNCTION = re.compile(r"(?<![\w.-])(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(", re.IGNORECASE)
NAMES = "|".join(sorted(CSS4_COLORS, key=len, reverse=True))
QUOTED_NAME = re.compile(rf"""(["'])(?:{NAMES}|tab:[a-z]+|C[0-9]|xkcd:[a-z ]+)\1""", re.IGNORECASE)
"""A string that is only a colour's name ("white", matplotlib's "tab:blue" or "C0")."""
MPL_LETTER = re.compile(r"""colou?r\s*=\s*["'][bgrcmykw]["']""", re.IGNORECASE)
"""matplotlib's one-letter colours: color="k"."""
CSS_DECLARATION = re.compile(r"(?<![\w-])([a-z-]+)\s*:\s*([^;{}]+)")
CSS_NAME = re.compile(rf"(?<![\w-])(?:{NAMES})(?![\w-])", re.IGNORECASE)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def scanned_files() -> list[Path]:
    """The core, the web layer, the stylesheets, the map scripts and the templates, relative to the root."""
    patterns = ("corridor/**/*.py", "corridor_web/**/*.py", "static/**/*.css", "static/**/*.js", "templates/**/*.html")
    files = {path.relative_to(ROOT) for pattern in patterns for path in ROOT.glob(pattern)}
    return sorted(p for p in files if p != TABLE and not str(p).startswith(VENDORED_PREFIXES))


def colour_literals(text: str, suffix: str) -> list[str]:
    """Each colour literal in a file's text, as `line: literal` (CSS comments are prose, not styles)."""
    if suffix == ".css":
        text = CSS_COMMENT.sub(lambda comment: "\n" * comment.group(0).count("\n"), text)
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        hits = [m.group(0) for pattern in (HEX, COLOUR_FUNCTION) for m in pattern.finditer(line)]
        if suffix in (".py", ".js", ".html"):
            hits += [m.group(0) for pattern in (QUOTED_NAME, MPL_LETTER) for m in pattern.finditer(line)]
        if suffix in (".css", ".html"):
            for declaration in CSS_DECLARATION.finditer(line):
                hits += [m.group(0) for m in CSS_NAME.finditer(declaration.group(2))]
        found += [f"{number}: {hit}" for hit in hits]
    return found


@pytest.mark.parametrize(
    ("text", "suffix"),
    [
        ('COLOUR = "#1b9e77"', ".py"),
        ("ax.fill(xs, ys, facecolor='white')", ".py"),
        ('ax.plot(x, y, color="k")', ".py"),
        ('L.polyline([], {color: "#111"})', ".js"),
        (".legend { box-shadow: 0 1px 5px rgba(0, 0, 0, 0.35); }", ".css"),
        (".badge { background: lightyellow; }", ".css"),
        ('<span style="color: red">', ".html"),
        ("/* a grey band: */ .x { color: gray; }", ".css"),
        ("a { outline: 2px solid #ffbf00aa; }", ".css"),
    ],
)
def test_the_scan_finds_a_colour_literal(text, suffix):
    assert colour_literals(text, suffix)


@pytest.mark.parametrize(
    ("text", "suffix"),
    [
        ('href="#facts"', ".html"),
        ("&#160;", ".html"),
        ("def _rgba(hex_colour: str) -> str:", ".py"),
        (".map-legend { background: var(--legend); white-space: nowrap; }", ".css"),
        ('link.href = "#";', ".js"),
        (".gauge-break { background: transparent; color: inherit; }", ".css"),
        ('"#segment=abc"', ".js"),
        ("/* reads as a grey band: not a colour */", ".css"),
    ],
)
def test_the_scan_passes_what_is_no_colour(text, suffix):
    assert colour_literals(text, suffix) == []


def test_no_colour_literal_outside_the_style_table():
    found = {
        str(path): hits
        for path in scanned_files()
        if (hits := colour_literals((ROOT / path).read_text(encoding="utf-8"), path.suffix))
    }
    assert found == {}, "write the colour in corridor/display/vocab.py and use it from there"


def test_the_scan_covers_every_surface():
    names = {str(p) for p in scanned_files()}
    for expected in ("static/style.css", "static/map.css", "templates/base.html", "corridor/maps/picture.py"):
        assert expected in names
    assert "static/map/measure.js" in names and not any(name.startswith("static/vendor/") for name in names)
