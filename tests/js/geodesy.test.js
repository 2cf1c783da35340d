"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const geodesy = require("../../static/map/geodesy.js");

test("a degree of longitude on the equator is 111.32 km on WGS84", () => {
  const metres = geodesy.geodesicMetres({lat: 0, lng: 0}, {lat: 0, lng: 1});
  assert.ok(Math.abs(metres - 111319.49) < 0.01, metres);
});

test("the quarter meridian, equator to pole, is 10,001,965.729 m on WGS84", () => {
  const metres = geodesy.geodesicMetres({lat: 0, lng: 30}, {lat: 90, lng: 30});
  assert.ok(Math.abs(metres - 10001965.729) < 0.01, metres);
});

test("a distance is the same both ways and zero to itself", () => {
  const herat = {lat: 34.3529, lng: 62.204}, kandahar = {lat: 31.6133, lng: 65.7101};
  assert.equal(geodesy.geodesicMetres(herat, herat), 0);
  assert.ok(Math.abs(geodesy.geodesicMetres(herat, kandahar) - geodesy.geodesicMetres(kandahar, herat)) < 1e-6);
});

test("nearly antipodal points, where Vincenty's iteration does not converge, fall back to the sphere", () => {
  const metres = geodesy.geodesicMetres({lat: 0, lng: 0}, {lat: 0.5, lng: 179.7});
  assert.ok(Math.abs(metres - geodesy.haversineMetres({lat: 0, lng: 0}, {lat: 0.5, lng: 179.7})) < 1, metres);
});

test("the ellipsoid and the sphere agree to within half a percent over the corridors", () => {
  const termez = {lat: 37.2242, lng: 67.2783}, karachi = {lat: 24.8607, lng: 67.0011};
  const ellipsoid = geodesy.geodesicMetres(termez, karachi), sphere = geodesy.haversineMetres(termez, karachi);
  assert.ok(Math.abs(ellipsoid - sphere) / ellipsoid < 0.005, [ellipsoid, sphere]);
});

test("the great circle starts and ends at its points and bends poleward between them", () => {
  const p = {lat: 40, lng: -70}, q = {lat: 50, lng: 10};
  const path = geodesy.greatCircle(p, q, 24);
  assert.equal(path.length, 25);
  assert.ok(Math.abs(path[0].lat - p.lat) < 1e-9 && Math.abs(path[0].lng - p.lng) < 1e-9);
  assert.ok(Math.abs(path[24].lat - q.lat) < 1e-9 && Math.abs(path[24].lng - q.lng) < 1e-9);
  assert.ok(path[12].lat > 50, path[12]);  // north of both ends, as a great circle between them is
});

test("a great circle between one point and itself stays there", () => {
  const path = geodesy.greatCircle({lat: 30, lng: 66}, {lat: 30, lng: 66}, 4);
  assert.ok(path.every((p) => Math.abs(p.lat - 30) < 1e-9 && Math.abs(p.lng - 66) < 1e-9));
});

test("distances read in km: two decimals under 10 km, whole km with thousands separators above", () => {
  assert.equal(geodesy.kmText(0), "0.00 km");
  assert.equal(geodesy.kmText(9994), "9.99 km");
  assert.equal(geodesy.kmText(12499), "12 km");
  assert.equal(geodesy.kmText(1234567), "1,235 km");
});
