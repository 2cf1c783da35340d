/* Country and sea names on the offline basemap: one element each (class "country-label", with "sea-label" for a
 * sea), in a pane of their own under the lines, placed by area-name-layout.js in the visible part of their area
 * after every move, zoom and resize, before the place names are laid out around them. A name that fits nowhere
 * in view is hidden (display: none). The areas are the basemap's own polygons, as Leaflet projected them for
 * this zoom (`_rings`), cut to the view; the names are Natural Earth's, written as text. Each name is measured
 * once, by the canvas's text metrics in the font the stylesheet gives it, so placing names lays nothing out. */
(function (L) {
  "use strict";
  var layout = L.Corridor.areaNameLayout;
  var CONTROL_MARGIN_PX = 4;

  function textStyle(pane, className) {
    // The text style of a name of this class, in one line and wrapped: one probe element each, read together (one
    // style calculation, no layout).
    var probes = [className, className + " wrapped"].map(function (name) {
      var probe = L.DomUtil.create("div", name, pane);
      probe.style.display = "none";
      return probe;
    });
    var read = probes.map(function (probe) { return window.getComputedStyle(probe); }), style = read[0];
    var fontSize = parseFloat(style.fontSize);
    var lineHeight = function (s) {
      // Chromium resolves a number to pixels; "normal" (which map.css never leaves) is about 1.2.
      var value = parseFloat(s.lineHeight);
      return /px$/.test(s.lineHeight) ? value : (isNaN(value) ? 1.2 : value) * fontSize;
    };
    var found = {
      font: [style.fontStyle, style.fontWeight, style.fontSize, style.fontFamily].join(" "),
      spacing: parseFloat(style.letterSpacing) || 0, upper: style.textTransform === "uppercase",
      lineHeight: lineHeight(style), wrappedLineHeight: lineHeight(read[1])
    };
    probes.forEach(function (probe) { L.DomUtil.remove(probe); });
    return found;
  }

  function textWidth(context, style, text) {
    // As the browser lays the text out: letter spacing after every character, the last included.
    context.font = style.font;
    return context.measureText(text).width + style.spacing * Array.from(text).length;
  }

  function oneLineSize(context, style, text) {
    var shown = style.upper ? text.toUpperCase() : text;
    return {width: Math.ceil(textWidth(context, style, shown)), height: Math.ceil(style.lineHeight)};
  }

  function wrappedSize(context, style, text) {
    // "width: min-content": as wide as the widest word; the words then fill the lines in order.
    var words = (style.upper ? text.toUpperCase() : text).trim().split(/\s+/);
    var width = Math.max.apply(null, words.map(function (w) { return textWidth(context, style, w); }));
    var lines = 1, line = words[0];
    words.slice(1).forEach(function (word) {
      var longer = line + " " + word;
      if (textWidth(context, style, longer) <= width) { line = longer; } else { lines += 1; line = word; }
    });
    return {width: Math.ceil(width), height: Math.ceil(lines * style.wrappedLineHeight)};
  }

  L.Corridor.AreaNames = L.Class.extend({
    initialize: function (map) {
      this._map = map;
      this._pane = map.createPane("area-names");
      this._pane.style.zIndex = 260;
      this._pane.style.pointerEvents = "none";
      this._entries = [];
      // The boxes of the places' markers drawn at the view (corridor-map.js sets it): no name covers a marker.
      this.symbols = function () { return []; };
      // The names' text styles, read while the page holds little more than the map: one cheap style calculation.
      this._styles = {country: textStyle(this._pane, "country-label"), sea: textStyle(this._pane, "country-label sea-label")};
    },

    add: function (layer, name, kind) {
      var el = L.DomUtil.create("div", "country-label" + (kind === "sea" ? " sea-label" : ""), this._pane);
      el.textContent = name;
      el.setAttribute("data-area-kind", kind);
      el.style.display = "none";
      this._entries.push({layer: layer, el: el, sizes: null});
    },

    start: function () {
      // Placed in the next frame: after a jump, Leaflet fires "viewreset" (and projects the polygons again) only
      // after "moveend". Queued before the place names' own frame (labels.js starts later), so they see these.
      var self = this, pending = false;
      this._map.on("moveend resize baselayerchange", function () {
        if (pending) { return; }
        pending = true;
        L.Util.requestAnimFrame(function () { pending = false; self.place(); });
      });
      this._map.on("zoomstart", function () { self._pane.style.display = "none"; });
      this._map.on("zoomend", function () { self._pane.style.display = ""; });
      this.place();
    },

    place: function () {
      var map = this._map, size = map.getSize(), origin = map.containerPointToLayerPoint([0, 0]);
      var view = L.bounds(origin, origin.add(size));
      var shown = this._entries.filter(function (e) {
        // An area whose bounds miss the view has nothing to clip (Leaflet keeps the projected bounds: _pxBounds).
        return map.hasLayer(e.layer) && e.layer._rings && e.layer._pxBounds && view.intersects(e.layer._pxBounds);
      });
      this._measure(shown);
      var areas = shown.map(function (e, i) {
        var rings = e.layer._rings.map(function (ring) {
          return L.PolyUtil.clipPolygon(ring, view).map(function (p) { return {x: p.x - origin.x, y: p.y - origin.y}; });
        }).filter(function (ring) { return ring.length > 2; });
        return {id: i, rings: rings, sizes: e.sizes};
      }).filter(function (a) { return a.rings.length; });
      var placed = layout.placeNames(areas, {width: size.x, height: size.y}, this._controls().concat(this.symbols()));
      this._entries.forEach(function (e) { e.el.style.display = "none"; });
      placed.forEach(function (p) {
        var e = shown[p.id];
        e.el.style.display = "block";
        e.el.classList.toggle("wrapped", p.variant === 1);
        L.DomUtil.setPosition(e.el, L.point(p.box.left + origin.x, p.box.top + origin.y));
      });
      var centre = map.getCenter();
      map.getContainer().setAttribute("data-area-names-placed", String(placed.length));
      map.getContainer().setAttribute("data-area-names-view",
        L.Corridor.viewHash.formatView(map.getZoom(), centre.lat, centre.lng));
    },

    _measure: function (entries) {
      // Each name's size in one line and with its words one under another ("wrapped"), once, from the font the
      // stylesheet gives it and the canvas's text metrics: no layout of the page (reading an element's size would
      // lay out every line and marker added so far), and none for the names never shown.
      var todo = entries.filter(function (e) { return !e.sizes; });
      if (!todo.length) { return; }
      var styles = this._styles, context = document.createElement("canvas").getContext("2d");
      todo.forEach(function (e) {
        var style = styles[e.el.getAttribute("data-area-kind") === "sea" ? "sea" : "country"], wrapped = null;
        e.sizes = [oneLineSize(context, style, e.el.textContent)];
        // The wrapped size when the layout first asks for it: only a name that fits nowhere in one line needs it.
        Object.defineProperty(e.sizes, 1, {enumerable: true, get: function () {
          return wrapped || (wrapped = wrappedSize(context, style, e.el.textContent));
        }});
      });
    },

    _controls: function () {
      return L.Corridor.controlBoxes(this._map, CONTROL_MARGIN_PX);
    }
  });
})(L);
