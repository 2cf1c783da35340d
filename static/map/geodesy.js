/* Geodesy for the measuring tool: distances on the WGS84 ellipsoid (Vincenty's inverse formula), points along
 * the great circle between two places (so a measured leg is drawn as the path it measures), and the distance as
 * text. Pure: points are {lat, lng} objects; node loads it as a module for the unit tests. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) { module.exports = api; } else {
    root.L.Corridor = root.L.Corridor || {};
    root.L.Corridor.geodesy = api;
  }
})(this, function () {
  "use strict";
  var WGS84_A = 6378137, WGS84_F = 1 / 298.257223563, EARTH_RADIUS_M = 6371008.8, RAD = Math.PI / 180;

  function haversineMetres(p, q) {
    var dLat = (q.lat - p.lat) * RAD, dLng = (q.lng - p.lng) * RAD;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(p.lat * RAD) * Math.cos(q.lat * RAD) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function geodesicMetres(p, q) {
    var a = WGS84_A, f = WGS84_F, b = a * (1 - f);
    var L1 = (q.lng - p.lng) * RAD, U1 = Math.atan((1 - f) * Math.tan(p.lat * RAD));
    var U2 = Math.atan((1 - f) * Math.tan(q.lat * RAD));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lambda = L1, iterations = 0, sinSigma, cosSigma, sigma, cosSqAlpha, cos2SigmaM, previous;
    do {
      var sinLambda = Math.sin(lambda), cosLambda = Math.cos(lambda);
      sinSigma = Math.sqrt(Math.pow(cosU2 * sinLambda, 2) +
        Math.pow(cosU1 * sinU2 - sinU1 * cosU2 * cosLambda, 2));
      if (sinSigma === 0) { return 0; }
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
      sigma = Math.atan2(sinSigma, cosSigma);
      var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
      cosSqAlpha = 1 - sinAlpha * sinAlpha;
      cos2SigmaM = cosSqAlpha ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0;
      var C = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
      previous = lambda;
      lambda = L1 + (1 - C) * f * sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    } while (Math.abs(lambda - previous) > 1e-12 && ++iterations < 200);
    if (iterations >= 200) { return haversineMetres(p, q); }  // nearly antipodal: the sphere will do
    var uSq = cosSqAlpha * (a * a - b * b) / (b * b);
    var A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    var B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    var deltaSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
      B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    return b * A * (sigma - deltaSigma);
  }

  function greatCircle(p, q, steps) {
    // steps + 1 points from p to q, spherical interpolation between their unit vectors.
    var toXYZ = function (ll) {
      return [Math.cos(ll.lat * RAD) * Math.cos(ll.lng * RAD), Math.cos(ll.lat * RAD) * Math.sin(ll.lng * RAD),
        Math.sin(ll.lat * RAD)];
    };
    var u = toXYZ(p), v = toXYZ(q), out = [];
    var omega = Math.acos(Math.min(1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2]));
    for (var i = 0; i <= steps; i++) {
      var t = i / steps, s = Math.sin(omega);
      var wa = s ? Math.sin((1 - t) * omega) / s : 1 - t, wb = s ? Math.sin(t * omega) / s : t;
      var x = wa * u[0] + wb * v[0], y = wa * u[1] + wb * v[1], z = wa * u[2] + wb * v[2];
      out.push({lat: Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD, lng: Math.atan2(y, x) / RAD});
    }
    return out;
  }

  function kmText(metres) {
    var km = metres / 1000;
    return (km < 10 ? km.toFixed(2) : Math.round(km).toLocaleString("en")) + " km";
  }

  return {geodesicMetres: geodesicMetres, haversineMetres: haversineMetres, greatCircle: greatCircle,
    kmText: kmText};
});
