"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const layout = require("../../static/map/area-name-layout.js");

const square = (left, top, size) => [{x: left, y: top}, {x: left + size, y: top}, {x: left + size, y: top + size},
  {x: left, y: top + size}];
const view = {width: 800, height: 600};
const name = {width: 100, height: 14};

test("an area wholly in view is named near its middle", () => {
  const placed = layout.placeNames([{id: "a", rings: [square(100, 100, 300)], size: name}], view, []);
  assert.equal(placed.length, 1);
  assert.ok(Math.abs(placed[0].x - 250) < 20 && Math.abs(placed[0].y - 250) < 20, JSON.stringify(placed[0]));
});

test("an area larger than the view is named in the view, away from its edges", () => {
  const placed = layout.placeNames([{id: "a", rings: [square(-5000, -5000, 12000)], size: name}], view, []);
  assert.equal(placed.length, 1);
  const b = placed[0].box;
  assert.ok(b.left >= 0 && b.top >= 0 && b.right <= view.width && b.bottom <= view.height, JSON.stringify(b));
  assert.ok(Math.abs(placed[0].x - 400) < 30 && Math.abs(placed[0].y - 300) < 30, JSON.stringify(placed[0]));
});

test("an area partly in view is named in its visible part", () => {
  const placed = layout.placeNames([{id: "a", rings: [square(500, -2000, 4000)], size: name}], view, []);
  assert.equal(placed.length, 1);
  assert.ok(placed[0].box.left >= 500 && placed[0].box.right <= view.width, JSON.stringify(placed[0]));
});

test("an area out of view or too small for its name is not named", () => {
  assert.deepEqual(layout.placeNames([{id: "a", rings: [square(900, 100, 300)], size: name}], view, []), []);
  assert.deepEqual(layout.placeNames([{id: "a", rings: [square(100, 100, 40)], size: name}], view, []), []);
});

test("a hole is not inside its area", () => {
  const rings = [square(0, 0, 300), square(100, 100, 100)];
  assert.equal(layout.inside(rings, 150, 150), false);
  assert.equal(layout.inside(rings, 50, 50), true);
});

test("names overlap neither each other nor the controls", () => {
  const areas = [{id: "a", rings: [square(0, 0, 400)], size: name}, {id: "b", rings: [square(0, 0, 400)], size: name}];
  const control = {left: 0, top: 0, right: 60, bottom: 400};
  const placed = layout.placeNames(areas, view, [control]);
  assert.equal(placed.length, 2);
  const [p, q] = placed.map((x) => x.box);
  assert.ok(p.right <= q.left || q.right <= p.left || p.bottom <= q.top || q.bottom <= p.top);
  placed.forEach((x) => assert.ok(x.box.left >= control.right, JSON.stringify(x.box)));
});

test("a name too wide for the visible part goes in its words one under another", () => {
  const sizes = [{width: 100, height: 14}, {width: 50, height: 28}];
  const placed = layout.placeNames([{id: "a", rings: [square(-1000, 100, 1070)], sizes: sizes}], view, []);
  assert.equal(placed.length, 1);
  assert.equal(placed[0].variant, 1);
  assert.ok(placed[0].box.right <= 70, JSON.stringify(placed[0]));
});

test("inside agrees with the even-odd rule tested edge by edge, holes and several parts included", () => {
  // The rule point by point (what `inside` computes a whole line at a time).
  const evenOdd = (rings, x, y) => rings.reduce((found, ring) => ring.reduce((f, a, i) => {
    const b = ring[(i + ring.length - 1) % ring.length];
    return (a.y > y) !== (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x ? !f : f;
  }, found), false);
  const star = (cx, cy, spikes, outer, inner) => Array.from({length: spikes * 2}, (_, i) => {
    const r = i % 2 ? inner : outer, angle = Math.PI * i / spikes;
    return {x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle)};
  });
  const rings = [star(200, 200, 9, 180, 60), star(200, 200, 5, 40, 15), square(420, 50, 100)];
  let seed = 7;
  const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (let n = 0; n < 2000; n++) {
    const x = random() * 560 - 20, y = random() * 420 - 20;
    assert.equal(layout.inside(rings, x, y), evenOdd(rings, x, y), `${x} ${y}`);
  }
});
