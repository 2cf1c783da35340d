/* Dashed lines (under construction, planned, proposed) as easy to click as solid ones: a click in a gap between
 * two dashes would fall through to the map, so each dashed line gets an invisible copy, undashed and wider, drawn
 * behind every line of its pane (a solid line beside it keeps its own clicks), which hands its clicks and hovers
 * to the line (its popup and tooltip). The copy's options are pure: node loads this file as a module for the unit
 * tests. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  var L = root.L;

  L.Corridor.addHitLine = function (map, layer, feature) {
    // The hit line of `layer` (a feature's line, before it is added), or null for a solid line.
    var options = api.hitLineOptions(feature.properties.style || {}, feature.properties.segment_id);
    if (!options) { return null; }
    var hit = L.polyline(layer.getLatLngs(), L.extend(options, {pane: layer.options.pane}));
    hit.feature = feature;
    hit.on("click mouseover mousemove mouseout", function (event) { layer.fire(event.type, event, true); });
    layer.on("add", function () { hit.addTo(map).bringToBack(); });
    layer.on("remove", function () { hit.remove(); });
    return hit;
  };
})(this, function () {
  "use strict";
  var EXTRA_PX = 6, MIN_PX = 10;

  function hitLineOptions(style, segmentId) {
    // Leaflet path options of a dashed line's hit line (null when the line is solid): at the line's offset, 3 px
    // wider on each side (10 px at least), invisible (a transparent stroke still takes the pointer).
    if (!style.dashArray) { return null; }
    return {
      weight: Math.max(MIN_PX, (style.weight || 0) + EXTRA_PX), opacity: 0, fill: false, lineCap: "round",
      offset: style.offset || 0, className: "hit-line hit-line-" + segmentId, interactive: true
    };
  }

  return {hitLineOptions: hitLineOptions};
});
