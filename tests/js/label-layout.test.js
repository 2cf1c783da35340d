"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const layout = require("../../static/map/label-layout.js");

const VIEW = {size: {x: 800, y: 600}, zoom: 6, homeZoom: 6, controls: []};
const NAME = {width: 60, height: 14};

function place(id, x, y, extra) {
  return Object.assign({id: id, rank: 0, order: 0, names: [id], point: {x: x, y: y}, markerPx: 10,
    sizes: [NAME]}, extra || {});
}

function noOverlaps(boxes) {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (layout.overlaps(boxes[i], boxes[j])) { return false; }
    }
  }
  return true;
}

test("boxes overlap when they share area, not when they only touch", () => {
  const a = layout.box(0, 0, 10, 10);
  assert.ok(layout.overlaps(a, layout.box(5, 5, 10, 10)));
  assert.ok(!layout.overlaps(a, layout.box(10, 0, 10, 10)));
  assert.ok(!layout.overlaps(a, layout.box(0, 10, 10, 10)));
  assert.ok(layout.overlaps(a, layout.box(2, 2, 2, 2)));
});

test("a box beside a point lies on the side its direction points to, centred on the other axis", () => {
  assert.deepEqual(layout.besidePoint(100, 50, [1, 0], NAME), {left: 100, top: 43, right: 160, bottom: 57});
  assert.deepEqual(layout.besidePoint(100, 50, [-1, -1], NAME), {left: 40, top: 36, right: 100, bottom: 50});
  assert.deepEqual(layout.besidePoint(100, 50, [0, 1], NAME), {left: 70, top: 50, right: 130, bottom: 64});
});

test("a lone name goes right of its marker, clear of it", () => {
  const [placed] = layout.placeNames([place("herat", 400, 300)], VIEW);
  assert.equal(placed.entry.id, "herat");
  assert.equal(placed.box.left, 400 + 8);  // half the 10 px marker and a 3 px gap
  assert.equal(placed.leaderEnd, null);
  assert.ok(!layout.overlaps(placed.box, layout.box(394, 294, 12, 12)));
});

test("a name at the right edge goes left rather than out of the map", () => {
  const [placed] = layout.placeNames([place("edge", 780, 300)], VIEW);
  assert.ok(placed.box.right <= 798 && placed.box.right <= 780, placed.box);
});

test("crowded names never overlap each other, any marker or a control", () => {
  const entries = [], controls = [layout.box(0, 0, 60, 120)];
  for (let i = 0; i < 40; i++) { entries.push(place("p" + i, 50 + (i % 8) * 90, 60 + Math.floor(i / 8) * 22)); }
  const placed = layout.placeNames(entries, Object.assign({}, VIEW, {controls: controls}));
  const boxes = placed.map((p) => p.box);
  assert.ok(placed.length > 10, placed.length);
  assert.ok(noOverlaps(boxes));
  for (const b of boxes) {
    assert.ok(!layout.overlaps(b, controls[0]), "covers a control");
    for (const e of entries) {
      assert.ok(!layout.overlaps(b, layout.box(e.point.x - 6, e.point.y - 6, 12, 12)), "covers a marker");
    }
  }
});

test("key places are placed before the others whatever their order", () => {
  const minor = place("minor", 400, 300, {rank: 1});
  const key = place("key", 400, 340, {rank: 0});
  const placed = layout.placeNames([minor, key], VIEW);
  assert.equal(placed[0].entry.id, "key");
});

test("a key place that has no room nearby is named further out, with a leader line", () => {
  // Controls wall in the room right beside the marker on every side.
  const key = place("key", 400, 300);
  const walls = [layout.box(300, 280, 80, 40), layout.box(408, 280, 100, 40), layout.box(380, 250, 40, 42),
    layout.box(380, 308, 40, 40)];
  const [named] = layout.placeNames([key], Object.assign({}, VIEW, {controls: walls}));
  assert.equal(named.entry.id, "key");
  assert.ok(named.leaderEnd, "further out, so with a leader line");
  assert.ok(walls.every((w) => !layout.overlaps(named.box, w)));
});

