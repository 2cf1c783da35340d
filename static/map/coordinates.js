/* The cursor's coordinates, bottom left. */
(function (L) {
  "use strict";
  L.Corridor.Coordinates = L.Control.extend({
    options: {position: "bottomleft"},

    onAdd: function (map) {
      var div = L.DomUtil.create("div", "map-coordinates");
      div.setAttribute("aria-live", "off");
      map.on("mousemove", function (event) {
        div.textContent = event.latlng.lat.toFixed(4) + "°, " + event.latlng.lng.toFixed(4) + "°";
      });
      map.on("mouseout", function () { div.textContent = ""; });
      return div;
    }
  });
})(L);
