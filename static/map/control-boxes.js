/* The boxes of the map's controls (zoom, layers, tools, search, legend) in container pixels, grown by a margin:
 * what no name on the map may cover. Read by labels.js (place names) and area-names.js (country and sea names). */
(function (L) {
  "use strict";
  L.Corridor = L.Corridor || {};

  L.Corridor.controlBoxes = function (map, marginPx) {
    var container = map.getContainer(), frame = container.getBoundingClientRect(), found = [];
    var controls = container.querySelectorAll(".leaflet-control");
    for (var i = 0; i < controls.length; i++) {
      var r = controls[i].getBoundingClientRect();
      if (r.width && r.height) {
        found.push({left: r.left - frame.left - marginPx, top: r.top - frame.top - marginPx,
          right: r.right - frame.left + marginPx, bottom: r.bottom - frame.top + marginPx});
      }
    }
    return found;
  };
})(L);