test("a minor place with no room beside its marker goes unnamed rather than far away", () => {
  const minor = place("minor", 400, 300, {rank: 1});
  const walls = [layout.box(300, 280, 80, 40), layout.box(408, 280, 100, 40), layout.box(380, 250, 40, 42),
    layout.box(380, 308, 40, 40)];
  assert.equal(layout.placeNames([minor], Object.assign({}, VIEW, {controls: walls})).length, 0);
});

test("a short name (an alias) is used where only it fits", () => {
  const long = {width: 900, height: 14}, short = {width: 40, height: 14};  // wider than the map
  const [placed] = layout.placeNames([place("port", 400, 300, {sizes: [long, short], rank: 1})], VIEW);
  assert.equal(placed.text, 1);
});

test("stations are named only once the reader zooms in past the home view", () => {
  const station = place("station", 400, 300, {rank: 2});
  assert.equal(layout.placeNames([station], VIEW).length, 0);
  assert.equal(layout.placeNames([station], Object.assign({}, VIEW, {zoom: 7})).length, 1);
});

test("markers outside the map are not named", () => {
  assert.equal(layout.placeNames([place("away", -10, 300), place("below", 400, 700)], VIEW).length, 0);
});

test("a place already named in a neighbour's label within 40 px is not named again", () => {
  const pair = place("torghundi", 400, 300, {names: ["torghundi", "serhetabat"]});
  const other = place("serhetabat", 420, 310, {order: 1});
  const placed = layout.placeNames([pair, other], VIEW);
  assert.deepEqual(placed.map((p) => p.entry.id), ["torghundi"]);
});

test("a name keeps off the lines where it can", () => {
  const lines = new layout.LineCells(6);
  lines.addSegment({x: 400, y: 280}, {x: 600, y: 320});  // under the first choice, right of the marker
  const [placed] = layout.placeNames([place("p", 400, 300)], Object.assign({}, VIEW, {lines: lines}));
  assert.ok(!lines.crosses(placed.box), placed.box);
});

test("an alternative route's name goes centred above the first anchor on its line where it fits (not one off the map)", () => {
  const variant = place("via", 0, 0, {markerPx: 0, anchors: [{x: 1000, y: 5}, {x: 300, y: 300}]});
  const [placed] = layout.placeNames([variant], VIEW);
  assert.deepEqual([placed.box.left, placed.box.top], [300 - 30, 300 - 3 - 14]);
});

test("an alternative route's name is never written off the end of its line: the line stays beside its middle", () => {
  const walls = [layout.box(200, 250, 200, 40), layout.box(200, 310, 200, 40)];  // no room above or below
  const variant = place("via", 300, 300, {markerPx: 0, anchors: [{x: 300, y: 300}]});
  assert.equal(layout.placeNames([variant], Object.assign({}, VIEW, {controls: walls})).length, 0);
});

test("a name never stands nearer another marker than its own", () => {
  // A neighbour 14 px to the right: the first choice (right of the marker) would be nearer to it.
  const entries = [place("own", 400, 300), place("neighbour", 414, 300, {rank: 1, order: 1})];
  const placed = layout.placeNames(entries, VIEW);
  const own = placed.find((p) => p.entry.id === "own");
  assert.ok(own.box.right <= 400, own.box);
  assert.deepEqual(layout.audit(entries, placed, VIEW), []);
});

test("a key name goes no further than MAX_REACH_PX from its marker, and is left out rather than further", () => {
  const key = place("key", 400, 300);
  // Room only beyond the walls, more than MAX_REACH_PX away.
  const walls = [layout.box(250, 150, 300, 135), layout.box(250, 315, 300, 135), layout.box(250, 285, 130, 30),
    layout.box(420, 285, 130, 30)];
  assert.ok(250 < 400 - layout.MAX_REACH_PX - 60);
  assert.equal(layout.placeNames([key], Object.assign({}, VIEW, {controls: walls})).length, 0);
});

test("names keep off basemap names; a key name with no other room hides the one it covers", () => {
  const country = layout.box(380, 250, 200, 100);
  const view = Object.assign({}, VIEW, {names: [country]});
  const [minor] = layout.placeNames([place("town", 500, 300, {rank: 1})], view);
  assert.equal(minor, undefined, "a town's name inside a country name is left out");
  const placed = layout.placeNames([place("port", 500, 300)], view);
  assert.equal(placed.length, 1);
  assert.deepEqual(placed.hidden, [0], "the country name gives way to a key place's");
  assert.deepEqual(layout.audit([place("port", 500, 300)], placed, view), []);
});

