"""The map's own JavaScript: popup binding, div-icon markers, the shared corridor popup text and the legend.

Data never enters this code: every snippet reads server-built, escaped HTML from GeoJSON properties or from
JSON that the templates emit with `tojson`.
"""

from __future__ import annotations

from folium.elements import MacroElement
from folium.template import Template
from folium.utilities import JsCode
from markupsafe import Markup

BIND_POPUPS = JsCode(
    """function (feature, layer) {
        var p = feature.properties;
        if (p.popup_html) {
            var shared = (p.corridors || []).map(function (id) { return CORRIDOR_POPUP_HTML[id] || ""; });
            layer.bindPopup(p.popup_html + shared.join(""), {
                maxWidth: Math.min(360, window.innerWidth - 56), maxHeight: 320
            });
        }
        if (p.label_html) {
            layer.bindTooltip(p.label_html, {
                permanent: true, direction: p.label_direction || "right",
                offset: [p.label_direction === "left" ? -6 : 6, 0], className: "place-label"
            });
        } else if (p.tooltip_html) {
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


class SharedPopupHtml(MacroElement):
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


class Legend(MacroElement):
    """A Leaflet control holding server-built legend HTML (passed as a JSON string; None for no legend). It also
    fits the map to `bounds` ([[south, west], [north, east]]), leaving room beside the legend when it starts open."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var html = {{ this.html|tojson }};
            var right = 24;
            if (html) {
                var legend = L.control({position: "bottomright"});
                legend.onAdd = function () {
                    var div = L.DomUtil.create("div", "map-legend");
                    div.innerHTML = html;
                    // Small maps start with the legend folded so it does not hide the lines.
                    if (window.innerWidth < 700 || window.innerHeight < 560) {
                        div.querySelector("details").open = false;
                    }
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                legend.addTo(map);
                var box = legend.getContainer();
                right = box.querySelector("details").open ? box.offsetWidth + 24 : 24;
                // A popup needs the room more than the legend does.
                map.on("popupopen", function () { box.querySelector("details").open = false; });
            }
            map.fitBounds({{ this.bounds|tojson }}, {paddingTopLeft: [24, 24], paddingBottomRight: [right, 24]});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: Markup | None, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = None if html is None else str(html)
        self.bounds = bounds
