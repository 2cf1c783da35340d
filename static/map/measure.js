/* Measuring a distance: a tool bar button starts it; each click on the map adds a point, drawn along the great
 * circle, and the running geodesic total shows beside the last point; the button stops it. */
(function (L) {
  "use strict";
  var geodesy = L.Corridor.geodesy;
  var LEG_STEPS = 24;

  L.Corridor.Measure = L.Class.extend({
    initialize: function (map) {
      this._map = map;
      this.active = false;
    },

    addTo: function (toolbar) {
      var self = this;
      toolbar.addButton("measure", "Measure a distance (geodesic): click points, click here to stop",
        function (link) { self.toggle(link); });
      return this;
    },

    toggle: function (link) {
      if (this.active) { this._stop(link); } else { this._start(link); }
    },

    _start: function (link) {
      var map = this._map, points = [], total = 0;
      var group = L.layerGroup().addTo(map);
      // Colours from map.css (.measure-line, .measure-point), like every colour of the map's own drawing.
      var path = L.polyline([], {weight: 2, dashArray: "6 4", interactive: false,
        className: "measure-line"}).addTo(group);
      var readout = L.marker(map.getCenter(), {interactive: false, opacity: 0,
        icon: L.divIcon({className: "measure-readout", html: "", iconSize: null})});
      this._onClick = function (event) {
        var last = points[points.length - 1];
        points.push(event.latlng);
        L.circleMarker(event.latlng, {radius: 4, weight: 2, fillOpacity: 1, className: "measure-point",
          interactive: false}).addTo(group);
        if (last) {
          total += geodesy.geodesicMetres(last, event.latlng);
          geodesy.greatCircle(last, event.latlng, LEG_STEPS).slice(1).forEach(function (p) { path.addLatLng(p); });
        } else { path.addLatLng(event.latlng); }
        readout.setLatLng(event.latlng).addTo(group).setOpacity(1);
        readout.getElement().textContent = geodesy.kmText(total);
        link.title = "Measured " + geodesy.kmText(total) + " (geodesic); click to stop";
      };
      this._group = group;
      map.on("click", this._onClick);
      map.closePopup();
      map.getContainer().classList.add("measuring");
      link.classList.add("active");
      this.active = true;
    },

    _stop: function (link) {
      var map = this._map;
      map.off("click", this._onClick);
      map.removeLayer(this._group);
      map.getContainer().classList.remove("measuring");
      link.classList.remove("active");
      this.active = false;
    }
  });
})(L);