test("a way of writing a name names its own places: a crossing written as its railheads names them too", () => {
  const crossing = place("bridge", 400, 300, {names: ["bridge"], textNames: [["bridge"], ["bridge", "termez"]],
    sizes: [{width: 900, height: 14}, NAME]});
  const railhead = place("termez", 405, 296, {order: 1});
  const placed = layout.placeNames([crossing, railhead], VIEW);
  assert.deepEqual(placed.map((p) => [p.entry.id, p.text]), [["bridge", 1]], "Termez is named by the crossing");
});

test("stations (on a phone, all but the key places) and their markers wait until the reader zooms in", () => {
  const station = place("station", 400, 300, {rank: 2});
  assert.ok(!layout.drawnAt(station, 6, 6, 800));
  assert.ok(layout.drawnAt(station, 7, 6, 800));
  assert.ok(layout.drawnAt(place("city", 400, 300, {rank: 1}), 6, 6, 800));
  assert.ok(!layout.drawnAt(place("city", 400, 300, {rank: 1}), 6, 6, 390), "a phone starts with the key places");
  assert.ok(layout.drawnAt(place("key", 400, 300, {rank: 0}), 6, 6, 390));
});

test("the audit finds a planted bad placement: a name moved beside another marker, over a name, too far", () => {
  const entries = [place("kabul", 300, 300), place("peshawar", 500, 300, {order: 1})];
  const placed = layout.placeNames(entries, VIEW);
  assert.deepEqual(layout.audit(entries, placed, VIEW), [], "the layout's own placement is clean");
  const kabul = placed.find((p) => p.entry.id === "kabul");
  kabul.box = layout.box(508, 293, 60, 14);  // where a reader would take it for Peshawar's name
  const found = layout.audit(entries, placed, VIEW);
  assert.ok(found.includes("kabul is nearer peshawar than its own marker"), found);
  assert.ok(found.some((f) => /kabul is \d+ px from its marker/.test(f)), found);
});

test("line cells cover a segment's length and nothing far from it", () => {
  const lines = new layout.LineCells(6);
  lines.addSegment({x: 0, y: 0}, {x: 120, y: 0});
  assert.ok(lines.crosses(layout.box(55, -5, 10, 10)));
  assert.ok(!lines.crosses(layout.box(55, 20, 10, 10)));
  assert.ok(!lines.crosses(layout.box(140, -5, 10, 10)));
});

function gapBetween(a, b) {
  return Math.max(a.left - b.right, b.left - a.right, a.top - b.bottom, b.top - a.bottom);
}

test("names never touch: NAME_GAP_PX at least between two names and between a name and a basemap name", () => {
  // One above the other 14 px apart: the first choice (right of each marker) would put the names flush.
  const entries = [place("kabul", 400, 300), place("logar", 400, 314, {order: 1})];
  const country = layout.box(330, 321, 60, 14);  // just below-left of Logar's marker
  const view = Object.assign({}, VIEW, {names: [country]});
  const placed = layout.placeNames(entries, view);
  assert.equal(placed.length, 2);
  assert.ok(gapBetween(placed[0].box, placed[1].box) >= layout.NAME_GAP_PX, JSON.stringify(placed.map((p) => p.box)));
  placed.forEach((p) => assert.ok(gapBetween(p.box, country) >= layout.NAME_GAP_PX, JSON.stringify(p.box)));
  assert.deepEqual(layout.audit(entries, placed, view), []);
  placed[1].box = layout.box(placed[0].box.left, placed[0].box.bottom, 60, 14);  // flush under the other
  assert.ok(layout.audit(entries, placed, view).includes("logar touches kabul"));
});

