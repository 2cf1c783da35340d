/* The corridor map: the plugins put together. `create` runs before any layer is added: it keeps every view inside
 * the basemap's box (maxBounds, the closest zoom, and the farthest zoom at which the view still fits inside the box,
 * again on every resize), adds the legend and sets the home view (or the view in the address) at once, so that every line is laid out once, at the view the
 * reader sees. `bindFeature` runs for each feature as its layer is built. `setup` runs once every layer exists:
 * tools, search, the address, and the names. */
(function (L) {
  "use strict";
  var viewHash = L.Corridor.viewHash;
  L.Corridor.offsetOnly();  // the offset-line plugin is loaded: its projection only for lines with an offset
  var HOME_TOP_LEFT_PX = [52, 36], MARGIN_RIGHT_PX = 24, MARGIN_BOTTOM_PX = 36, LEGEND_GAP_PX = 12;
  var SEGMENT_MAX_ZOOM = 9;
  /* how far, in steps of PAN_STEP_PX, the home view may move (its lines kept inside the padding) so that no
   * control covers a place's marker */
  var PAN_STEP_PX = 4, CONTROL_MARGIN_PX = 2;

  function CorridorMap(map, config) {
    this.map = map;
    this.config = config;
    this.labels = new L.Corridor.Labels(map);
    this.areaNames = new L.Corridor.AreaNames(map);
    if (config.limits) { this._limitViews(config.limits); }
    this.places = [];
    this.markers = [];  // places and gauge-break rings: where the measuring tool snaps
    this.segments = {};
    this.legend = config.legend_html ? new L.Corridor.Legend(config.legend_html).addTo(map) : null;
    if (this.legend) { this.legend.foldIfLarge(); }
    this.homePadding = this._homePadding();
    this.popupOptions = L.Corridor.popupOptions(map);
    var fromAddress = L.Corridor.startingView();
    this.fromAddress = Boolean(fromAddress);
    if (fromAddress) {
      map.setView(fromAddress.center, fromAddress.zoom, {animate: false});
      this.homeZoom = map.getBoundsZoom(config.bounds, false, this._paddingSum());
    } else {
      map.fitBounds(config.bounds, L.extend({animate: false}, this.homePadding));
      this.homeZoom = map.getZoom();
    }
  }

  CorridorMap.prototype._limitViews = function (limits) {
    var map = this.map, bounds = L.latLngBounds(limits.bounds);
    map.options.maxBoundsViscosity = 1;
    map.setMaxBounds(bounds);
    map.setMaxZoom(limits.max_zoom);
    var fit = function () { map.setMinZoom(Math.min(limits.max_zoom, map.getBoundsZoom(bounds, true))); };
    fit();
    map.on("resize", fit);
  };

  CorridorMap.prototype._homePadding = function () {
    // Room for the zoom and tool buttons top left, and for the legend: beside it when open, above it when folded
    // or when an open legend would leave the lines too little width.
    var right = MARGIN_RIGHT_PX, bottom = MARGIN_BOTTOM_PX, legend = this.legend;
    if (legend) {
      var frame = this.map.getContainer().getBoundingClientRect(), box = legend.getContainer().getBoundingClientRect();
      this.legendBox = L.bounds([box.left - frame.left, box.top - frame.top], [box.right - frame.left, box.bottom - frame.top]);
      if (legend.isOpen()) { right = Math.max(right, frame.right - box.left + LEGEND_GAP_PX); }
      if (!legend.isOpen() || right > this.map.getSize().x * 0.6) {
        right = MARGIN_RIGHT_PX;
        bottom = Math.max(bottom, frame.bottom - box.top + LEGEND_GAP_PX);
      }
    }
    return {paddingTopLeft: HOME_TOP_LEFT_PX, paddingBottomRight: [right, bottom]};
  };

  CorridorMap.prototype._paddingSum = function () {
    var p = this.homePadding;
    return L.point(p.paddingTopLeft).add(L.point(p.paddingBottomRight));
  };

  CorridorMap.prototype.bindFeature = function (feature, layer) {
    var p = feature.properties;
    if (p.label_html) { this.labels.add(layer, p); }
    if (p.area_name) { this.areaNames.add(layer, p.area_name, p.area_kind); }
    if (p.search_name) { this.places.push({name: p.search_name, layer: layer}); }
    if (p.icon_class && p.popup) { this.markers.push({name: p.search_name || "", layer: layer, rank: p.label_rank}); }
    if (p.segment_id) { (this.segments[p.segment_id] = this.segments[p.segment_id] || []).push(layer); }
    if (p.popup) {
      layer.bindPopup(function () { return L.Corridor.popupHtml("features", p.popup); }, this.popupOptions);
      if (p.segment_id) { L.Corridor.addHitLine(this.map, layer, feature); }
    }
    if (p.tooltip_html) { layer.bindTooltip(p.tooltip_html, {sticky: !p.icon_class, direction: "top"}); }
  };

  CorridorMap.prototype.setup = function () {
    var map = this.map, self = this;
    var toolbar = new L.Corridor.Toolbar().addTo(map);
    L.Corridor.addViewTools(toolbar, function () { self.resetView(); });
    if (this.places.length) {
      this.search = new L.Corridor.PlaceSearch(this.places).addTo(map);
      toolbar.addButton("search", "Find a place", function () { self.search.toggle(); });
    }
    this.measure = new L.Corridor.Measure(map, this.markers).addTo(toolbar);
    this.viewLink = new L.Corridor.ViewLink().addTo(map);
    toolbar.addButton("link", "Link to this view", function () { self.viewLink.toggle(); });
    new L.Corridor.Coordinates().addTo(map);
    this._clearTheLines();
    if (!this.fromAddress) { this._clearTheMarkers(); }
    this.labels.homeZoom = this.homeZoom;
    var segment = viewHash.parseSegment(window.location.hash);
    if (segment) { this.zoomToSegment(segment); }
    this.areaNames.symbols = function () { return self._markerBoxes(); };
    this.areaNames.start();
    this.labels.start();
    L.Corridor.followAddress(map, function (id) { self.zoomToSegment(id); });
    map.on("popupopen", function (event) {
      if (self.measure.active) { map.closePopup(event.popup); return; }
      L.Corridor.linkCorridorClaims(event.popup);
    });
  };

  CorridorMap.prototype._clearTheLines = function () {
    // A route map frames its routes beside the open legend, but another corridor's line may still run under it:
    // then the legend starts folded and the home view is framed again (before any name is placed).
    var legend = this.legend, map = this.map, segments = this.segments, lines = [];
    if (!legend || !legend.isOpen()) { return; }
    Object.keys(segments).forEach(function (id) {
      segments[id].forEach(function (layer) {
        if (/corridor-/.test(layer.options.className || "") && map.hasLayer(layer)) { lines.push(layer); }
      });
    });
    if (!legend.covers(lines, this.legendBox)) { return; }
    legend.isOpen(false);
    this.homePadding = this._homePadding();
    if (!this.fromAddress) { map.fitBounds(this.config.bounds, L.extend({animate: false}, this.homePadding)); }
    this.homeZoom = map.getBoundsZoom(this.config.bounds, false, this._paddingSum());
  };

  CorridorMap.prototype._clearTheMarkers = function () {
    // The home view frames the lines inside the padding, but a place beside them (on another corridor, off a
    // route) may still stand under a control: the view then moves by the least step that leaves every marker in
    // view whole and clear of every control, the lines still inside the padding; where none does, it stays.
    var map = this.map, size = map.getSize(), p = this.homePadding, bounds = L.latLngBounds(this.config.bounds);
    var nw = map.latLngToContainerPoint(bounds.getNorthWest()), se = map.latLngToContainerPoint(bounds.getSouthEast());
    var controls = L.Corridor.controlBoxes(map, CONTROL_MARGIN_PX), symbols = this._markerCircles(false);
    var clear = function (move) {
      return symbols.every(function (s) {
        var x = s.x + move[0], y = s.y + move[1];
        if (x + s.r < 0 || y + s.r < 0 || x - s.r > size.x || y - s.r > size.y) { return true; }
        if (x - s.r < 0 || y - s.r < 0 || x + s.r > size.x || y + s.r > size.y) { return false; }  // cut in two
        return !controls.some(function (c) {
          return x + s.r > c.left && x - s.r < c.right && y + s.r > c.top && y - s.r < c.bottom;
        });
      });
    };
    var steps = function (low, high) {  // 0, then out either way by PAN_STEP_PX, within [low, high]
      var found = [0];
      for (var d = PAN_STEP_PX; d <= Math.max(-low, high); d += PAN_STEP_PX) {
        if (-d >= low) { found.push(-d); }
        if (d <= high) { found.push(d); }
      }
      return found;
    };
    var moves = [];
    steps(p.paddingTopLeft[0] - nw.x, size.x - p.paddingBottomRight[0] - se.x).forEach(function (dx) {
      steps(p.paddingTopLeft[1] - nw.y, size.y - p.paddingBottomRight[1] - se.y).forEach(function (dy) {
        moves.push([dx, dy]);
      });
    });
    moves.sort(function (a, b) { return Math.abs(a[0]) + Math.abs(a[1]) - Math.abs(b[0]) - Math.abs(b[1]); });
    var move = moves.filter(clear)[0];
    if (move && (move[0] || move[1])) { map.panBy([-move[0], -move[1]], {animate: false}); }
  };

  CorridorMap.prototype._markerCircles = function (withTowns) {
    // The markers drawn at this view, {x, y, r} in container px: a station's waits for the zoom, and on a phone
    // a town's is drawn only if its name fits (`withTowns` counts those).
    var map = this.map, zoom = map.getZoom(), width = map.getSize().x, home = this.homeZoom, found = [];
    var layout = L.Corridor.labelLayout;
    this.markers.forEach(function (m) {
      var rank = {rank: m.rank};
      var drawn = m.rank === undefined || layout.drawnAt(rank, zoom, home, width) ||
        (withTowns && layout.namedIfRoom(rank, zoom, home, width));
      if (!drawn || !map.hasLayer(m.layer) || !m.layer._icon) { return; }
      var point = map.latLngToContainerPoint(m.layer.getLatLng()), r = m.layer.options.icon.options.iconSize[0] / 2;
      found.push({x: point.x, y: point.y, r: r});
    });
    return found;
  };

  CorridorMap.prototype._markerBoxes = function () {
    // What the country and sea names keep clear of: every marker that may be drawn at this view.
    return this._markerCircles(true).map(function (c) {
      return L.Corridor.labelLayout.box(c.x - c.r, c.y - c.r, 2 * c.r, 2 * c.r);
    });
  };

  CorridorMap.prototype.resetView = function () {
    this.map.fitBounds(this.config.bounds, L.extend({animate: false}, this.homePadding));
    this._clearTheMarkers();
  };

  CorridorMap.prototype.zoomToSegment = function (segmentId) {
    var layers = this.segments[segmentId], map = this.map;
    if (!layers || !layers.length) { return false; }
    var bounds = L.latLngBounds([]);
    layers.forEach(function (layer) { bounds.extend(layer.getBounds()); });
    map.fitBounds(bounds, L.extend({maxZoom: SEGMENT_MAX_ZOOM}, this.homePadding));
    var layer = layers.filter(function (l) { return map.hasLayer(l); })[0];
    if (layer && layer.getPopup()) { layer.openPopup(bounds.getCenter()); }
    return true;
  };

  L.Corridor.map = function (map, config) { return new CorridorMap(map, config); };
})(L);
