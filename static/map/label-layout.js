/* Where place names go, greedily, against the real label boxes: candidate positions around each marker, tried in
 * order; the first that stays inside the map and overlaps no other name, no marker and no control wins, and at
 * each distance a position clear of the railway lines is preferred to one on them. Key places go first and may go
 * further out (with a leader line); station names wait until the reader zooms in. Pure (boxes and points in
 * container pixels): labels.js measures and draws; node loads this as a module for the unit tests. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) { module.exports = api; } else {
    root.L.Corridor = root.L.Corridor || {};
    root.L.Corridor.labelLayout = api;
  }
})(this, function () {
  "use strict";
  /* right, left, above right, below right, above left, below left, above, below */
  var DIRECTIONS = [[1, 0], [-1, 0], [1, -1], [1, 1], [-1, -1], [-1, 1], [0, -1], [0, 1]];
  var MORE_DIRECTIONS = DIRECTIONS.concat([[1, -0.5], [1, 0.5], [-1, -0.5], [-1, 0.5], [0.5, -1], [-0.5, -1],
    [0.5, 1], [-0.5, 1]]);
  /* how far out (in marker gaps) a key place's name may go; beyond the first it takes a leader line */
  var REACH = [1, 2, 3.2, 4.6, 6.4, 8.5];
  var KEY_RANK = 0, STATION_RANK = 2;
  var EDGE_PX = 2, CELL_PX = 6, SAME_PLACE_PX = 40, ANCHOR_OFFSETS_PX = [5, 12];

  function box(left, top, width, height) {
    return {left: left, top: top, right: left + width, bottom: top + height};
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function besidePoint(x, y, direction, size) {
    // The box of `size` beside (x, y), on the side `direction` points to (centred on an axis it does not).
    var dx = direction[0], dy = direction[1];
    var left = dx > 0 ? x : dx < 0 ? x - size.width : x - size.width / 2;
    var top = dy > 0 ? y : dy < 0 ? y - size.height : y - size.height / 2;
    return box(left, top, size.width, size.height);
  }

  function LineCells(cellPx) {
    // The grid cells (cellPx square) that drawn lines pass through.
    this.cellPx = cellPx || CELL_PX;
    this.cells = Object.create(null);
  }
  LineCells.prototype.addSegment = function (a, b) {
    var steps = Math.max(1, Math.ceil(Math.sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)) / 4));
    for (var j = 0; j <= steps; j++) {
      var x = a.x + (b.x - a.x) * j / steps, y = a.y + (b.y - a.y) * j / steps;
      this.cells[Math.floor(x / this.cellPx) + ":" + Math.floor(y / this.cellPx)] = true;
    }
  };
  LineCells.prototype.crosses = function (b) {
    // Whether a line passes under the box, its 2 px margin left out.
    var size = this.cellPx;
    for (var cx = Math.floor((b.left + 2) / size); cx <= Math.floor((b.right - 2) / size); cx++) {
      for (var cy = Math.floor((b.top + 2) / size); cy <= Math.floor((b.bottom - 2) / size); cy++) {
        if (this.cells[cx + ":" + cy]) { return true; }
      }
    }
    return false;
  };

  function byRank(a, b) {
    // Key places first, then the names of alternative routes, then the rest, in the server's order.
    return (a.rank - b.rank) || ((a.order || 0) - (b.order || 0));
  }

  function placeNames(entries, view) {
    /* entries: {id, rank, order, names, point, markerPx, sizes: [full, short?], anchors: [points]};
     * view: {size: {x, y}, zoom, homeZoom, controls: [boxes], lines: LineCells}.
     * Returns [{entry, box, text (index into sizes), leaderEnd (a point, or null)}] for the names placed. */
    var size = view.size, lines = view.lines || new LineCells();
    var controls = view.controls || [], placed = [], named = Object.create(null), result = [];
    var markers = entries.map(function (e) {
      var r = e.markerPx / 2 + 1;
      return box(e.point.x - r, e.point.y - r, 2 * r, 2 * r);
    });
    var fits = function (b) {
      if (b.left < EDGE_PX || b.top < EDGE_PX || b.right > size.x - EDGE_PX || b.bottom > size.y - EDGE_PX) {
        return false;
      }
      var hits = function (o) { return overlaps(b, o); };
      return !placed.some(hits) && !controls.some(hits) && !markers.some(hits);
    };
    var take = function (e, b, text, leaderEnd) {
      placed.push(b);
      result.push({entry: e, box: b, text: text, leaderEnd: leaderEnd});
    };
    var alongLine = function (e) {
      // A line's name (an alternative route's) goes right beside the line, at the first of its anchor points
      // where it fits, clear of other lines if it can be.
      var anchors = e.anchors || [];
      for (var a = 0; a < anchors.length; a++) {
        for (var lineClear = 1; lineClear >= 0; lineClear--) {
          for (var n = 0; n < DIRECTIONS.length * ANCHOR_OFFSETS_PX.length; n++) {
            var towards = DIRECTIONS[n % DIRECTIONS.length];
            var off = ANCHOR_OFFSETS_PX[Math.floor(n / DIRECTIONS.length)];
            var b = besidePoint(anchors[a].x + towards[0] * off, anchors[a].y + towards[1] * off, towards,
              e.sizes[0]);
            if (fits(b) && !(lineClear && lines.crosses(b))) { take(e, b, 0, null); return true; }
          }
        }
      }
      return false;
    };
    var nearMarker = function (e) {
      // Near the marker first, with the full name, then a shorter one (an alias); then further out.
      var gap = e.markerPx / 2 + 3, reach = e.rank === KEY_RANK ? REACH : REACH.slice(0, 1);
      for (var k = 0; k < reach.length; k++) {
        var directions = k < 2 ? DIRECTIONS : MORE_DIRECTIONS, far = gap * reach[k] + (k ? 6 : 0);
        for (var clear = 1; clear >= 0; clear--) {
          for (var v = 0; v < e.sizes.length; v++) {
            for (var d = 0; d < directions.length; d++) {
              var x = e.point.x + directions[d][0] * far, y = e.point.y + directions[d][1] * far;
              var b = besidePoint(x, y, directions[d], e.sizes[v]);
              if (fits(b) && !(clear && lines.crosses(b))) {
                take(e, b, v, k ? {x: x, y: y} : null);
                return true;
              }
            }
          }
        }
      }
      return false;
    };
    entries.slice().sort(byRank).forEach(function (e) {
      if (e.rank >= STATION_RANK && view.zoom < view.homeZoom + 1) { return; }
      if (e.point.x < 0 || e.point.y < 0 || e.point.x > size.x || e.point.y > size.y) { return; }
      var nearby = named[e.id];
      if (nearby && Math.hypot(nearby.x - e.point.x, nearby.y - e.point.y) < SAME_PLACE_PX) { return; }
      if (alongLine(e)) { return; }
      if (nearMarker(e)) {
        (e.names || [e.id]).forEach(function (id) { named[id] = e.point; });
      }
    });
    return result;
  }

  return {box: box, overlaps: overlaps, besidePoint: besidePoint, LineCells: LineCells, placeNames: placeNames,
    CELL_PX: CELL_PX};
});
