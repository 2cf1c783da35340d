"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const hitLines = require("../../static/map/hit-lines.js");

test("a solid line needs no hit line", () => {
  assert.equal(hitLines.hitLineOptions({weight: 5, dashArray: null}, "a-b"), null);
  assert.equal(hitLines.hitLineOptions({weight: 5}, "a-b"), null);
});

test("a dashed line's hit line is undashed, invisible, wider and at the line's offset", () => {
  const options = hitLines.hitLineOptions({weight: 4, dashArray: "4 5", offset: -3, color: "#7570b3"}, "a-b");
  assert.equal(options.dashArray, undefined);
  assert.equal(options.opacity, 0);
  assert.equal(options.weight, 10);
  assert.equal(options.offset, -3);
  assert.equal(options.className, "hit-line hit-line-a-b");
  assert.ok(!/\bseg\b/.test(options.className), "not counted as a drawn line");
});

test("a thick dashed line's hit line is 3 px wider on each side", () => {
  assert.equal(hitLines.hitLineOptions({weight: 4.5, dashArray: "14 5"}, "x").weight, 10.5);
  assert.equal(hitLines.hitLineOptions({weight: 8, dashArray: "9 4 2 4"}, "x").weight, 14);
});
