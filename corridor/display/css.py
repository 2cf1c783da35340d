"""The stylesheet generated from the style table (`corridor.display.vocab`): every colour as a CSS custom
property, and the rules whose values are the table's (place-kind markers, gauge-break rings, line colours).

`static/style.css` and `static/map.css` hold layout and use these properties (`var(--ink)`); they write no
colour. The pages link this sheet; map documents carry it inline, so a single-file map works from `file://`.
"""

from __future__ import annotations

import re
from functools import cache

from corridor.display.vocab import (
    GAUGE_RING,
    MARKER_OUTLINE_PX,
    PALETTE,
    PLACE_KIND,
    PlaceKindStyle,
)

CUSTOM_PROPERTY = re.compile(r"var\(--([a-z-]+)\)")
MARKER_OUTLINE_PX_DEFAULT = 2.0
SHAPE_RADIUS = {"circle": "50%", "square": "2px", "diamond": "0"}
"""Marker shape -> CSS border-radius; the diamond is a square turned by 45 degrees."""


def custom_properties() -> dict[str, str]:
    """Every colour of the palette as a custom property, `--<name>`."""
    return {f"--{name}": colour for name, colour in PALETTE.items()}


def with_palette(css: str) -> str:
    """`css` with each `var(--name)` of the palette replaced by its colour, for a stylesheet read where the
    generated sheet is not (the PDF brief: WeasyPrint's page margins see no custom properties)."""
    return CUSTOM_PROPERTY.sub(lambda match: PALETTE[match.group(1)], css)


def _rule(selector: str, declarations: dict[str, str]) -> str:
    return selector + " { " + " ".join(f"{name}: {value};" for name, value in declarations.items()) + " }"


def marker_declarations(kind: str, style: PlaceKindStyle) -> dict[str, str]:
    """The marker's look as CSS declarations: fill, outline (colour and width), halo and shape."""
    declarations = {
        "background": style.fill,
        "border": f"{MARKER_OUTLINE_PX.get(kind, MARKER_OUTLINE_PX_DEFAULT):g}px solid {style.outline}",
        "border-radius": SHAPE_RADIUS[style.shape],
    }
    if style.halo:
        declarations["box-shadow"] = f"0 0 0 1px {style.halo}"
    return declarations


def _marker_rules(kind: str, style: PlaceKindStyle) -> list[str]:
    """A place kind's marker; Leaflet positions markers with `transform`, so a diamond is drawn by a rotated
    pseudo-element that fills the marker's box."""
    selector = f".place-marker.place-{kind}"
    if style.shape != "diamond":
        return [_rule(selector, marker_declarations(kind, style))]
    return [
        _rule(selector, {"background": "none", "border": "0", "border-radius": "0"}),
        _rule(
            f"{selector}::before",
            {
                "content": '""',
                "position": "absolute",
                "inset": "1px",
                "box-sizing": "border-box",
                **marker_declarations(kind, style),
                "transform": "rotate(45deg)",
            },
        ),
    ]


def _ring_rules() -> list[str]:
    rules = []
    for certain, ring in GAUGE_RING.items():
        selector = ".gauge-break" if certain else ".gauge-break.gauge-break-undecided"
        style = "dashed" if ring.dashed else "solid"
        rules.append(_rule(selector, {"border": f"{ring.width_px:g}px {style} {ring.colour}"}))
    return rules


@cache
def vocabulary_css() -> str:
    """The generated stylesheet: custom properties, then place-kind markers and gauge-break rings."""
    rules = [_rule(":root", custom_properties())]
    for kind, style in sorted(PLACE_KIND.items(), key=lambda kv: kv[1].order):
        rules += _marker_rules(kind, style)
    rules += _ring_rules()
    header = "/* Generated from corridor/display/vocab.py by corridor/display/css.py: change colours there. */"
    return "\n".join([header, *rules]) + "\n"
