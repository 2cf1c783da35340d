/* The map's address: `#zoom/lat/lon` is a view (a permalink the map keeps up to date as the reader moves),
 * `#segment=<id>` a segment to zoom to (the page's segments table links its rows there). Pure: node loads it as a
 * module for the unit tests. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) { module.exports = api; } else {
    root.L.Corridor = root.L.Corridor || {};
    root.L.Corridor.viewHash = api;
  }
})(this, function () {
  "use strict";
  var VIEW = /^#(\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/;
  var SEGMENT = /^#segment=([a-z0-9-]+)$/;
  var MAX_ZOOM = 19;

  function parseView(hash) {
    // {zoom, lat, lng} for a well-formed view on the globe, else null.
    var match = VIEW.exec(hash || "");
    if (!match) { return null; }
    var zoom = parseFloat(match[1]), lat = parseFloat(match[2]), lng = parseFloat(match[3]);
    if (zoom > MAX_ZOOM || Math.abs(lat) > 90 || Math.abs(lng) > 180) { return null; }
    return {zoom: zoom, lat: lat, lng: lng};
  }

  function formatView(zoom, lat, lng) {
    // Zoom to a hundredth, the centre to four decimals (about 11 m).
    return "#" + (Math.round(zoom * 100) / 100) + "/" + lat.toFixed(4) + "/" + lng.toFixed(4);
  }

  function parseSegment(hash) {
    var match = SEGMENT.exec(hash || "");
    return match ? match[1] : null;
  }

  return {parseView: parseView, formatView: formatView, parseSegment: parseSegment};
});
