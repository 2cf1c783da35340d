"""What an embedded map adds for the page around it: cooperative gestures (the article scrolls under the wheel
and one finger; the map zooms with Ctrl/⌘ + wheel or after a click, pans with two fingers) and a caption
naming the map and the date it is drawn for, so a frame in a report says what it shows on its own.

Both are inline (the hash-only CSP covers the scripts, and a saved page keeps working); the caption's text is
escaped HTML.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from folium.template import Template
from markupsafe import Markup, escape

from corridor.atlas.resources import STATIC_DIR
from corridor.maps.elements import RenderedOnce

GESTURE_HANDLING_DIR = STATIC_DIR / "vendor" / "leaflet-gesture-handling"
GESTURE_HINTS = {
    "touch": "Use two fingers to move the map",
    "scroll": "Use Ctrl + scroll to zoom the map, or click it first",
    "scrollMac": "Use \u2318 + scroll to zoom the map, or click it first",
}
"""The hints shown over the map when a gesture is left to the page (English, like the rest of the site)."""
GESTURE_LOCALES = re.compile(r"var o=\{.*?\}\};(?=L\.Map\.mergeOptions)", re.S)
"""The vendored script's table of hints in 50 languages (four fifths of its compressed bytes, sent with every
embed): unread when the map gives its own hints, as ours does."""


def without_gesture_locales(vendored: str) -> str:
    """The vendored script with its table of languages cut to one entry, GESTURE_HINTS as English (what the
    script falls back to); refuses a script whose table is not where this version keeps it."""
    english = f"var o={{en:{json.dumps(GESTURE_HINTS)}}};"
    kept, found = GESTURE_LOCALES.subn(lambda _: english, vendored)
    if found != 1:
        raise ValueError("leaflet-gesture-handling: no table of languages before L.Map.mergeOptions")
    return kept


def _inline_safe(code: str, name: str) -> str:
    """`code` for an inline element, without source-map comments (nothing to fetch) and refusing text that
    would end the element early."""
    kept = "\n".join(line for line in code.splitlines() if not line.startswith("//# sourceMappingURL="))
    if "</script" in kept.lower() or "</style" in kept.lower():
        raise ValueError(f"{name} must not contain </script or </style")
    return kept


@lru_cache(maxsize=1)
def gesture_scripts() -> tuple[str, str]:
    """The vendored leaflet-gesture-handling (script, stylesheet) and our cooperative handler, for inlining."""
    vendored = without_gesture_locales(
        (GESTURE_HANDLING_DIR / "leaflet-gesture-handling.min.js").read_text(encoding="utf-8")
    )
    ours = (STATIC_DIR / "cooperative-gestures.js").read_text(encoding="utf-8")
    css = (GESTURE_HANDLING_DIR / "leaflet-gesture-handling.min.css").read_text(encoding="utf-8")
    script = _inline_safe(vendored, "leaflet-gesture-handling") + "\n" + _inline_safe(ours, "cooperative-gestures.js")
    return script, _inline_safe(css, "leaflet-gesture-handling.min.css")


class CooperativeGestures(RenderedOnce):
    """The gesture handler, switched on for the map it is added to."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.code }}
        CorridorGestures.enable({{ this._parent.get_name() }}, {{ this.hints|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "CooperativeGestures"
        script, css = gesture_scripts()
        self.code, self.css, self.hints = Markup(script), Markup(css), GESTURE_HINTS


class FrameCaption(RenderedOnce):
    """A caption strip above the map, as over a figure in print: its title and the date it is drawn for. The map
    takes the height left, so the caption hides no line or name; the layout is set before the map is made."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        body { display: flex; flex-direction: column; }
        .frame-caption { flex: none; order: -1; padding: 3px 8px; font: 12px/1.35 sans-serif; }
        .frame-caption .frame-title { font-size: 13px; }
        .folium-map { flex: 1 1 auto; height: auto !important; min-height: 0; }
        </style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <div class="frame-caption"><strong class="frame-title">{{ this.title }}</strong>
        <span class="frame-date">{{ this.date }}</span></div>
        {% endmacro %}
        """
    )

    def __init__(self, title: str, date: str) -> None:
        super().__init__()
        self._name = "FrameCaption"
        self.title, self.date = escape(title), escape(date)
