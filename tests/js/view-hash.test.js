"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const viewHash = require("../../static/map/view-hash.js");

test("a view hash reads as zoom, latitude and longitude", () => {
  assert.deepEqual(viewHash.parseView("#6.25/33.1234/-66.5"), {zoom: 6.25, lat: 33.1234, lng: -66.5});
});

test("formatting a view rounds the zoom to hundredths and the centre to four decimals, and reads back", () => {
  const hash = viewHash.formatView(6.256, 33.123456, 66.98765);
  assert.equal(hash, "#6.26/33.1235/66.9877");
  assert.deepEqual(viewHash.parseView(hash), {zoom: 6.26, lat: 33.1235, lng: 66.9877});
});

test("views off the globe or past the deepest zoom are refused", () => {
  for (const hash of ["#20/0/0", "#5/90.5/0", "#5/0/180.1", "#5/-91/0"]) {
    assert.equal(viewHash.parseView(hash), null, hash);
  }
});

test("anything but a view is not a view", () => {
  for (const hash of ["", null, undefined, "#", "#5/1", "#5/1/2/3", "#-5/1/2", "#a/1/2", "#5/1/2x",
    "#segment=herat-kandahar", "#5/1/2<script>"]) {
    assert.equal(viewHash.parseView(hash), null, String(hash));
  }
});

test("a segment hash names a segment id, and nothing else does", () => {
  assert.equal(viewHash.parseSegment("#segment=hairatan-mazar-i-sharif"), "hairatan-mazar-i-sharif");
  for (const hash of ["#segment=", "#segment=Bad_Id", "#segment=a\"b", "#6/30/60", "", null]) {
    assert.equal(viewHash.parseSegment(hash), null, String(hash));
  }
});
