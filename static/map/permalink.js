/* The view in the address: once the map has opened, every move the reader makes is written to #zoom/lat/lon
 * (a permalink); a changed address moves the map, and #segment=<id> zooms to that segment. */
(function (L) {
  "use strict";
  var viewHash = L.Corridor.viewHash;

  L.Corridor.viewFromAddress = function (hash) {
    var view = viewHash.parseView(hash);
    return view && {center: L.latLng(view.lat, view.lng), zoom: view.zoom};
  };

  L.Corridor.followAddress = function (map, zoomToSegment) {
    map.on("moveend", function () {
      var centre = map.getCenter();
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", viewHash.formatView(map.getZoom(), centre.lat, centre.lng));
      }
    });
    window.addEventListener("hashchange", function () {
      var view = L.Corridor.viewFromAddress(window.location.hash);
      var segment = viewHash.parseSegment(window.location.hash);
      if (view) { map.setView(view.center, view.zoom); }
      if (segment) { zoomToSegment(segment); }
    });
  };
})(L);
