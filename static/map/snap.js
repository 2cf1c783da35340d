/* Snapping a click to a place: the measuring tool measures from and to the place itself when a click falls within
 * a few pixels of its marker. Pure (points in container pixels); node loads it as a module for the unit tests. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) { module.exports = api; } else {
    root.L.Corridor = root.L.Corridor || {};
    root.L.Corridor.snap = api;
  }
})(this, function () {
  "use strict";
  var SNAP_PX = 10;

  function nearestWithin(points, click, radius) {
    // The index of the point nearest to `click` no further than `radius` px (SNAP_PX when not given), else -1.
    var reach = radius === undefined ? SNAP_PX : radius, best = -1, bestDistance = Infinity;
    for (var i = 0; i < points.length; i++) {
      var dx = points[i].x - click.x, dy = points[i].y - click.y, distance = Math.sqrt(dx * dx + dy * dy);
      if (distance <= reach && distance < bestDistance) { best = i; bestDistance = distance; }
    }
    return best;
  }

  return {nearestWithin: nearestWithin, SNAP_PX: SNAP_PX};
});
