/* Where place names go, greedily, against the real label boxes: candidate positions around each marker, tried in
 * order; the first that stays inside the map, overlaps no marker and no control, keeps NAME_GAP_PX from every other
 * name and basemap name (country, sea), stands within MAX_REACH_PX of its own marker and nearer to it than to any
 * other marker wins, and at each distance a position clear of the railway lines is preferred to one on them. Key
 * places go first and may go further out (with a leader line), slide along their marker's sides, cross a
 * neighbour's gauge-break ring, and as a last resort hide a basemap name they would cover; key places left unnamed
 * are placed first in another pass. Station names wait until the reader zooms in; on a phone's first view, town
 * and city names too, except where they fit once the key places are named (their markers drawn only then). An
 * alternative route's name goes right beside its line or nowhere. Pure (boxes and points in container pixels): labels.js measures and draws;
 * node loads this as a module for the unit tests, and `audit` measures a placement by the same rules as the
 * browser tests. */
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
  var REACH = [1, 1.6, 2.3, 3, 3.6, 4.2, 4.9, 5.6];
  var KEY_RANK = 0, STATION_RANK = 2;
  /* a map narrower than this (a phone) has room at its home view for the key places only */
  var NARROW_PX = 480;
  /* the least room between two names, or a name and a basemap name: names that touch read as one phrase */
  var NAME_GAP_PX = 3;
  var EDGE_PX = 2, CELL_PX = 6, SAME_PLACE_PX = 40, ANCHOR_OFFSETS_PX = [3, 7];
  /* the furthest a name's box may stand from its own marker's edge, and from its own line */
  var MAX_REACH_PX = 36, MAX_LINE_REACH_PX = 10;
  /* how much nearer its own marker than any other a name must be: a tie reads as either place's name */
  var CLEARLY_NEARER_PX = 2;
  /* where a line's name may sit along it: centred on a point of the line, or a quarter of its width either side */
  var LINE_SHIFTS = [0, -0.25, 0.25];
  /* how many times the names are placed over, the unnamed key places first each time */
  var PASSES = 4;
  /* a key name slides along its side (from half its length before the marker to half after it) in steps of
   * 1 / SLIDES of its length, out from its marker SLIDE_STEP_PX at a time */
  var SLIDES = 8, SLIDE_STEP_PX = 2;

  function box(left, top, width, height) {
    return {left: left, top: top, right: left + width, bottom: top + height};
  }

  function grow(b, px) {
    return {left: b.left - px, top: b.top - px, right: b.right + px, bottom: b.bottom + px};
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

  function distanceToBox(b, x, y) {
    var dx = Math.max(b.left - x, 0, x - b.right), dy = Math.max(b.top - y, 0, y - b.bottom);
    return Math.sqrt(dx * dx + dy * dy);
  }

  function gapTo(b, marker) {
    // From a name's box to a marker's edge (0 when they touch or overlap).
    return Math.max(0, distanceToBox(b, marker.x, marker.y) - marker.r);
  }

  function coincide(a, b) {
    return Math.sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)) <= Math.max(a.r, b.r);
  }

  function ownMarker(e) {
    return {x: e.point.x, y: e.point.y, r: (e.dotPx || e.markerPx) / 2};
  }

  function Markers(entries) {
    // The drawn markers (an alternative route's name has none), for "nearer its own than any other".
    this.list = entries.filter(function (e) { return e.markerPx > 0; }).map(function (e) {
      return {id: e.id, names: e.names || [e.id], x: e.point.x, y: e.point.y, r: (e.dotPx || e.markerPx) / 2,
        ring: e.markerPx / 2};
    });
  }
  Markers.prototype.nearestOther = function (b, names, own) {
    // The nearest marker of a place the name does not spell out, and its gap to the box; a marker whose centre
    // lies inside the own one's (or the own one's inside it) is one symbol to a reader, so it does not count.
    var best = null;
    this.list.forEach(function (m) {
      if (names.indexOf(m.id) >= 0 || coincide(m, own)) { return; }
      var gap = gapTo(b, m);
      if (!best || gap < best.gap) { best = {id: m.id, gap: gap}; }
    });
    return best;
  };

  Markers.prototype.outerRadius = function (own, radius) {
    // The radius of the largest symbol drawn on the spot of `own` (at least `radius`): rings count in full.
    return this.list.reduce(function (r, m) { return coincide(m, own) ? Math.max(r, m.ring) : r; }, radius);
  };

  function byPlacesNamed(e) {
    // The indexes of the ways to write a name (its sizes), in groups that name as many places, the most first.
    var groups = [], counts = [];
    e.sizes.forEach(function (size, v) {
      var count = namesOf(e, v).length, at = counts.indexOf(count);
      if (at < 0) { counts.push(count); groups.push([v]); } else { groups[at].push(v); }
    });
    return groups.map(function (g, i) { return {g: g, count: counts[i]}; })
      .sort(function (a, b) { return b.count - a.count; }).map(function (t) { return t.g; });
  }

  function nearestPoint(b, x, y) {
    return {x: Math.min(Math.max(x, b.left), b.right), y: Math.min(Math.max(y, b.top), b.bottom)};
  }

  function namesOf(e, text) {
    // The places a way of writing the name names.
    return (e.textNames && e.textNames[text]) || e.names || [e.id];
  }

  function byRank(a, b) {
    // Key places first, then the names of alternative routes, then the rest, in the server's order.
    return (a.rank - b.rank) || ((a.order || 0) - (b.order || 0));
  }

  function placeNames(entries, view, towns) {
    /* The names placed in rank order; if key places are left unnamed, again with those first (the greedy order
     * lets an earlier key name take the only room of a later one), up to PASSES times while that names more key
     * places: the placement that names the most key places wins, then the one that names the most places.
     * `towns`: places drawn only if named (on a phone's first view, the towns and cities: see namedIfRoom), placed
     * after the rest; that placement is taken where it names as many key places and one town at least. */
    var placed = placeByRank(entries, view);
    if (!towns || !towns.length) { return placed; }
    var all = entries.concat(towns.map(function (e) { return Object.assign({}, e, {ifNamed: true}); }));
    var more = placeByRank(all, view);
    var namesTown = more.some(function (p) { return p.entry.ifNamed; });
    var asManyKeys = unnamedKeys(all, more, view.size).length <= unnamedKeys(entries, placed, view.size).length;
    return namesTown && asManyKeys ? more : placed;
  }

  function placeByRank(entries, view) {
    /* In rank order; where key places are left unnamed, again with those moved first: all of them together, and
     * where that names no more, each alone (one moved up may take the only room of another), for up to PASSES
     * rounds while that names more key places; the placement that names the most key places wins, then the one
     * that names the most places. */
    var ranked = entries.slice().sort(byRank);
    var attempt = function (first) {
      var order = first.concat(ranked.filter(function (e) { return first.indexOf(e) < 0; }));
      var result = placeInOrder(order, view), unnamed = unnamedKeys(order, result, view.size);
      return {first: first, result: result, unnamed: unnamed, score: [-unnamed.length, result.length]};
    };
    var better = function (a, b) {
      return a.score[0] > b.score[0] || (a.score[0] === b.score[0] && a.score[1] > b.score[1]);
    };
    var best = attempt([]);
    for (var pass = 1; pass < PASSES && best.unnamed.length; pass++) {
      var fresh = best.unnamed.filter(function (e) { return best.first.indexOf(e) < 0; });
      if (!fresh.length) { break; }
      var round = attempt(best.first.concat(fresh));
      if (round.score[0] <= best.score[0] && fresh.length > 1) {  // together they named no more: each alone
        round = fresh.map(function (e) { return attempt(best.first.concat([e])); })
          .reduce(function (a, b) { return better(b, a) ? b : a; }, round);
      }
      var moreKeys = round.score[0] > best.score[0];
      if (better(round, best)) { best = round; }
      if (!moreKeys) { break; }  // moving the unnamed first named no more key places: it will not
    }
    return best.result;
  }

  function unnamedKeys(entries, result, size) {
    // The key places with a marker in view that no placed name names.
    var named = Object.create(null);
    result.forEach(function (p) { namesOf(p.entry, p.text).forEach(function (id) { named[id] = true; }); });
    return entries.filter(function (e) {
      return e.rank === KEY_RANK && e.markerPx > 0 && !named[e.id] && e.point.x >= 0 && e.point.y >= 0 &&
        e.point.x <= size.x && e.point.y <= size.y;
    });
  }

  function placeInOrder(entries, view) {
    /* entries: {id, rank, order, names, point, markerPx, sizes: [the ways to write the name, longest first],
     *   textNames: [for each way, the places it names (else `names`)], anchors: [points]};
     *   dotPx: the marker's own size, where markerPx also counts a ring around it;
     * view: {size: {x, y}, zoom, homeZoom, controls: [boxes], names: [basemap name boxes], lines: LineCells}.
     * Returns [{entry, box, text (index into sizes), leaderEnd (a point, or null)}] for the names placed, with
     * `hidden`: the indexes of the basemap names that key names had to cover (the caller hides them). */
    var size = view.size, lines = view.lines || new LineCells(), basemapNames = view.names || [];
    var controls = view.controls || [], placed = [], named = Object.create(null), result = [], hidden = [];
    var markers = new Markers(entries);
    var symbolBoxes = function (px) {
      return entries.filter(function (e) { return e.markerPx > 0; }).map(function (e) {
        var r = (e[px] || e.markerPx) / 2 + 1;
        return box(e.point.x - r, e.point.y - r, 2 * r, 2 * r);
      });
    };
    var markerBoxes = symbolBoxes("markerPx"), dotBoxes = symbolBoxes("dotPx");
    var rings = markers.list.map(function (m, i) { return {marker: m, box: markerBoxes[i]}; })
      .filter(function (ring) { return ring.marker.ring > ring.marker.r; });
    var walledByRing = function (e, gap) {
      // Whether another place's gauge-break ring, not drawn on this place's spot, comes within the first step of
      // the name's search: it then walls the name in, and the name may cross it.
      var own = ownMarker(e);
      return rings.some(function (ring) {
        return !coincide(ring.marker, own) && distanceToBox(ring.box, own.x, own.y) <= gap + SLIDE_STEP_PX;
      });
    };
    var within = function (e, boxes) {
      // Whether any of the boxes lies where a name of the place could reach (the search needs them only then).
      var longest = Math.max.apply(null, e.sizes.map(function (s) { return Math.max(s.width, s.height); }));
      var reach = e.markerPx + MAX_REACH_PX + longest;
      return boxes.some(function (b) { return distanceToBox(b, e.point.x, e.point.y) <= reach; });
    };
    var coverBasemap = false;
    var fits = function (b, overRings) {
      // Inside the map, clear of the controls and the markers (of their dots only, `overRings`: a gauge break's
      // ring may be crossed), and NAME_GAP_PX clear of the names placed and of the basemap names.
      if (b.left < EDGE_PX || b.top < EDGE_PX || b.right > size.x - EDGE_PX || b.bottom > size.y - EDGE_PX) {
        return false;
      }
      var hits = function (o) { return overlaps(b, o); }, spaced = grow(b, NAME_GAP_PX);
      var near = function (o) { return overlaps(spaced, o); };
      return !controls.some(hits) && !(overRings ? dotBoxes : markerBoxes).some(hits) &&
        !placed.some(near) && (coverBasemap || !basemapNames.some(near));
    };
    var byItsPlace = function (e, b, text) {
      // Within reach of its own marker and nearer to it than to any other marker.
      var own = ownMarker(e), gap = gapTo(b, own), other = markers.nearestOther(b, namesOf(e, text), own);
      return gap <= MAX_REACH_PX && (!other || other.gap >= gap + CLEARLY_NEARER_PX);
    };
    var take = function (e, b, text, leaderEnd) {
      placed.push(b);
      result.push({entry: e, box: b, text: text, leaderEnd: leaderEnd});
      namesOf(e, text).forEach(function (id) { named[id] = e.point; });
      if (coverBasemap) {
        var spaced = grow(b, NAME_GAP_PX);
        basemapNames.forEach(function (n, i) { if (overlaps(spaced, n) && hidden.indexOf(i) < 0) { hidden.push(i); } });
      }
    };
    var alongLine = function (e) {
      // A line's name (an alternative route's) goes right above or below its line, the line beside the name's
      // middle half (never off one end, where it would read as the name of whatever lies beyond), at the first
      // of its anchor points where it fits, clear of other lines if it can be.
      var anchors = e.anchors || [], size = e.sizes[0];
      for (var a = 0; a < anchors.length; a++) {
        for (var lineClear = 1; lineClear >= 0; lineClear--) {
          for (var n = 0; n < LINE_SHIFTS.length * 2 * ANCHOR_OFFSETS_PX.length; n++) {
            var shift = LINE_SHIFTS[n % LINE_SHIFTS.length] * size.width, below = Math.floor(n / LINE_SHIFTS.length) % 2;
            var off = ANCHOR_OFFSETS_PX[Math.floor(n / (2 * LINE_SHIFTS.length))];
            var b = box(anchors[a].x - size.width / 2 + shift, below ? anchors[a].y + off : anchors[a].y - off -
              size.height, size.width, size.height);
            if (fits(b) && !(lineClear && lines.crosses(b))) { take(e, b, 0, null); return true; }
          }
        }
      }
      return false;
    };
    var nearMarker = function (e) {
      /* The ways to write the name that name the most places first (one name for a crossing and both railheads
       * rather than a shorter one that leaves a railhead to be named on the same spot); among them, near the
       * marker first, the full name before a shorter one (an alias), then further out; for a key place, then
       * anywhere within reach (sliding), and last over another place's gauge-break ring (never its marker): a
       * key place inside a neighbour's ring is otherwise walled in. Out from the largest symbol drawn on the same
       * spot (a gauge break's ring around a railhead). A key name that covers a basemap name, as a last resort,
       * takes one of the fixed positions only. */
      var gap = markers.outerRadius(ownMarker(e), e.markerPx / 2) + 3;
      var tiers = byPlacesNamed(e), key = e.rank === KEY_RANK;
      for (var t = 0; t < tiers.length; t++) {
        if (around(e, tiers[t], gap) || (key && !coverBasemap && (sliding(e, tiers[t], gap, false) ||
            (walledByRing(e, gap) && sliding(e, tiers[t], gap, true))))) {
          return true;
        }
      }
      return false;
    };
    var room = function (e, b, v, overRings) {
      // 2: the name fits there clear of the lines, 1: it fits on a line, 0: it does not.
      return fits(b, overRings) && byItsPlace(e, b, v) ? (lines.crosses(b) ? 1 : 2) : 0;
    };
    var around = function (e, variants, gap) {
      var reach = e.rank === KEY_RANK ? REACH : REACH.slice(0, 1);
      for (var k = 0; k < reach.length; k++) {
        var directions = k < 2 && e.rank !== KEY_RANK ? DIRECTIONS : MORE_DIRECTIONS;
        var far = gap * reach[k] + (k ? 6 : 0), onLine = null;
        for (var i = 0; i < variants.length; i++) {
          for (var d = 0; d < directions.length; d++) {
            var x = e.point.x + directions[d][0] * far, y = e.point.y + directions[d][1] * far;
            var b = besidePoint(x, y, directions[d], e.sizes[variants[i]]), fit = room(e, b, variants[i], false);
            var leaderEnd = k ? {x: x, y: y} : null;
            if (fit === 2) { take(e, b, variants[i], leaderEnd); return true; }
            if (fit === 1 && !onLine) { onLine = [b, variants[i], leaderEnd]; }
          }
        }
        if (onLine) { take(e, onLine[0], onLine[1], onLine[2]); return true; }  // at this reach, on a line
      }
      return false;
    };
    var sliding = function (e, variants, gap, overRings) {
      // Every box that touches a circle around the marker, the marker beside any point of the box's side or up to
      // half its length beyond it (the fixed positions above only try its corners and middles), the circle
      // widened step by step to the reach; beyond the first steps, with a leader to the nearest point of the box.
      var x = e.point.x, y = e.point.y, start = gap - 2;
      for (var dist = start; dist <= start + MAX_REACH_PX; dist += SLIDE_STEP_PX) {
        var leader = dist > gap + SLIDE_STEP_PX, onLine = null;
        for (var i = 0; i < variants.length; i++) {
          var v = variants[i], w = e.sizes[v].width, h = e.sizes[v].height;
          for (var n = -SLIDES / 2; n <= SLIDES * 1.5; n++) {
            var f = n / SLIDES, boxes = [box(x + dist, y - f * h, w, h), box(x - dist - w, y - f * h, w, h),
              box(x - f * w, y - dist - h, w, h), box(x - f * w, y + dist, w, h)];
            for (var c = 0; c < boxes.length; c++) {
              var fit = room(e, boxes[c], v, overRings);
              if (fit === 2) { take(e, boxes[c], v, leader ? nearestPoint(boxes[c], x, y) : null); return true; }
              if (fit === 1 && !onLine) { onLine = [boxes[c], v]; }
            }
          }
        }
        if (onLine) { take(e, onLine[0], onLine[1], leader ? nearestPoint(onLine[0], x, y) : null); return true; }
      }
      return false;
    };
    var name = function (e) {
      return e.anchors && e.anchors.length ? alongLine(e) : nearMarker(e);
    };
    entries.forEach(function (e) {
      if (!e.ifNamed && !drawnAt(e, view.zoom, view.homeZoom, size.x)) { return; }
      var anchored = e.anchors && e.anchors.length;
      if (!anchored && (e.point.x < 0 || e.point.y < 0 || e.point.x > size.x || e.point.y > size.y)) { return; }
      var nearby = named[e.id];
      if (nearby && Math.hypot(nearby.x - e.point.x, nearby.y - e.point.y) < SAME_PLACE_PX) { return; }
      if (name(e) || e.rank !== KEY_RANK || !within(e, basemapNames)) { return; }
      coverBasemap = true;  // a key name rather than a country's or a sea's
      name(e);
      coverBasemap = false;
    });
    result.hidden = hidden;
    return result;
  }

  function drawnAt(e, zoom, homeZoom, width) {
    // Whether a place is named (and its marker drawn) at this zoom: stations only past the home view, and on a
    // map as narrow as a phone's, every place but the key ones.
    var waits = width < NARROW_PX ? KEY_RANK + 1 : STATION_RANK;
    return e.rank < waits || zoom >= homeZoom + 1;
  }

  function namedIfRoom(e, zoom, homeZoom, width) {
    // Whether a place not drawn at this zoom (drawnAt) is drawn where its name fits: on a phone's first view, a
    // town or city, so that a line does not run through places it leaves unmarked.
    return !drawnAt(e, zoom, homeZoom, width) && e.rank < STATION_RANK;
  }

  function audit(entries, placements, view) {
    /* What a reader could misread in a placement, by the rules the browser tests measure: a name further than
     * MAX_REACH_PX from its marker or nearer another marker, names closer than NAME_GAP_PX to each other or to a
     * basemap name (touching names read as one phrase), a name over a control. */
    var markers = new Markers(entries), found = [], boxes = [];
    placements.forEach(function (p) {
      var e = p.entry, names = namesOf(e, p.text);
      if (e.markerPx > 0) {
        var own = ownMarker(e), gap = gapTo(p.box, own), other = markers.nearestOther(p.box, names, own);
        if (gap > MAX_REACH_PX) { found.push(e.id + " is " + Math.round(gap) + " px from its marker"); }
        if (other && other.gap < gap + CLEARLY_NEARER_PX / 2) {
          found.push(e.id + " is nearer " + other.id + " than its own marker");
        }
      }
      var spaced = grow(p.box, NAME_GAP_PX - 0.5);
      boxes.forEach(function (b) { if (overlaps(b.box, spaced)) { found.push(e.id + " touches " + b.id); } });
      boxes.push({id: e.id, box: p.box, spaced: spaced});
    });
    var hidden = placements.hidden || [];
    ((view && view.names) || []).forEach(function (n, i) {
      if (hidden.indexOf(i) >= 0) { return; }
      boxes.forEach(function (b) { if (overlaps(b.spaced, n)) { found.push(b.id + " touches a basemap name"); } });
    });
    ((view && view.controls) || []).forEach(function (c) {
      boxes.forEach(function (b) { if (overlaps(b.box, c)) { found.push(b.id + " over a control"); } });
    });
    return found;
  }

  return {box: box, overlaps: overlaps, besidePoint: besidePoint, LineCells: LineCells, placeNames: placeNames,
    audit: audit, drawnAt: drawnAt, namedIfRoom: namedIfRoom, distanceToBox: distanceToBox, NARROW_PX: NARROW_PX, CELL_PX: CELL_PX, MAX_REACH_PX: MAX_REACH_PX, NAME_GAP_PX: NAME_GAP_PX, CLEARLY_NEARER_PX: CLEARLY_NEARER_PX,
    MAX_LINE_REACH_PX: MAX_LINE_REACH_PX};
});
