/* Find a place: a search box (top left, folded behind its tool bar button on a small map) offering the map's
 * place names; the place found is centred and its popup opened. */
(function (L) {
  "use strict";
  var FOLDED_BELOW_PX = 700, FOUND_ZOOM = 8;

  L.Corridor.PlaceSearch = L.Control.extend({
    options: {position: "topleft"},

    initialize: function (places, options) {
      L.setOptions(this, options);
      this._places = places;  // [{name, layer}]
    },

    onAdd: function (map) {
      var form = L.DomUtil.create("form", "map-search leaflet-bar"), self = this;
      form.setAttribute("role", "search");
      var input = L.DomUtil.create("input", "", form);
      input.type = "search";
      input.placeholder = "Find a place";
      input.setAttribute("aria-label", "Find a place on the map");
      var listId = "map-places-" + L.Util.stamp(form);
      input.setAttribute("list", listId);
      var list = L.DomUtil.create("datalist", "", form);
      list.id = listId;
      this._places.forEach(function (place) {
        var option = document.createElement("option");
        option.value = place.name;
        list.appendChild(option);
      });
      this._input = input;
      if (map.getSize().x < FOLDED_BELOW_PX) { form.classList.add("folded"); }
      var go = function (event) { if (event) { L.DomEvent.preventDefault(event); } self.find(input.value); };
      L.DomEvent.on(form, "submit", go);
      L.DomEvent.on(input, "change", go);
      L.DomEvent.disableClickPropagation(form);
      return form;
    },

    find: function (text) {
      // An exact name first, then the first name containing the text.
      var wanted = text.trim().toLowerCase(), map = this._map, input = this._input;
      if (!wanted) { return; }
      var found = this._places.filter(function (p) { return p.name.toLowerCase() === wanted; })[0] ||
        this._places.filter(function (p) { return p.name.toLowerCase().indexOf(wanted) >= 0; })[0];
      if (!found) { input.setCustomValidity("No such place on this map"); input.reportValidity(); return; }
      input.setCustomValidity("");
      map.setView(found.layer.getLatLng(), Math.max(map.getZoom(), FOUND_ZOOM));
      if (map.hasLayer(found.layer)) { found.layer.openPopup(); }
    },

    toggle: function () {
      var folded = this.getContainer().classList.toggle("folded");
      if (!folded) { this._input.focus(); }
      this._map.fire("resize");  // the names move out of its way
    }
  });
})(L);
