"""The map's own JavaScript: popup binding, div-icon markers, the shared corridor popup text, and the tools
(labels, offset lines, legend, permalink, search, measuring) from static/map-tools.js.

Data never enters this code: every snippet reads server-built, escaped HTML from GeoJSON properties or from
JSON that the templates emit with `tojson`.
"""

from __future__ import annotations

from functools import lru_cache

from folium.template import Template
from folium.utilities import JsCode
from markupsafe import Markup

from corridor.atlas.resources import STATIC_DIR
from corridor.maps.elements import RenderedOnce

BIND_POPUPS = JsCode(
    """function (feature, layer) {
        var p = feature.properties;
        CORRIDOR_KIT.bindFeature(feature, layer);
        if (p.popup_html) {
            layer.bindPopup(p.popup_html, CORRIDOR_KIT.popupOptions());
        }
        if (p.tooltip_html) {
            layer.bindTooltip(p.tooltip_html, {sticky: !p.icon_class, direction: "top"});
        }
    }"""
)
DIV_ICON_MARKER = JsCode(
    """function (feature, latlng) {
        var p = feature.properties;
        return L.marker(latlng, {
            icon: L.divIcon({className: p.icon_class, iconSize: p.icon_size, html: p.icon_html || ""}),
            pane: p.pane || "markerPane",
            interactive: Boolean(p.popup_html),
            keyboard: Boolean(p.popup_html),
            zIndexOffset: p.z_offset || 0
        });
    }"""
)


class SharedPopupHtml(RenderedOnce):
    """The global CORRIDOR_POPUP_HTML: each corridor's popup section once (server-built HTML, as JSON);
    BIND_POPUPS appends it to the popup of every segment of that corridor."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var CORRIDOR_POPUP_HTML = {{ this.html_by_id|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, html_by_id: dict[str, str]) -> None:
        super().__init__()
        self._name = "SharedPopupHtml"
        self.html_by_id = html_by_id


class MapKit(RenderedOnce):
    """static/map-tools.js, inline, and the map's CORRIDOR_KIT; added first, so that its offset lines are in
    place before any line is drawn."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        var CORRIDOR_KIT = CorridorMap.create({{ this._parent.get_name() }});
        window.corridorMap = {{ this._parent.get_name() }};
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapKit"
        self.code = Markup(map_tools_js())


class MapSetup(RenderedOnce):
    """The legend (server-built HTML as a JSON string; None for none), the view fitted to `bounds`
    ([[south, west], [north, east]]) beside it, labels and tools; added last, once every layer exists."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        CORRIDOR_KIT.setup({{ this.config|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, html: Markup | None, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "MapSetup"
        self.config = {"legend_html": None if html is None else str(html), "bounds": bounds}


@lru_cache(maxsize=1)
def map_tools_js() -> str:
    """The map's own script; refuses text that would close the <script> element early."""
    code = (STATIC_DIR / "map-tools.js").read_text(encoding="utf-8")
    if "</script" in code.lower():
        raise ValueError("static/map-tools.js must not contain </script")
    return code
