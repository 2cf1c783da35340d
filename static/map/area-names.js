/* Country and sea names on the offline basemap: one element each (class "country-label", with "sea-label" for a
 * sea), in a pane of their own under the lines, placed by area-name-layout.js in the visible part of their area
 * after every move, zoom and resize, before the place names are laid out around them. A name that fits nowhere
 * in view is hidden (display: none). The areas are the basemap's own polygons, as Leaflet projected them for
 * this zoom (`_rings`), cut to the view; the names are Natural Earth's, written as text. */
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
      var shown = this._entries.filter(function (e) { return map.hasLayer(e.layer) && e.layer._rings; });
      this._measure(shown);
      var areas = shown.map(function (e, i) {
        var rings = e.layer._rings.map(function (ring) {
          return L.PolyUtil.clipPolygon(ring, view).map(function (p) { return {x: p.x - origin.x, y: p.y - origin.y}; });
        }).filter(function (ring) { return ring.length > 2; });
        return {id: i, rings: rings, sizes: e.sizes};
      }).filter(function (a) { return a.rings.length; });
      var placed = layout.placeNames(areas, {width: size.x, height: size.y}, this._controls());
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
      // Each name's size in one line and with its words one under another ("wrapped"), once: every name
      // written, then every size read, so one layout for each of the two.
      var todo = entries.filter(function (e) { return !e.sizes; });
      var read = function (e) { e.sizes.push({width: e.el.offsetWidth, height: e.el.offsetHeight}); };
      todo.forEach(function (e) { e.sizes = []; e.el.style.display = "block"; e.el.style.visibility = "hidden"; });
      todo.forEach(read);
      todo.forEach(function (e) { e.el.classList.add("wrapped"); });
      todo.forEach(read);
      todo.forEach(function (e) { e.el.classList.remove("wrapped"); e.el.style.visibility = ""; });
    },

    _controls: function () {
      return L.Corridor.controlBoxes(this._map, CONTROL_MARGIN_PX);
    }
  });
})(L);
