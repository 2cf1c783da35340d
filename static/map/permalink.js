/* The view in the address: once the map has opened, every move the reader makes is written to #zoom/lat/lon
 * (a permalink), and to the address of the page that frames the map (view-link.js) when that address holds no
 * other anchor; a changed address moves the map, and #segment=<id> zooms to that segment. */
(function (L) {
  "use strict";
  var viewHash = L.Corridor.viewHash;

  L.Corridor.viewFromAddress = function (hash) {
    var view = viewHash.parseView(hash);
    return view && {center: L.latLng(view.lat, view.lng), zoom: view.zoom};
  };

  L.Corridor.startingView = function () {
    // The view in the map's own address, else in the address of the page that frames it.
    var host = L.Corridor.hostPage();
    return L.Corridor.viewFromAddress(window.location.hash) || (host && L.Corridor.viewFromAddress(host.location.hash));
  };

  L.Corridor.followAddress = function (map, zoomToSegment) {
    map.on("moveend", function () {
      var centre = map.getCenter(), view = viewHash.formatView(map.getZoom(), centre.lat, centre.lng);
      var host = L.Corridor.hostPage();
      if (window.history && window.history.replaceState) { window.history.replaceState(null, "", view); }
      if (host && (!host.location.hash || viewHash.parseView(host.location.hash))) {
        host.history.replaceState(null, "", view);
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
