/* Leaflet's own projection for every line drawn without an offset. The vendored offset-line plugin (loaded next)
 * replaces how every polyline and polygon is projected, and its projection copies each point into a new one on
 * the way, offset or not: the basemap's countries, borders and seas (thousands of points, none offset) paid for
 * that on every map and at every zoom. This file keeps Leaflet's own `_projectLatlngs` before the plugin loads;
 * `L.Corridor.offsetOnly`, called once it has (corridor-map.js), lets the plugin's projection run only for a line
 * with an offset. Node loads this as a module for the unit tests. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) { module.exports = api; } else {
    root.L.Corridor = root.L.Corridor || {};
    root.L.Corridor.offsetOnly = api.keepPlainProjection(root.L);
  }
})(this, function () {
  "use strict";

  function keepPlainProjection(L) {
    // Leaflet's projection as it is now; returns `offsetOnly`, which (once, however often called) sends every line
    // without an offset to it and the others to the projection that has replaced it since.
    var plain = L.Polyline.prototype._projectLatlngs, installed = false;
    return function offsetOnly() {
      if (installed) { return; }
      installed = true;
      var offset = L.Polyline.prototype._projectLatlngs;
      L.Polyline.include({
        _projectLatlngs: function (latlngs, result, projectedBounds) {
          (this.options.offset ? offset : plain).call(this, latlngs, result, projectedBounds);
        }
      });
    };
  }

  return {keepPlainProjection: keepPlainProjection};
});
