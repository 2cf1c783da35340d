/* The legend (server-built HTML in a <details>), bottom right; a tall legend on a wide map is set in two columns,
 * small maps start with it folded so that it hides no line (as does a route map where another corridor's line runs
 * under it: `covers`), and it folds when a popup opens, which needs the room more. */
(function (L) {
  "use strict";
  L.Corridor.Legend = L.Control.extend({
    options: {position: "bottomright"},

    initialize: function (html, options) {
      L.setOptions(this, options);
      this._html = html;
    },

    onAdd: function (map) {
      var div = L.DomUtil.create("div", "map-legend");
      div.innerHTML = this._html;  // built and escaped on the server
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      var details = div.querySelector("details"), self = this;
      // The map makes room (names placed again) when a reader opens or folds the legend; not for the toggle
      // event the browser sends for `<details open>` as it is parsed, nor for a fold before the first layout.
      this._open = details.open;
      details.addEventListener("toggle", function () {
        if (details.open === self._open) { return; }
        self._open = details.open;
        map.fire("resize");
      });
      map.on("popupopen", function () { details.open = false; });
      return div;
    },

    foldIfLarge: function () {
      // Taller than 80 % of the map in one column: in two, side by side, where the map is wide enough for them
      // (a route map on a laptop); folded when it would still take more than 40 % of the width or 80 % of the
      // height (a phone). Two columns are wider than one (37em against at most 20em, map.css), so a legend
      // already too wide in one is folded without trying them: one layout of the legend instead of two.
      var box = this.getContainer(), size = this._map.getSize();
      var tall = function () { return box.offsetHeight > size.y * 0.8; };
      var wide = function () { return box.offsetWidth > size.x * 0.4; };
      var fold = wide() || tall();
      if (tall() && !wide()) {
        L.DomUtil.addClass(box, "legend-columns");
        fold = wide() || tall();
        if (fold) { L.DomUtil.removeClass(box, "legend-columns"); }
      }
      if (fold) { this.isOpen(false); }
    },

    covers: function (layers, box) {
      // Whether the legend's box (`box`: container pixels, as read when the home view was framed; the legend has
      // not moved since, so reading it again would only lay out every line and marker added since) lies over any
      // of the polylines `layers` at the current view. A line whose bounds miss the box is skipped unprojected.
      var map = this._map;
      return layers.some(function (layer) {
        var bounds = layer.getBounds();
        if (!box.intersects(L.bounds(map.latLngToContainerPoint(bounds.getSouthWest()),
          map.latLngToContainerPoint(bounds.getNorthEast())))) { return false; }
        var parts = L.LineUtil.isFlat(layer.getLatLngs()) ? [layer.getLatLngs()] : layer.getLatLngs();
        return parts.some(function (part) {
          var points = part.map(function (latLng) { return map.latLngToContainerPoint(latLng); });
          for (var i = 1; i < points.length; i++) {
            if (L.LineUtil.clipSegment(points[i - 1], points[i], box)) { return true; }
          }
          return false;
        });
      });
    },

    isOpen: function (open) {
      var details = this.getContainer().querySelector("details");
      if (open !== undefined) { details.open = this._open = open; }
      return details.open;
    }
  });
})(L);
