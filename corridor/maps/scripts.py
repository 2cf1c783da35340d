"""The map's own JavaScript: small Leaflet plugin files under static/ (one concern each, see MAP_SCRIPTS),
written inline into every map document as one classic script, so that a single-file map works from file:// and
a served one runs under a hash-only Content-Security-Policy; no build step, no bundler.

Data never enters this code: every snippet reads server-built, escaped HTML from GeoJSON properties, from the
popup table (a JSON data block) or from JSON that the templates emit with `tojson`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from folium.template import Template
from folium.utilities import JsCode
from markupsafe import Markup, escape

from corridor.atlas.resources import STATIC_DIR
from corridor.maps.elements import RenderedOnce, data_block_json

MAP_SCRIPTS = (
    "map/plain-projection.js",
    "vendor/leaflet-polylineoffset/leaflet.polylineoffset.js",
    "map/geodesy.js",
    "map/snap.js",
    "map/view-hash.js",
    "map/label-layout.js",
    "map/area-name-layout.js",
    "map/control-boxes.js",
    "map/labels.js",
    "map/area-names.js",
    "map/toolbar.js",
    "map/view-tools.js",
    "map/legend.js",
    "map/place-search.js",
    "map/measure.js",
    "map/coordinates.js",
    "map/view-link.js",
    "map/permalink.js",
    "map/popups.js",
    "map/deferred-layers.js",
    "map/hit-lines.js",
    "map/corridor-map.js",
)
"""The map's scripts under static/, in load order: Leaflet's own projection kept (for lines without an offset), the
vendored offset-line plugin, the pure parts (geodesy, view hash, label and area-name layout), the Leaflet plugins
built on them, and the file that puts them together."""
POPUP_TABLE_ID = "corridor-popup-html"
"""The id of the JSON data block that popups.js reads."""

BIND_FEATURE = JsCode(
    """function (feature, layer) {
        CORRIDOR_KIT.bindFeature(feature, layer);
    }"""
)
DIV_ICON_MARKER = JsCode(
    """function (feature, latlng) {
        var p = feature.properties;
        return L.marker(latlng, {
            icon: L.divIcon({className: p.icon_class, iconSize: p.icon_size, html: p.icon_html || ""}),
            pane: p.pane || "markerPane",
            interactive: Boolean(p.popup),
            keyboard: Boolean(p.popup),
            zIndexOffset: p.z_offset || 0
        });
    }"""
)


class PopupTable(RenderedOnce):
    """Every popup's HTML once, as a JSON data block (not script: the browser parses it only when a popup first
    opens): `features` by each feature's `popup` key, `corridors` the section a segment popup's claims link
    shows, once per corridor. Given a `source` URL, the block is empty and names it instead: popups.js fetches
    the table from there when the first popup opens, and the HTML is never built here."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        {% if this.source_attribute %}
        <script type="application/json" id="{{ this.element_id }}" data-src="{{ this.source_attribute }}"></script>
        {% else %}
        <script type="application/json" id="{{ this.element_id }}">{{ this.table_json }}</script>
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, source: str | None = None) -> None:
        super().__init__()
        self._name = "PopupTable"
        self.element_id = POPUP_TABLE_ID
        self.source_attribute = escape(source) if source is not None else None
        self.table: dict[str, dict[str, str]] = {"features": {}, "corridors": {}}

    def add(self, section: str, key: str, make_html: Callable[[], Markup]) -> str:
        """Keep the HTML `make_html` builds under `key` in `section` (unless the table is fetched from its
        source); returns the key."""
        if self.source_attribute is None:
            self.table[section][key] = str(make_html())
        return key

    @property
    def table_json(self) -> Markup:
        return data_block_json(self.table)


class MapKit(RenderedOnce):
    """The map's scripts, inline, and CORRIDOR_KIT, created before any layer is added: it sets the home view
    (fitted to `bounds`, [[south, west], [north, east]], beside the legend) so that the layers are laid out once,
    and it binds each feature's popup, tooltip and name as the layers are built. `configure` before rendering."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        var CORRIDOR_KIT = L.Corridor.map({{ this._parent.get_name() }}, {{ this.config|tojson }});
        window.corridorMap = {{ this._parent.get_name() }};
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapKit"
        self.code = Markup(map_scripts_js())
        self.config: dict[str, Any] = {"legend_html": None, "bounds": None, "limits": None}

    def configure(self, legend: Markup | None, bounds: list[list[float]], limits: dict[str, Any]) -> None:
        """The legend (server-built HTML; None for none), the bounds of the home view, and what every view stays
        within (`corridor.maps.basemap.view_limits`)."""
        self.config = {"legend_html": None if legend is None else str(legend), "bounds": bounds, "limits": limits}


class MapSetup(RenderedOnce):
    """Tools, search, the address and the names; added last, once every layer exists."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        CORRIDOR_KIT.setup();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapSetup"


@lru_cache(maxsize=1)
def map_scripts_js() -> str:
    """MAP_SCRIPTS, one after the other, our own without their comment lines (the vendored plugin as it came,
    licence header included); refuses text that would close the <script> element early."""
    parts = []
    for name in MAP_SCRIPTS:
        code = (STATIC_DIR / name).read_text(encoding="utf-8")
        if "</script" in code.lower():
            raise ValueError(f"static/{name} must not contain </script")
        parts.append(f"/* static/{name} */\n{code if name.startswith('vendor/') else without_comment_lines(code)}")
    return "\n".join(parts)


def without_comment_lines(code: str) -> str:
    """`code` less its blank lines, its `//` comment lines and its block comments that start a line (a fifth of
    the map scripts' compressed bytes, sent with every map). Sound for our plugin files, which have no template
    literals or multi-line strings: in JavaScript a line starting with `//` or `/*` outside a string is a comment."""
    kept: list[str] = []
    in_comment = False
    for line in code.splitlines():
        text = line.strip()
        if in_comment:
            in_comment = "*/" not in text
            rest = "" if in_comment else text.split("*/", 1)[1].strip()
            if rest:
                kept.append(rest)
            continue
        if text.startswith("/*"):
            rest = text[2:]
            if "*/" not in rest:
                in_comment = True
            elif rest.split("*/", 1)[1].strip():
                kept.append(line)
            continue
        if text and not text.startswith("//"):
            kept.append(line)
    return "\n".join(kept) + "\n"
