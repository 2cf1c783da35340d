/* The corridor map's own tools, written into every map document (page maps, embeds, single-file maps).
 *
 * - parallel offset lines for legs shared by several corridors (the `offset` path option, in px);
 * - place names placed greedily against the real label boxes: candidate positions around each marker,
 *   tried in order, the first that overlaps no other name, no marker and no control wins; key places go first
 *   and may take a leader line; the others appear as the reader zooms in;
 * - the legend, fitting the view beside it; permalink (#zoom/lat/lon); fullscreen; reset view; place search;
 *   cursor coordinates; a geodesic measuring tool; #segment=<id> zooms to a segment (the page's table links it).
 *
 * Data never enters this code as code: names come as escaped HTML or text in JSON.
 */
(function () {
  "use strict";
  if (window.CorridorMap) { return; }

  /* ---- Parallel offset lines ------------------------------------------------------------------------ */
  function offsetRing(points, offset) {
    if (points.length < 2) { return points; }
    var normals = [], i;
    for (i = 0; i < points.length - 1; i++) {
      var dx = points[i + 1].x - points[i].x, dy = points[i + 1].y - points[i].y;
      var length = Math.sqrt(dx * dx + dy * dy) || 1;
      normals.push([-dy / length, dx / length]);  // to the right of the direction of travel, y pointing down
    }
    var out = [];
    for (i = 0; i < points.length; i++) {
      var a = normals[Math.max(0, i - 1)], b = normals[Math.min(normals.length - 1, i)];
      var nx = a[0] + b[0], ny = a[1] + b[1], n = Math.sqrt(nx * nx + ny * ny), scale = offset;
      if (n < 1e-6) { nx = b[0]; ny = b[1]; } else {
        nx /= n; ny /= n;
        scale = offset / Math.max(nx * b[0] + ny * b[1], 0.35);  // mitre, limited at sharp bends
      }
      out.push(L.point(points[i].x + nx * scale, points[i].y + ny * scale));
    }
    return out;
  }
  var project = L.Polyline.prototype._project;
  L.Polyline.include({
    _project: function () {
      project.call(this);
      var offset = this.options.offset;
      if (offset && this._rings) {
        this._rings = this._rings.map(function (ring) { return offsetRing(ring, offset); });
      }
    }
  });

  /* ---- Geodesic distance (Vincenty's inverse formula on WGS84) ----------------------------------------- */
  function geodesicMetres(p, q) {
    var a = 6378137, f = 1 / 298.257223563, b = a * (1 - f), rad = Math.PI / 180;
    var L1 = (q.lng - p.lng) * rad, U1 = Math.atan((1 - f) * Math.tan(p.lat * rad));
    var U2 = Math.atan((1 - f) * Math.tan(q.lat * rad));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lambda = L1, iterations = 0, sinSigma, cosSigma, sigma, cosSqAlpha, cos2SigmaM, prev;
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
      prev = lambda;
      lambda = L1 + (1 - C) * f * sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    } while (Math.abs(lambda - prev) > 1e-12 && ++iterations < 200);
    if (iterations >= 200) { return p.distanceTo(q); }  // nearly antipodal: the sphere will do
    var uSq = cosSqAlpha * (a * a - b * b) / (b * b);
    var A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    var B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    var deltaSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
      B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    return b * A * (sigma - deltaSigma);
  }

  function greatCircle(p, q, steps) {
    // Points along the great circle from p to q, so a measured leg is drawn as the path it measures.
    var rad = Math.PI / 180, out = [];
    var toXYZ = function (ll) {
      return [Math.cos(ll.lat * rad) * Math.cos(ll.lng * rad), Math.cos(ll.lat * rad) * Math.sin(ll.lng * rad),
        Math.sin(ll.lat * rad)];
    };
    var u = toXYZ(p), v = toXYZ(q);
    var omega = Math.acos(Math.min(1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2]));
    for (var i = 0; i <= steps; i++) {
      var t = i / steps, s = Math.sin(omega);
      var wa = s ? Math.sin((1 - t) * omega) / s : 1 - t, wb = s ? Math.sin(t * omega) / s : t;
      var x = wa * u[0] + wb * v[0], y = wa * u[1] + wb * v[1], z = wa * u[2] + wb * v[2];
      out.push(L.latLng(Math.atan2(z, Math.sqrt(x * x + y * y)) / rad, Math.atan2(y, x) / rad));
    }
    return out;
  }

  function kmText(metres) {
    var km = metres / 1000;
    return (km < 10 ? km.toFixed(2) : Math.round(km).toLocaleString("en")) + " km";
  }

  /* ---- Small helpers ---------------------------------------------------------------------------------- */
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function box(left, top, width, height) {
    return {left: left, top: top, right: left + width, bottom: top + height};
  }
  var ICONS = {
    reset: '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 2.5a5.5 5.5 0 1 1-5.2 3.7" fill="none" ' +
      'stroke="currentColor" stroke-width="1.8"/><path d="M1.5 2.5h4v4" fill="none" stroke="currentColor" ' +
      'stroke-width="1.8"/></svg>',
    fullscreen: '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" ' +
      'fill="none" stroke="currentColor" stroke-width="1.8"/></svg>',
    search: '<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="6.5" cy="6.5" r="4.5" fill="none" ' +
      'stroke="currentColor" stroke-width="1.8"/><path d="M10 10l4.5 4.5" stroke="currentColor" stroke-width="2"/></svg>',
    measure: '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M1.5 11.5l10-10 3 3-10 10z" fill="none" ' +
      'stroke="currentColor" stroke-width="1.5"/><path d="M4.5 8.5l1.5 1.5M7 6l1.5 1.5M9.5 3.5l1.5 1.5" ' +
      'stroke="currentColor" stroke-width="1.2"/></svg>'
  };
  function button(container, icon, title, onClick) {
    var link = L.DomUtil.create("a", "map-tool", container);
    link.href = "#";
    link.setAttribute("role", "button");
    link.title = title;
    link.setAttribute("aria-label", title);
    link.innerHTML = ICONS[icon];  // constant markup, no data
    L.DomEvent.on(link, "click", function (event) { L.DomEvent.preventDefault(event); onClick(link); });
    return link;
  }
  var SEGMENT_HASH = /^#segment=([a-z0-9-]+)$/;
  var VIEW_HASH = /^#(\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/;
  function viewFromHash(hash) {
    var match = VIEW_HASH.exec(hash || "");
    if (!match) { return null; }
    var zoom = parseFloat(match[1]), lat = parseFloat(match[2]), lon = parseFloat(match[3]);
    if (zoom > 19 || Math.abs(lat) > 90 || Math.abs(lon) > 180) { return null; }
    return {zoom: zoom, center: L.latLng(lat, lon)};
  }
  function viewHash(map) {
    var c = map.getCenter();
    return "#" + (Math.round(map.getZoom() * 100) / 100) + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4);
  }

  /* ---- Labels ---------------------------------------------------------------------------------------- */
  var DIRECTIONS = [[1, 0], [-1, 0], [1, -1], [1, 1], [-1, -1], [-1, 1], [0, -1], [0, 1]];
  /* right, left, above right, below right, above left, below left, above, below */
  var REACH = [1, 2, 3.2, 4.6, 6.4, 8.5];
  var CELL_PX = 6;
  var MORE_DIRECTIONS = DIRECTIONS.concat([[1, -0.5], [1, 0.5], [-1, -0.5], [-1, 0.5], [0.5, -1], [-0.5, -1],
    [0.5, 1], [-0.5, 1]]);
  /* how far out (in marker gaps) a key place's name may go; beyond the first it takes a leader line */

  function Labels(map, pane) {
    this.map = map;
    this.pane = pane;
    this.entries = [];
    this.layers = [];
    this.homeZoom = null;
  }
  Labels.prototype.add = function (layer, p) {
    var el = L.DomUtil.create("div", "place-label place-label-rank" + p.label_rank, this.pane);
    el.setAttribute("data-names", (p.label_names || [p.id]).join(" "));
    el.style.visibility = "hidden";
    var leader = L.DomUtil.create("div", "label-leader", this.pane);
    leader.style.display = "none";
    var texts = [{html: p.label_html}];
    if (p.label_short_html) { texts.push({html: p.label_short_html}); }
    this.entries.push({layer: layer, p: p, el: el, leader: leader, latlng: layer.getLatLng(), texts: texts,
      current: -1});
  };
  Labels.prototype.obstacles = function () {
    var container = this.map.getContainer().getBoundingClientRect(), found = [];
    var controls = this.map.getContainer().querySelectorAll(".leaflet-control");
    for (var i = 0; i < controls.length; i++) {
      var r = controls[i].getBoundingClientRect();
      if (r.width && r.height) {
        found.push({left: r.left - container.left - 2, top: r.top - container.top - 2,
          right: r.right - container.left + 2, bottom: r.bottom - container.top + 2});
      }
    }
    return found;
  };
  Labels.prototype.place = function () {
    var map = this.map, size = map.getSize(), zoom = map.getZoom(), self = this;
    var home = this.homeZoom === null ? zoom : this.homeZoom;
    var controls = this.obstacles(), placed = [], markers = [];
    var shown = this.entries.filter(function (e) { return map.hasLayer(e.layer); });
    // Key places first, then the names of alternative routes, then the rest, in the server's order.
    shown.sort(function (a, b) {
      return (a.p.label_rank - b.p.label_rank) || ((a.p.label_order || 0) - (b.p.label_order || 0));
    });
    shown.forEach(function (e) {
      e.point = map.latLngToContainerPoint(e.latlng);
      var r = e.p.marker_px / 2 + 1;
      e.markerBox = box(e.point.x - r, e.point.y - r, 2 * r, 2 * r);
      markers.push(e);
    });
    var named = {};
    this.entries.forEach(function (e) { e.el.style.visibility = "hidden"; e.leader.style.display = "none"; });
    var fits = function (e, b) {
      if (b.left < 2 || b.top < 2 || b.right > size.x - 2 || b.bottom > size.y - 2) { return false; }
      if (placed.some(function (o) { return overlaps(b, o); })) { return false; }
      if (controls.some(function (o) { return overlaps(b, o); })) { return false; }
      return !markers.some(function (m) { return overlaps(b, m.markerBox); });
    };
    var lines = this.lineCells();
    var onLine = function (b) {
      for (var cx = Math.floor((b.left + 2) / CELL_PX); cx <= Math.floor((b.right - 2) / CELL_PX); cx++) {
        for (var cy = Math.floor((b.top + 2) / CELL_PX); cy <= Math.floor((b.bottom - 2) / CELL_PX); cy++) {
          if (lines[cx + ":" + cy]) { return true; }
        }
      }
      return false;
    };
    shown.forEach(function (e) {
      var rank = e.p.label_rank;
      if (rank >= 2 && zoom < home + 1) { return; }  // stations once the reader zooms in
      if (e.point.x < 0 || e.point.y < 0 || e.point.x > size.x || e.point.y > size.y) { return; }
      var nearby = named[e.p.id];
      if (nearby && nearby.distanceTo(e.point) < 40) { return; }  // a name close by already names it
      var gap = e.p.marker_px / 2 + 3, reach = rank === 0 ? REACH : REACH.slice(0, 1);
      // A line's name (an alternative route's) goes right beside the line, at the first of its anchor points
      // along the line where it fits.
      var anchors = e.p.label_anchors || [];
      for (var a = 0; a < anchors.length; a++) {
        var at = map.latLngToContainerPoint(anchors[a]);
        for (var lineClear = 1; lineClear >= 0; lineClear--) {
          for (var n = 0; n < DIRECTIONS.length * 2; n++) {
            var towards = DIRECTIONS[n % DIRECTIONS.length], off = n < DIRECTIONS.length ? 5 : 12;
            var size0 = self.measure(e, 0), ax = at.x + towards[0] * off, ay = at.y + towards[1] * off;
            var ab = box(towards[0] > 0 ? ax : towards[0] < 0 ? ax - size0.width : ax - size0.width / 2,
              towards[1] > 0 ? ay : towards[1] < 0 ? ay - size0.height : ay - size0.height / 2,
              size0.width, size0.height);
            if (!fits(e, ab) || (lineClear && onLine(ab))) { continue; }
            self.show(e, ab, null);
            placed.push(ab);
            return;
          }
        }
      }
      // Near the marker first, with the full name, then a shorter one (an alias); then further out; a name
      // that fits nowhere is left out until the reader zooms in.
      // At each distance, a position clear of the lines is preferred to one on them.
      for (var k = 0; k < reach.length; k++) {
        for (var clear = 1; clear >= 0; clear--) {
          for (var v = 0; v < e.texts.length; v++) {
            var text = self.measure(e, v), directions = k < 2 ? DIRECTIONS : MORE_DIRECTIONS;
            for (var d = 0; d < directions.length; d++) {
              var dir = directions[d], far = gap * reach[k] + (k ? 6 : 0);
              var x = e.point.x + dir[0] * far, y = e.point.y + dir[1] * far;
              var left = dir[0] > 0 ? x : dir[0] < 0 ? x - text.width : x - text.width / 2;
              var top = dir[1] > 0 ? y : dir[1] < 0 ? y - text.height : y - text.height / 2;
              var b = box(left, top, text.width, text.height);
              if (!fits(e, b) || (clear && onLine(b))) { continue; }
              self.show(e, b, k ? {x: x, y: y} : null);
              placed.push(b);
              (e.p.label_names || [e.p.id]).forEach(function (id) { named[id] = e.point; });
              return;
            }
          }
        }
      }
    });
  };
  Labels.prototype.lineCells = function () {
    // The cells (CELL_PX square, container pixels) that drawn railway lines pass through, from each line's
    // clipped, projected points as the renderer last drew them.
    var cells = {}, origin = this.map.containerPointToLayerPoint([0, 0]);
    this.map.eachLayer(function (layer) {
      if (!(layer instanceof L.Polyline) || !layer._parts || !/\bseg\b/.test(layer.options.className || "")) {
        return;
      }
      layer._parts.forEach(function (part) {
        for (var i = 0; i < part.length - 1; i++) {
          var a = part[i], b = part[i + 1], steps = Math.max(1, Math.ceil(a.distanceTo(b) / 4));
          for (var j = 0; j <= steps; j++) {
            var x = a.x + (b.x - a.x) * j / steps - origin.x, y = a.y + (b.y - a.y) * j / steps - origin.y;
            cells[Math.floor(x / CELL_PX) + ":" + Math.floor(y / CELL_PX)] = true;
          }
        }
      });
    });
    return cells;
  };
  Labels.prototype.measure = function (e, index) {
    var text = e.texts[index];
    if (e.current !== index) { e.el.innerHTML = text.html; e.current = index; }  // escaped on the server
    if (!text.width) {
      e.el.style.display = "block";
      text.width = e.el.offsetWidth;
      text.height = e.el.offsetHeight;
    }
    return text;
  };
  Labels.prototype.show = function (e, b, leaderEnd) {
    var origin = this.map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(e.el, L.point(b.left + origin.x, b.top + origin.y));
    e.el.style.visibility = "visible";
    if (leaderEnd) {
      var dx = leaderEnd.x - e.point.x, dy = leaderEnd.y - e.point.y, r = e.p.marker_px / 2;
      var length = Math.sqrt(dx * dx + dy * dy) - r;
      var start = L.point(e.point.x + dx / (length + r) * r + origin.x, e.point.y + dy / (length + r) * r + origin.y);
      e.leader.style.display = "block";
      e.leader.style.width = Math.max(0, length) + "px";
      L.DomUtil.setPosition(e.leader, start);
      e.leader.style.transform += " rotate(" + Math.atan2(dy, dx) + "rad)";
    }
  };

  /* ---- The map's setup ------------------------------------------------------------------------------ */
  function CorridorMap(map) {
    this.map = map;
    this.labelPane = map.createPane("labels");
    this.labelPane.style.zIndex = 640;
    this.labelPane.style.pointerEvents = "none";
    this.labels = new Labels(map, this.labelPane);
    this.places = [];
    this.segments = {};
  }
  CorridorMap.prototype.bindFeature = function (feature, layer) {
    var p = feature.properties;
    if (p.label_html) { this.labels.add(layer, p); }
    if (p.search_name) { this.places.push({name: p.search_name, layer: layer}); }
    if (p.segment_id) { (this.segments[p.segment_id] = this.segments[p.segment_id] || []).push(layer); }
  };
  CorridorMap.prototype.popupOptions = function () {
    var map = this.map.getContainer();
    return {
      maxWidth: Math.max(200, Math.min(340, map.clientWidth - 130)),
      maxHeight: Math.max(160, Math.min(320, map.clientHeight - 150)),
      autoPanPaddingTopLeft: L.point(56, 60), autoPanPaddingBottomRight: L.point(56, 40)
    };
  };

  CorridorMap.prototype.setup = function (config) {
    var map = this.map, self = this;
    this.config = config;
    var legend = config.legend_html ? this.addLegend(config.legend_html) : null;
    this.addTools();
    var fromHash = viewFromHash(window.location.hash);
    this.fitHome(legend);
    this.labels.homeZoom = map.getZoom();
    if (fromHash) { map.setView(fromHash.center, fromHash.zoom, {animate: false}); }
    var segment = SEGMENT_HASH.exec(window.location.hash);
    if (segment) { this.zoomToSegment(segment[1]); }
    var pending = false;
    var relabel = function () {
      if (pending) { return; }
      pending = true;
      L.Util.requestAnimFrame(function () { pending = false; self.labels.place(); });
    };
    map.on("zoomend moveend resize overlayadd overlayremove layeradd", relabel);
    map.on("zoomstart", function () { self.labelPane.style.display = "none"; });
    map.on("zoomend", function () { self.labelPane.style.display = ""; });
    this.labels.place();
    // Later moves are the reader's: keep the view in the address, a permalink to it.
    map.on("moveend", function () {
      if (window.history && window.history.replaceState) { window.history.replaceState(null, "", viewHash(map)); }
    });
    // The page's segments table links each row to #segment=<id> in this frame.
    window.addEventListener("hashchange", function () {
      var view = viewFromHash(window.location.hash), segment = SEGMENT_HASH.exec(window.location.hash);
      if (view) { map.setView(view.center, view.zoom); }
      if (segment) { self.zoomToSegment(segment[1]); }
    });
    map.on("popupopen", function (event) { self.onPopup(event.popup); });
  };

  CorridorMap.prototype.addLegend = function (html) {
    var map = this.map;
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    legend.addTo(map);
    var box = legend.getContainer(), details = box.querySelector("details"), size = map.getSize();
    // Small maps start with the legend folded, so that it hides no line and leaves the map its room.
    if (box.offsetWidth > size.x * 0.4 || box.offsetHeight > size.y * 0.8) { details.open = false; }
    details.addEventListener("toggle", function () { map.fire("resize"); });
    // A popup needs the room more than the legend does.
    map.on("popupopen", function () { details.open = false; });
    return legend.getContainer();
  };

  CorridorMap.prototype.fitHome = function (legend) {
    var map = this.map, size = map.getSize(), container = map.getContainer().getBoundingClientRect();
    var right = 24, bottom = 36;
    if (legend) {
      var r = legend.getBoundingClientRect();
      if (legend.querySelector("details").open) { right = Math.max(right, container.right - r.left + 12); }
      else { bottom = Math.max(bottom, container.bottom - r.top + 12); }
    }
    if (legend && right > size.x * 0.6) {  // an open legend wider than the map leaves: fit above it instead
      right = 24;
      bottom = Math.max(bottom, container.bottom - legend.getBoundingClientRect().top + 12);
    }
    this.homePadding = {paddingTopLeft: [52, 36], paddingBottomRight: [right, bottom]};
    map.fitBounds(this.config.bounds, L.extend({animate: false}, this.homePadding));
  };

  CorridorMap.prototype.resetView = function () {
    this.map.fitBounds(this.config.bounds, this.homePadding);
  };

  CorridorMap.prototype.zoomToSegment = function (segmentId) {
    var layers = this.segments[segmentId];
    if (!layers || !layers.length) { return false; }
    var bounds = L.latLngBounds([]);
    layers.forEach(function (layer) { bounds.extend(layer.getBounds()); });
    this.map.fitBounds(bounds, L.extend({maxZoom: 9}, this.homePadding));
    var layer = layers.filter(function (l) { return this.map.hasLayer(l); }, this)[0];
    if (layer && layer.getPopup()) { layer.openPopup(bounds.getCenter()); }
    return true;
  };

  CorridorMap.prototype.onPopup = function (popup) {
    var element = popup.getElement();
    if (this.measuring) { this.map.closePopup(popup); return; }
    if (!element || element.corridorClaimsLinked) { return; }
    // One listener on the popup's own element, which outlives its content: a link inside still works after
    // Leaflet or a swap below rewrites the content.
    element.corridorClaimsLinked = true;
    var segmentContent = null;
    L.DomEvent.on(element, "click", function (event) {
      var link = event.target.closest ? event.target.closest("a.corridor-facts-link, a.popup-back-link") : null;
      if (!link) { return; }
      // Stopped here: once the content is swapped the link has no ancestors, and the map would take the
      // click for one on the map itself and close the popup.
      L.DomEvent.stop(event);
      if (link.classList.contains("popup-back-link")) {
        popup.setContent(segmentContent);
        return;
      }
      segmentContent = popup.getContent();
      var back = "<p class=\"popup-back\"><a href=\"#\" class=\"popup-back-link\">‹ back to the segment</a></p>";
      popup.setContent(back + (window.CORRIDOR_POPUP_HTML[link.getAttribute("data-corridor")] || ""));
    });
  };

  CorridorMap.prototype.addTools = function () {
    var map = this.map, self = this;
    var tools = L.control({position: "topleft"});
    tools.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar map-tools");
      button(bar, "reset", "Reset view", function () { self.resetView(); });
      var root = document.documentElement;
      if (document.fullscreenEnabled && root.requestFullscreen) {
        button(bar, "fullscreen", "Full screen", function () {
          if (document.fullscreenElement) { document.exitFullscreen(); } else { root.requestFullscreen(); }
        });
      }
      if (self.places.length) {
        self.searchButton = button(bar, "search", "Find a place", function () { self.toggleSearch(); });
      }
      self.measureButton = button(bar, "measure", "Measure a distance (geodesic): click points, click here to stop",
        function (link) { self.toggleMeasure(link); });
      L.DomEvent.disableClickPropagation(bar);
      return bar;
    };
    tools.addTo(map);
    this.addSearch();
    var coordinates = L.control({position: "bottomleft"});
    coordinates.onAdd = function () {
      var div = L.DomUtil.create("div", "map-coordinates");
      div.setAttribute("aria-live", "off");
      map.on("mousemove", function (event) {
        div.textContent = event.latlng.lat.toFixed(4) + "°, " + event.latlng.lng.toFixed(4) + "°";
      });
      map.on("mouseout", function () { div.textContent = ""; });
      return div;
    };
    coordinates.addTo(map);
  };

  CorridorMap.prototype.addSearch = function () {
    var map = this.map, self = this;
    if (!this.places.length) { return; }
    var search = L.control({position: "topleft"});
    search.onAdd = function () {
      var form = L.DomUtil.create("form", "map-search leaflet-bar");
      form.setAttribute("role", "search");
      var input = L.DomUtil.create("input", "", form);
      input.type = "search";
      input.placeholder = "Find a place";
      input.setAttribute("aria-label", "Find a place on the map");
      var listId = "map-places-" + L.Util.stamp(form);
      input.setAttribute("list", listId);
      var list = L.DomUtil.create("datalist", "", form);
      list.id = listId;
      self.places.forEach(function (place) {
        var option = document.createElement("option");
        option.value = place.name;
        list.appendChild(option);
      });
      var go = function (event) {
        if (event) { L.DomEvent.preventDefault(event); }
        var wanted = input.value.trim().toLowerCase();
        if (!wanted) { return; }
        var found = self.places.filter(function (p) { return p.name.toLowerCase() === wanted; })[0] ||
          self.places.filter(function (p) { return p.name.toLowerCase().indexOf(wanted) >= 0; })[0];
        if (!found) { input.setCustomValidity("No such place on this map"); input.reportValidity(); return; }
        input.setCustomValidity("");
        map.setView(found.layer.getLatLng(), Math.max(map.getZoom(), 8));
        if (map.hasLayer(found.layer)) { found.layer.openPopup(); }
      };
      self.searchForm = form;
      self.searchInput = input;
      // On a small map the box folds away behind its button, so that it covers neither lines nor popups.
      if (map.getSize().x < 700) { form.classList.add("folded"); }
      L.DomEvent.on(form, "submit", go);
      L.DomEvent.on(input, "change", go);
      L.DomEvent.disableClickPropagation(form);
      return form;
    };
    search.addTo(map);
  };

  CorridorMap.prototype.toggleSearch = function () {
    if (!this.searchForm) { return; }
    var folded = this.searchForm.classList.toggle("folded");
    if (!folded) { this.searchInput.focus(); }
    this.labels.place();
  };

  CorridorMap.prototype.toggleMeasure = function (link) {
    var map = this.map, self = this;
    if (this.measuring) {
      map.off("click", this.measuring.onClick);
      map.removeLayer(this.measuring.group);
      map.getContainer().classList.remove("measuring");
      link.classList.remove("active");
      this.measuring = null;
      return;
    }
    var group = L.layerGroup().addTo(map), points = [], path = L.polyline([], {
      weight: 2, dashArray: "6 4", interactive: false, className: "measure-line"
    }).addTo(group);
    var readout = L.marker(map.getCenter(), {interactive: false, opacity: 0,
      icon: L.divIcon({className: "measure-readout", html: "", iconSize: null})});
    var total = 0;
    var onClick = function (event) {
      var last = points[points.length - 1];
      points.push(event.latlng);
      // Colours from map.css (.measure-point), like every colour of the map's own drawing.
      L.circleMarker(event.latlng, {radius: 4, weight: 2, fillOpacity: 1, className: "measure-point",
        interactive: false}).addTo(group);
      if (last) {
        total += geodesicMetres(last, event.latlng);
        greatCircle(last, event.latlng, 24).slice(1).forEach(function (ll) { path.addLatLng(ll); });
      } else { path.addLatLng(event.latlng); }
      readout.setLatLng(event.latlng).addTo(group).setOpacity(1);
      readout.getElement().textContent = kmText(total);
      link.title = "Measured " + kmText(total) + " (geodesic); click to stop";
    };
    map.on("click", onClick);
    map.closePopup();
    map.getContainer().classList.add("measuring");
    link.classList.add("active");
    this.measuring = {group: group, onClick: onClick, total: function () { return total; }};
  };

  window.CorridorMap = {
    create: function (map) { return new CorridorMap(map); },
    geodesicMetres: geodesicMetres,
    offsetRing: offsetRing
  };
})();
