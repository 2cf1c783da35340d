/* A link to this view: a tool bar button shows the address that reopens the map at the zoom and centre the reader
 * sees (and copies it when the browser allows). Pages of this site frame their map as "corridor-map" and run no
 * script of their own, so the map carries the view for them: it opens at the view in the page's address
 * (`/corridors/<id>#zoom/lat/lon`), writes each move there too (unless the page's address points at a section of
 * the page), and its link is the page's address with the view. A map on its own, or framed by another site, uses
 * its own address. */
(function (L) {
  "use strict";
  var viewHash = L.Corridor.viewHash;
  var FRAME_NAME = "corridor-map";

  L.Corridor.hostPage = function () {
    // The page of this site that frames the map, or null (not framed, framed by another site, or from file://).
    try {
      if (window.parent !== window && window.name === FRAME_NAME && window.parent.location.href) {
        return window.parent;
      }
    } catch {
      return null;  // another origin: its address is not ours to read
    }
    return null;
  };

  L.Corridor.viewLink = function (map) {
    // The address that reopens this page (or map) at the map's current view.
    var where = (L.Corridor.hostPage() || window).location, centre = map.getCenter();
    return where.href.split("#")[0] + viewHash.formatView(map.getZoom(), centre.lat, centre.lng);
  };

  L.Corridor.ViewLink = L.Control.extend({
    options: {position: "topleft"},

    onAdd: function (map) {
      var panel = L.DomUtil.create("div", "map-view-link leaflet-bar folded");
      var input = L.DomUtil.create("input", "", panel);
      input.type = "text";
      input.readOnly = true;
      input.setAttribute("aria-label", "Link to this view");
      this._status = L.DomUtil.create("span", "map-view-link-status", panel);
      this._status.setAttribute("aria-live", "polite");
      this._panel = panel;
      this._input = input;
      L.DomEvent.disableClickPropagation(panel);
      var self = this;
      map.on("moveend", function () { if (!self.isFolded()) { self.show(); } });
      return panel;
    },

    isFolded: function () { return this._panel.classList.contains("folded"); },

    toggle: function () {
      if (this.isFolded()) { this.show(); } else { this._panel.classList.add("folded"); }
    },

    show: function () {
      var input = this._input, status = this._status;
      input.value = L.Corridor.viewLink(this._map);
      this._panel.classList.remove("folded");
      input.focus();
      input.select();
      status.textContent = "Ctrl+C (⌘C) to copy";
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(function () { status.textContent = "Copied"; },
          function () { return null; });  // not allowed here: the link is selected to copy by hand
      }
    }
  });
})(L);
