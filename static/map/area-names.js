/* Country and sea names on the offline basemap: one element each (class "country-label", with "sea-label" for a
 * sea), in a pane of their own under the lines, placed by area-name-layout.js in the visible part of their area
 * after every move, zoom and resize, before the place names are laid out around them. A name that fits nowhere
 * in view is hidden (display: none). The areas are the basemap's own polygons as Leaflet last drew them (their
 * clipped, projected rings, `_parts`); the names are Natural Earth's, written as text. */
(function (L) {
  "use strict";
  var layout = L.Corridor.areaNameLayout;
  var CONTROL_MARGIN_PX = 4;

  L.Corridor.AreaNames = L.Class.extend({
    initialize: function (map) {
      this._map = map;
      this._pane = map.createPane("area-names");
      this._pane.style.zIndex = 260;
      this._pane.style.pointerEvents = "none";
      this._entries = [];
    },

    add: function (layer, name, kind) {
      var el = L.DomUtil.create("div", "country-label" + (kind === "sea" ? " sea-label" : ""), this._pane);
      el.textContent = name;
      el.setAttribute("data-area-kind", kind);
      el.style.display = "none";
      this._entries.push({layer: layer, el: el, size: null});
    },

    start: function () {
      var self = this;
      this._map.on("moveend resize baselayerchange", function () { self.place(); });
      this._map.on("zoomstart", function () { self._pane.style.display = "none"; });
      this._map.on("zoomend", function () { self._pane.style.display = ""; });
      this.place();
    },

    place: function () {
      var map = this._map, size = map.getSize(), origin = map.containerPointToLayerPoint([0, 0]);
      var shown = this._entries.filter(function (e) { return map.hasLayer(e.layer) && e.layer._parts; });
      this._measure(shown);
      var areas = shown.map(function (e, i) {
        var rings = e.layer._parts.map(function (ring) {
          return ring.map(function (p) { return {x: p.x - origin.x, y: p.y - origin.y}; });
        });
        return {id: i, rings: rings, size: e.size};
      }).filter(function (a) { return a.rings.length; });
      var placed = layout.placeNames(areas, {width: size.x, height: size.y}, this._controls());
      this._entries.forEach(function (e) { e.el.style.display = "none"; });
      placed.forEach(function (p) {
        var e = shown[p.id];
        e.el.style.display = "block";
        L.DomUtil.setPosition(e.el, L.point(p.box.left + origin.x, p.box.top + origin.y));
      });
      map.getContainer().setAttribute("data-area-names-placed", String(placed.length));
    },

    _measure: function (entries) {
      // Every name written once, then every size read: one layout for all.
      var todo = entries.filter(function (e) { return !e.size; });
      todo.forEach(function (e) { e.el.style.display = "block"; e.el.style.visibility = "hidden"; });
      todo.forEach(function (e) { e.size = {width: e.el.offsetWidth, height: e.el.offsetHeight}; });
      todo.forEach(function (e) { e.el.style.visibility = ""; });
    },

    _controls: function () {
      var container = this._map.getContainer(), frame = container.getBoundingClientRect(), found = [];
      var controls = container.querySelectorAll(".leaflet-control");
      for (var i = 0; i < controls.length; i++) {
        var r = controls[i].getBoundingClientRect();
        if (r.width && r.height) {
          found.push({left: r.left - frame.left - CONTROL_MARGIN_PX, top: r.top - frame.top - CONTROL_MARGIN_PX,
            right: r.right - frame.left + CONTROL_MARGIN_PX, bottom: r.bottom - frame.top + CONTROL_MARGIN_PX});
        }
      }
      return found;
    }
  });
})(L);
