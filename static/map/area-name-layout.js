/* Where a country's or a sea's name goes: inside the part of its area that is in view, as far from the area's
 * outline and the view's edges as it can be (sampled on a grid: the pole of inaccessibility of the visible part),
 * clear of the names already placed and of the map's controls. So a country is named wherever it is in view, at
 * every zoom: the whole country's middle when it is all in view, the middle of its visible part when it is not.
 * Pure (rings, points and boxes in container pixels): area-names.js measures and draws; node loads this as a
 * module for the unit tests. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) { module.exports = api; } else {
    root.L.Corridor = root.L.Corridor || {};
    root.L.Corridor.areaNameLayout = api;
  }
})(this, function () {
  "use strict";
  var SAMPLES = 400;      /* grid points tried in the visible part of one area */
  var MIN_STEP_PX = 6;
  var CANDIDATES = 12;    /* best-placed points tried against the names already placed */
  var EDGE_PX = 4;        /* a name keeps this far inside the view */
  var EDGE_CHUNK = 16;    /* edges per run in the nearest-edge search */

  function crossings(rings, y) {
    // Where the edges of every ring cross the horizontal line at y, sorted: the even-odd rule for every point of
    // that line at once (holes and the several parts of a country alike), so a row of the grid costs one pass.
    var found = [];
    for (var r = 0; r < rings.length; r++) {
      var ring = rings[r];
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var a = ring[i], b = ring[j];
        if ((a.y > y) !== (b.y > y)) { found.push((b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x); }
      }
    }
    return found.sort(function (p, q) { return p - q; });
  }

  function insideRow(row, x) {
    // Inside when an odd number of the line's crossings (from `crossings`) lie right of x.
    var low = 0, high = row.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (row[middle] > x) { high = middle; } else { low = middle + 1; }
    }
    return (row.length - low) % 2 === 1;
  }

  function inside(rings, x, y) {
    return insideRow(crossings(rings, y), x);
  }

  function edgeChunks(rings) {
    // The rings' edges in runs of EDGE_CHUNK, each with its box: a run whose box is further from a point than the
    // nearest edge found so far holds no nearer one.
    var chunks = [];
    rings.forEach(function (ring) {
      for (var start = 0; start < ring.length; start += EDGE_CHUNK) {
        var edges = [], box = {left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity};
        for (var i = start; i < Math.min(ring.length, start + EDGE_CHUNK); i++) {
          var a = ring[i === 0 ? ring.length - 1 : i - 1], b = ring[i];
          edges.push(a, b);
          box.left = Math.min(box.left, a.x, b.x); box.right = Math.max(box.right, a.x, b.x);
          box.top = Math.min(box.top, a.y, b.y); box.bottom = Math.max(box.bottom, a.y, b.y);
        }
        chunks.push({edges: edges, box: box});
      }
    });
    return chunks;
  }

  function edgeDistance(chunks, x, y) {
    // The distance from (x, y) to the nearest edge of any ring (`chunks` from edgeChunks).
    var best = Infinity;
    for (var c = 0; c < chunks.length; c++) {
      var box = chunks[c].box, edges = chunks[c].edges;
      var bx = Math.max(box.left - x, 0, x - box.right), by = Math.max(box.top - y, 0, y - box.bottom);
      if (bx * bx + by * by > best) { continue; }
      for (var k = 0; k < edges.length; k += 2) {
        var a = edges[k], b = edges[k + 1], dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
        var t = length2 ? Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / length2)) : 0;
        var ex = a.x + t * dx - x, ey = a.y + t * dy - y, d2 = ex * ex + ey * ey;
        if (d2 < best) { best = d2; }
      }
    }
    return Math.sqrt(best);
  }

  function ringsBox(rings) {
    var b = {left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity};
    rings.forEach(function (ring) {
      ring.forEach(function (p) {
        b.left = Math.min(b.left, p.x); b.right = Math.max(b.right, p.x);
        b.top = Math.min(b.top, p.y); b.bottom = Math.max(b.bottom, p.y);
      });
    });
    return b;
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function labelBox(x, y, size) {
    return {left: x - size.width / 2, top: y - size.height / 2, right: x + size.width / 2, bottom: y + size.height / 2};
  }

  function fits(rows, box) {
    // The name's corners and the middles of its long sides inside the area (`rows`: the crossings of the lines
    // through its top and its bottom).
    var midX = (box.left + box.right) / 2;
    return [box.left, box.right, midX].every(function (x) { return insideRow(rows.top, x) && insideRow(rows.bottom, x); });
  }

  function candidates(rings, view, size) {
    // Points where the whole name is inside the area and the view, best (furthest from any edge) first.
    var area = ringsBox(rings);
    var left = Math.max(area.left, EDGE_PX + size.width / 2), right = Math.min(area.right, view.width - EDGE_PX - size.width / 2);
    var top = Math.max(area.top, EDGE_PX + size.height / 2), bottom = Math.min(area.bottom, view.height - EDGE_PX - size.height / 2);
    if (left > right || top > bottom) { return []; }
    var step = Math.max(MIN_STEP_PX, Math.sqrt((right - left + 1) * (bottom - top + 1) / SAMPLES));
    var found = [], chunks = null;
    for (var y = top + ((bottom - top) % step) / 2; y <= bottom; y += step) {
      var row = crossings(rings, y), rows = null;
      for (var x = left + ((right - left) % step) / 2; x <= right; x += step) {
        if (!insideRow(row, x)) { continue; }
        var box = labelBox(x, y, size);
        rows = rows || {top: crossings(rings, box.top), bottom: crossings(rings, box.bottom)};
        if (!fits(rows, box)) { continue; }
        chunks = chunks || edgeChunks(rings);
        var room = Math.min(edgeDistance(chunks, x, y), x, view.width - x, y, view.height - y);
        found.push({x: x, y: y, box: box, room: room});
      }
    }
    // Most room first; among equals (the room of a wide area is its height), nearest the visible part's middle.
    var midX = 0, midY = 0;
    found.forEach(function (c) { midX += c.x / found.length; midY += c.y / found.length; });
    found.forEach(function (c) { c.off = Math.abs(c.x - midX) + Math.abs(c.y - midY); });
    found.sort(function (a, b) { return Math.round(b.room) - Math.round(a.room) || a.off - b.off; });
    return found.slice(0, CANDIDATES);
  }

  function options(area, view) {
    // Where the name fits in one line, else (a narrow visible part) in its words one under another.
    var sizes = area.sizes || [area.size];
    for (var i = 0; i < sizes.length; i++) {
      var found = candidates(area.rings, view, sizes[i]);
      if (found.length) {
        found.forEach(function (c) { c.variant = i; });
        return found;
      }
    }
    return [];
  }

  function placeNames(areas, view, obstacles) {
    // areas: [{id, rings, sizes: [one line, wrapped]}] (or one `size`), view: {width, height}, obstacles: boxes no
    // name may cover (controls). Returns [{id, x, y, box, variant}]: the names that fit, the areas with the most
    // room first.
    var taken = obstacles.slice(), placed = [];
    var ranked = areas.map(function (area) {
      return {area: area, options: options(area, view)};
    }).filter(function (r) { return r.options.length; });
    ranked.sort(function (a, b) { return b.options[0].room - a.options[0].room; });
    ranked.forEach(function (r) {
      var free = r.options.filter(function (o) {
        return !taken.some(function (t) { return overlaps(o.box, t); });
      })[0];
      if (free) {
        taken.push(free.box);
        placed.push({id: r.area.id, x: free.x, y: free.y, box: free.box, variant: free.variant});
      }
    });
    return placed;
  }

  return {placeNames: placeNames, candidates: candidates, inside: inside};
});
