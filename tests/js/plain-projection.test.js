"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const {keepPlainProjection} = require("../../static/map/plain-projection.js");

function fakeLeaflet() {
  // Just what the file touches: a polyline class whose projection can be replaced, as Leaflet's `include` does.
  const Polyline = function (options) { this.options = options; };
  Polyline.prototype._projectLatlngs = function (latlngs, result) { result.push("plain"); };
  Polyline.include = function (props) { Object.assign(Polyline.prototype, props); };
  return {Polyline: Polyline};
}

test("lines without an offset keep Leaflet's projection, offset lines get the plugin's", () => {
  const L = fakeLeaflet();
  const offsetOnly = keepPlainProjection(L);
  L.Polyline.include({_projectLatlngs: function (latlngs, result) { result.push("offset " + this.options.offset); }});
  offsetOnly();
  const result = [];
  new L.Polyline({})._projectLatlngs([], result);
  new L.Polyline({offset: 0})._projectLatlngs([], result);
  new L.Polyline({offset: -3})._projectLatlngs([], result);
  assert.deepEqual(result, ["plain", "plain", "offset -3"]);
});

test("calling it again changes nothing (no projection calling itself)", () => {
  const L = fakeLeaflet();
  const offsetOnly = keepPlainProjection(L);
  L.Polyline.include({_projectLatlngs: function (latlngs, result) { result.push("offset"); }});
  offsetOnly();
  offsetOnly();
  const result = [];
  new L.Polyline({offset: 2})._projectLatlngs([], result);
  new L.Polyline({})._projectLatlngs([], result);
  assert.deepEqual(result, ["offset", "plain"]);
});
