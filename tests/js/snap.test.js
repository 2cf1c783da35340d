"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const snap = require("../../static/map/snap.js");

const places = [{x: 100, y: 100}, {x: 130, y: 100}, {x: 400, y: 300}];

test("a click within a few px of a marker snaps to that place", () => {
  assert.equal(snap.nearestWithin(places, {x: 104, y: 97}), 0);
  assert.equal(snap.nearestWithin(places, {x: 401, y: 309}), 2);
});

test("between two markers the nearer one wins", () => {
  assert.equal(snap.nearestWithin(places, {x: 118, y: 100}, 20), 1);
  assert.equal(snap.nearestWithin(places, {x: 112, y: 100}, 20), 0);
});

test("a click further than the snapping distance from every marker stays where it is", () => {
  assert.equal(snap.nearestWithin(places, {x: 100, y: 100 + snap.SNAP_PX + 1}), -1);
  assert.equal(snap.nearestWithin(places, {x: 250, y: 200}), -1);
  assert.equal(snap.nearestWithin([], {x: 0, y: 0}), -1);
});
