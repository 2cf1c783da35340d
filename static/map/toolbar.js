/* The map's tool bar (top left, under the zoom buttons): icon buttons that the other plugins add. */
(function (L) {
  "use strict";
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
      'stroke="currentColor" stroke-width="1.2"/></svg>',
    link: '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M6.5 9.5l3-3M7 4.5l1.5-1.5a2.5 2.5 0 0 1 3.5 3.5L10.5 8' +
      'M9 11.5l-1.5 1.5a2.5 2.5 0 0 1-3.5-3.5L5.5 8" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>'
  };

  L.Corridor.Toolbar = L.Control.extend({
    options: {position: "topleft"},

    onAdd: function () {
      this._bar = L.DomUtil.create("div", "leaflet-bar map-tools");
      L.DomEvent.disableClickPropagation(this._bar);
      return this._bar;
    },

    addButton: function (icon, title, onClick) {
      var link = L.DomUtil.create("a", "map-tool", this._bar);
      link.href = "#";
      link.setAttribute("role", "button");
      link.title = title;
      link.setAttribute("aria-label", title);
      link.innerHTML = ICONS[icon];  // constant markup, no data
      L.DomEvent.on(link, "click", function (event) { L.DomEvent.preventDefault(event); onClick(link); });
      return link;
    }
  });
})(L);
