"""folium elements whose rendered text goes into the document as it is.

branca's `MacroElement.render` wraps each rendered part (header, html, script) in a new `Element`, which compiles
that text as a Jinja template a second time before rendering it unchanged: for a GeoJSON layer that is lexing all
of its JSON again (a third of a map's build time). `RenderedOnce` adds the text itself, normalised as Jinja would
(newlines as `\\n`, one trailing newline dropped); text holding template syntax takes branca's way, so the
document is the same byte for byte either way.
"""

from __future__ import annotations

import json
import re
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

TEMPLATE_SYNTAX = ("{{", "{%", "{#")
NEWLINE = re.compile(r"(\r\n|\r|\n)")
"""Jinja's own newline pattern: what its lexer turns into `\\n`."""


DATA_BLOCK_BREAKS = re.compile(r"<(?=[/!])")
"""What could end a `<script>` data block early (`</script`) or open a comment that swallows its end (`<!--`)."""


def data_block_json(value: Any) -> Markup:
    """`value` as JSON for a `<script type="application/json">` data block: only a `<` before `/` or `!` is
    escaped (`\\u003c`), where Jinja's `tojson` escapes every `<`, `>`, `&` and `'` to six bytes each (a
    popup table is mostly HTML tags: a fifth of a single-file map); JSON.parse reads both alike."""
    return Markup(DATA_BLOCK_BREAKS.sub(r"\\u003c", json.dumps(value, ensure_ascii=False, separators=(",", ":"))))


class Text(Element):
    """Text already rendered: rendering returns it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


def rendered_element(text: str) -> Element:
    """An element rendering exactly as `Element(text)` does, without compiling `text` when it holds no template
    syntax."""
    if any(syntax in text for syntax in TEMPLATE_SYNTAX):
        return Element(text)
    lines = NEWLINE.split(text)[::2]
    if lines[-1] == "":  # Jinja drops one trailing newline (keep_trailing_newline is off)
        del lines[-1]
    return Text("\n".join(lines))


def figure_of(element: Element) -> Figure:
    """The document (branca's Figure) an element is drawn in."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise TypeError("render the element inside a Figure")
    return figure


class RenderedOnce(MacroElement):
    """A MacroElement that adds its rendered macros to the figure as text (put it after a folium class in the
    bases, so that it takes MacroElement's place in the method order)."""

    # branca's MacroElement.render returns nothing, as here; its annotation (inherited from Element) says str.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = figure_of(self)
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(rendered_element(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class GeoJsonLayer(folium.GeoJson, RenderedOnce):
    """A GeoJSON layer whose features wait in a JSON data block, added by one small script
    (static/map/deferred-layers.js) as the map is built: folium writes them into the script as a literal, which
    the browser compiles as code, several times slower than `JSON.parse` reads the same data (the overview's
    370 KB of features). Its options (pane, name, `pointToLayer`, `onEachFeature`) are folium's; every feature
    is styled by its `style` property, as folium styles a layer given no style function (the only kind drawn
    here: folium's style, highlight, tooltip and popup functions are not written)."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        {% if this.source_attribute %}
        <script type="application/json" id="{{ this.get_name() }}-data" data-src="{{ this.source_attribute }}"></script>
        {% else %}
        <script type="application/json" id="{{ this.get_name() }}-data">{{ this.data_json }}</script>
        {% endif %}
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(null, {
            {%- if this.on_each_feature %}
            onEachFeature: {{ this.on_each_feature }},
            {%- endif %}
            ...{{ this.options|tojavascript }}
        });
        {%- set add = "addDataWhenShown" if this.deferred else "addDataNow" %}
        L.Corridor.{{ add }}({{ this.get_name() }}, "{{ this.get_name() }}-data");
        {% endmacro %}
        """
    )
    deferred = False

    def __init__(self, data: dict[str, Any], **kwargs: Any) -> None:
        if any(kwargs.get(unwritten) for unwritten in ("style_function", "highlight_function", "tooltip", "popup")):
            raise TypeError("GeoJsonLayer styles features by their `style` property and writes no folium functions")
        super().__init__(data, **kwargs)
        self.source_attribute: Markup | None = None

    @property
    def data_json(self) -> Markup:
        """The features as folium wrote them into its script (`tojson`: every `<`, `>`, `&` and `'` escaped)."""
        return htmlsafe_json_dumps(self.data)


class DeferredGeoJsonLayer(GeoJsonLayer):
    """A GeoJSON layer the map opens with switched off: its features are added the first time a reader switches
    the layer on (static/map/deferred-layers.js), so a map does not pay for the data of a layer nobody looks
    at. `data` is the features, kept in the JSON data block, or the URL they are fetched from."""

    deferred = True

    def __init__(self, data: dict[str, Any] | str, **kwargs: Any) -> None:
        super().__init__(data if isinstance(data, dict) else {"type": "FeatureCollection", "features": []}, **kwargs)
        self.source_attribute = escape(data) if isinstance(data, str) else None

    @property
    def data_json(self) -> Markup:
        """The features in as few bytes as a data block allows (the single-file map's railways: 126 KB)."""
        return data_block_json(self.data)


class AttributedGroup(folium.FeatureGroup):
    """folium.FeatureGroup whose options reach Leaflet. folium writes `L.featureGroup(options)`, which Leaflet reads
    as the group's layers (its signature is `L.featureGroup(layers, options)`), so an attribution given to folium's
    group would never show."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup(null, {{ this.options|tojavascript }});
        {% endmacro %}
        """
    )
