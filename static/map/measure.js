/* Measuring a distance: a tool bar button starts it; each click on the map adds a point, drawn along the great
 * circle, and the running geodesic total shows beside the last point; the button stops it. A click on a place's
 * marker, or within a few pixels of it (snap.js), adds the place itself. */
(function (L) {
  "use strict";
  var geodesy = L.Corridor.geodesy, snap = L.Corridor.snap;
  var LEG_STEPS = 24;

  L.Corridor.Measure = L.Class.extend({
    initialize: function (map, places) {
      this._map = map;
      this._places = places || [];  // [{name, layer}]: the markers of places (and their gauge-break rings)
      this.active = false;
    },

    _snapped: function (event) {
      // The place whose marker the click is on or near, else the point clicked.
      var map = this._map;
      var shown = this._places.filter(function (p) { return map.hasLayer(p.layer); });
      var points = shown.map(function (p) { return map.latLngToContainerPoint(p.layer.getLatLng()); });
      var found = snap.nearestWithin(points, map.latLngToContainerPoint(event.latlng));
      if (found < 0) { return {latlng: event.latlng, name: null}; }
      return {latlng: shown[found].layer.getLatLng(), name: shown[found].name};
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
      var self = this;
      this._onClick = function (event) {
        var at = self._snapped(event), latlng = at.latlng, last = points[points.length - 1];
        points.push(latlng);
        L.circleMarker(latlng, {radius: 4, weight: 2, fillOpacity: 1, interactive: false,
          className: "measure-point" + (at.name ? " measure-place" : "")}).addTo(group);
        if (last) {
          total += geodesy.geodesicMetres(last, latlng);
          geodesy.greatCircle(last, latlng, LEG_STEPS).slice(1).forEach(function (p) { path.addLatLng(p); });
        } else { path.addLatLng(latlng); }
        readout.setLatLng(latlng).addTo(group).setOpacity(1);
        readout.getElement().textContent = (at.name ? at.name + ": " : "") + geodesy.kmText(total);
        link.title = "Measured " + geodesy.kmText(total) + " (geodesic); click to stop";
      };
      this._group = group;
      // "preclick", not "click": Leaflet fires it on the map for every click, while a marker keeps its click to
      // itself and a line's popup stops the click (the invisible hit lines lie along every dashed line).
      map.on("preclick", this._onClick);
      map.closePopup();
      map.getContainer().classList.add("measuring");
      link.classList.add("active");
      this.active = true;
    },

    _stop: function (link) {
      var map = this._map;
      map.off("preclick", this._onClick);
      map.removeLayer(this._group);
      map.getContainer().classList.remove("measuring");
      link.classList.remove("active");
      this.active = false;
    }
  });
})(L);
