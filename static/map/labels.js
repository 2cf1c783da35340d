/* Place names on the map: one element per name in a pane of their own, measured once, placed by label-layout.js
 * after every move, zoom, resize and layer change, in one collision set with the basemap's names (anything in
 * the basemap pane: countries, seas) and the map's controls. Names come as HTML escaped on the server. */
(function (L) {
  "use strict";
  var layout = L.Corridor.labelLayout;
  var CONTROL_MARGIN_PX = 2, BASEMAP_NAMES = ".leaflet-area-names-pane .country-label";
  var NARROW_MEDIA = "(max-width: " + (layout.NARROW_PX - 1) + "px)";

  L.Corridor.Labels = L.Class.extend({
    initialize: function (map) {
      this._map = map;
      this._pane = map.createPane("labels");
      this._pane.style.zIndex = 640;
      this._pane.style.pointerEvents = "none";
      this._entries = [];
      this.homeZoom = null;
    },

    add: function (layer, p) {
      var el = L.DomUtil.create("div", "place-label place-label-rank" + p.label_rank, this._pane);
      el.setAttribute("data-names", (p.label_names || [p.id]).join(" "));
      el.style.visibility = "hidden";
      var leader = L.DomUtil.create("div", "label-leader", this._pane);
      leader.style.display = "none";
      var texts = [p.label_html], names = [p.label_names || [p.id]];
      (p.label_more || []).forEach(function (more) { texts.push(more.html); names.push(more.names); });
      this._entries.push({layer: layer, p: p, el: el, leader: leader, texts: texts, names: names, sizes: null,
        shown: -1});
    },

    start: function () {
      // Names placed now and after each change of view; hidden while a zoom animates.
      var map = this._map, pane = this._pane, self = this, pending = false;
      if (this.homeZoom === null) { this.homeZoom = map.getZoom(); }
      var again = function () {
        if (pending) { return; }
        pending = true;
        L.Util.requestAnimFrame(function () { pending = false; self.place(); });
      };
      // Not on "zoomend": "moveend" follows it, and by then the basemap's names (area-names.js, which waits for
      // "moveend") are queued first, so the names are placed against where those stand now, not before the zoom.
      map.on("moveend resize overlayadd overlayremove layeradd", again);
      var narrow = window.matchMedia && window.matchMedia(NARROW_MEDIA);
      if (narrow && narrow.addEventListener) {
        // map.css sets key names a size smaller on a narrow map: measured again when the map crosses that width.
        narrow.addEventListener("change", function () {
          self._entries.forEach(function (e) { e.sizes = null; });
          again();
        });
      }
      map.on("zoomstart", function () { pane.style.display = "none"; });
      map.on("zoomend", function () { pane.style.display = ""; });
      this.place();
    },

    _layoutEntries: function (toPoint) {
      // The shown names as label-layout takes them, their places projected by `toPoint`.
      var map = this._map;
      return this._entries.filter(function (e) { return map.hasLayer(e.layer); }).map(function (e) {
        return {
          id: e.p.id, rank: e.p.label_rank, order: e.p.label_order, names: e.names[0], textNames: e.names, source: e,
          point: toPoint(e.layer.getLatLng()), markerPx: e.p.marker_px, sizes: e.sizes,
          dotPx: e.layer.options.icon.options.iconSize[0],
          anchors: (e.p.label_anchors || []).map(toPoint)
        };
      });
    },

    place: function () {
      // Names measured before the controls' and basemap names' boxes are read: the texts written for measuring
      // and the controls are then laid out together, once. Only the names drawn at this zoom are measured (a
      // station's waits until the reader zooms in), so the first view lays out no text it does not show.
      var map = this._map, self = this, zoom = map.getZoom(), size = map.getSize();
      var home = this.homeZoom === null ? zoom : this.homeZoom;
      var drawn = function (e) { return layout.drawnAt(e, zoom, home, size.x); };
      var ifNamed = function (e) { return layout.namedIfRoom(e, zoom, home, size.x); };
      this._measure(this._entries.filter(function (e) {
        return map.hasLayer(e.layer) && (drawn({rank: e.p.label_rank}) || ifNamed({rank: e.p.label_rank}));
      }));
      var controls = this._controls(), basemap = this._basemapNames(controls);
      var all = this._layoutEntries(function (latLng) { return map.latLngToContainerPoint(latLng); });
      // Stations appear with their names, once the reader zooms in: unnamed dots only crowd the key names. On a
      // phone's first view, so do towns and cities, but those whose names fit (clear of the controls) are drawn.
      var entries = all.filter(drawn), towns = all.filter(function (e) {
        var r = e.markerPx / 2;
        return ifNamed(e) && !controls.some(function (c) {
          return layout.overlaps(layout.box(e.point.x - r, e.point.y - r, 2 * r, 2 * r), c);
        });
      });
      var placements = layout.placeNames(entries, {
        size: size, zoom: zoom, homeZoom: home, controls: controls, names: basemap.boxes, lines: this._lineCells()
      }, towns);
      var named = placements.map(function (p) { return p.entry.source; });
      all.forEach(function (e) {
        var shown = drawn(e) || named.indexOf(e.source) >= 0;
        if (e.source.layer._icon) { e.source.layer._icon.style.display = shown ? "" : "none"; }
      });
      placements.hidden.forEach(function (i) { basemap.elements[i].style.visibility = "hidden"; });
      this._entries.forEach(function (e) { e.el.style.visibility = "hidden"; e.leader.style.display = "none"; });
      var origin = map.containerPointToLayerPoint([0, 0]);
      placements.forEach(function (placed) { self._show(placed, origin); });
      map.getContainer().setAttribute("data-names-placed", String(placements.length));
      map.fire("namesplaced", {count: placements.length});
    },

    _measure: function (entries) {
      // Every text written first, then every size read: one layout per text variant, not one per name.
      var todo = entries.filter(function (e) { return !e.sizes; });
      var variants = Math.max.apply(null, todo.map(function (e) { return e.texts.length; }).concat([0]));
      for (var variant = 0; variant < variants; variant++) {
        var batch = todo.filter(function (e) { return e.texts.length > variant; });
        batch.forEach(function (e) {
          e.el.innerHTML = e.texts[variant];  // escaped on the server
          e.el.style.display = "block";
        });
        batch.forEach(function (e) {
          e.sizes = e.sizes || [];
          e.sizes.push({width: e.el.offsetWidth, height: e.el.offsetHeight});
          e.shown = variant;
        });
      }
    },

    _controls: function () {
      // The map's controls (zoom, layers, tools, legend), which no name may cover.
      return L.Corridor.controlBoxes(this._map, CONTROL_MARGIN_PX);
    },

    _basemapNames: function (controls) {
      // The basemap's names shown, as the boxes of their text, in the basemap's order: a name that would cover an
      // earlier one or a control is hidden (two long country names meet where small countries touch).
      var frame = this._map.getContainer().getBoundingClientRect(), range = document.createRange();
      var found = {boxes: [], elements: []};
      var elements = this._map.getContainer().querySelectorAll(BASEMAP_NAMES);
      for (var j = 0; j < elements.length; j++) { elements[j].style.visibility = ""; }
      for (var i = 0; i < elements.length; i++) {
        var el = elements[i];
        range.selectNodeContents(el);
        var r = range.getBoundingClientRect();
        if (!r.width || !el.textContent.trim()) { continue; }
        var b = layout.box(r.left - frame.left, r.top - frame.top, r.width, r.height);
        var covers = function (o) { return layout.overlaps(b, o); };
        if (found.boxes.some(covers) || controls.some(covers)) { el.style.visibility = "hidden"; continue; }
        found.boxes.push(b);
        found.elements.push(el);
      }
      return found;
    },

    _lineCells: function () {
      // The railway lines as the renderer last drew them: each line's clipped, projected, offset points
      // (Leaflet keeps them in `_parts`; reading them costs nothing, projecting again would cost a redraw's work).
      var cells = new layout.LineCells(layout.CELL_PX), origin = this._map.containerPointToLayerPoint([0, 0]);
      this._map.eachLayer(function (layer) {
        if (!(layer instanceof L.Polyline) || !layer._parts || !/\bseg\b/.test(layer.options.className || "")) {
          return;
        }
        layer._parts.forEach(function (part) {
          for (var i = 0; i < part.length - 1; i++) {
            cells.addSegment(part[i].subtract(origin), part[i + 1].subtract(origin));
          }
        });
      });
      return cells;
    },

    _show: function (placed, origin) {
      var e = placed.entry.source, b = placed.box;
      if (e.shown !== placed.text) {
        e.el.innerHTML = e.texts[placed.text];
        e.el.setAttribute("data-names", e.names[placed.text].join(" "));
        e.shown = placed.text;
      }
      L.DomUtil.setPosition(e.el, L.point(b.left + origin.x, b.top + origin.y));
      e.el.style.visibility = "visible";
      if (placed.leaderEnd) {
        var point = placed.entry.point, r = e.p.marker_px / 2;
        var dx = placed.leaderEnd.x - point.x, dy = placed.leaderEnd.y - point.y;
        var reach = Math.sqrt(dx * dx + dy * dy), length = reach - r;
        e.leader.style.display = "block";
        e.leader.style.width = Math.max(0, length) + "px";
        L.DomUtil.setPosition(e.leader, L.point(point.x + dx / reach * r + origin.x, point.y + dy / reach * r + origin.y));
        e.leader.style.transform += " rotate(" + Math.atan2(dy, dx) + "rad)";
      }
    }
  });
})(L);