test("a name naming a crossing and both its railheads goes on two lines rather than leave a railhead unnamed", () => {
  // Room in a band right of the marker and above it: one line is too wide for either, two lines only fit above
  // (with a leader); the alias, which names the crossing and one railhead only, fits in the band right beside.
  const crossing = place("crossing", 400, 300, {names: ["crossing", "east", "west"],
    textNames: [["crossing", "east", "west"], ["crossing", "east", "west"], ["crossing", "west"]],
    sizes: [{width: 150, height: 14}, {width: 80, height: 28}, {width: 100, height: 14}]});
  const walls = [layout.box(0, 0, 800, 230), layout.box(0, 230, 380, 370), layout.box(520, 230, 280, 370),
    layout.box(380, 282, 140, 8), layout.box(380, 310, 140, 290)];
  const [placed] = layout.placeNames([crossing], Object.assign({}, VIEW, {controls: walls}));
  assert.equal(placed.text, 1, "the two-line way, naming all three");
  assert.ok(placed.leaderEnd, "further out, with a leader");
});

test("a key name walled in at its corners and middles slides along its side to the room left", () => {
  // Room only in a 15 px band just below the marker's centre line, right or left of it.
  const walls = [layout.box(0, 0, 800, 305), layout.box(0, 320.5, 800, 280)];
  const key = place("key", 400, 300);
  const [placed] = layout.placeNames([key], Object.assign({}, VIEW, {controls: walls}));
  assert.ok(placed, "named");
  assert.ok(placed.box.top >= 305 && placed.box.bottom <= 320.5, JSON.stringify(placed.box));
  assert.deepEqual(layout.audit([key], [placed], Object.assign({}, VIEW, {controls: walls})), []);
});

test("a key place inside a neighbour's gauge-break ring is named across the ring, never over its marker", () => {
  const key = place("sanobar", 400, 300);
  // The neighbour 12 px below, its 26 px ring around both; no room above or to the left.
  const ringed = place("torghundi", 400, 312, {order: 1, markerPx: 26, dotPx: 8});
  const walls = [layout.box(0, 0, 800, 292), layout.box(0, 0, 392, 600)];
  const placed = layout.placeNames([key, ringed], Object.assign({}, VIEW, {controls: walls}));
  const own = placed.find((p) => p.entry.id === "sanobar");
  assert.ok(own, "named");
  assert.ok(layout.overlaps(own.box, layout.box(386, 298, 28, 28)), "across the ring");
  assert.ok(!layout.overlaps(own.box, layout.box(395, 307, 10, 10)), "clear of the neighbour's marker");
  assert.deepEqual(layout.audit([key, ringed], placed, Object.assign({}, VIEW, {controls: walls})), []);
});

test("a key place whose only room an earlier key name took is named when the names are placed again", () => {
  // B's only room is above it, where A's first choice (right of A) lies; A has room elsewhere (left of it).
  const a = place("a", 400, 300), b = place("b", 440, 325, {order: 1});
  const walls = [layout.box(0, 318, 800, 300), layout.box(471, 0, 329, 600)];
  const view = Object.assign({}, VIEW, {controls: walls});
  const placed = layout.placeNames([a, b], view);
  assert.deepEqual(placed.map((p) => p.entry.id).sort(), ["a", "b"]);
  assert.ok(placed.find((p) => p.entry.id === "a").box.right <= 400, "A gave way, to its left");
  assert.deepEqual(layout.audit([a, b], placed, view), []);
});

test("on a phone's first view a town is drawn where its name fits, and never at a key name's cost", () => {
  const phone = Object.assign({}, VIEW, {size: {x: 390, y: 600}});
  const town = place("town", 200, 300, {rank: 1});
  assert.ok(layout.namedIfRoom(town, 6, 6, 390), "a town waits on a phone unless named");
  assert.ok(!layout.namedIfRoom(town, 6, 6, 800), "on a laptop it is drawn anyway");
  assert.ok(!layout.namedIfRoom(place("station", 0, 0, {rank: 2}), 6, 6, 390), "a station waits for the zoom");
  const key = place("key", 100, 300);
  assert.deepEqual(layout.placeNames([key, town], phone).map((p) => p.entry.id), ["key"]);
  assert.deepEqual(layout.placeNames([key], phone, [town]).map((p) => p.entry.id), ["key", "town"]);
  // By the right edge a key place's name must go left, where this town's marker would stand nearer it.
  const edge = place("edge", 370, 300), crowding = place("crowding", 352, 300, {rank: 1});
  const placed = layout.placeNames([edge], phone, [crowding]);
  assert.deepEqual(placed.map((p) => p.entry.id), ["edge"], "the town is left out, the key place named");
});
