/* Layers that open switched off get their features the first time they are shown: the features wait in a JSON
 * data block that the browser does not parse as script until then (the single-file map), or, when the block names
 * a `data-src`, are fetched from there (a served map: one cached file per data version). */
(function (L) {
  "use strict";
  L.Corridor.addDataWhenShown = function (layer, blockId) {
    function add(data) {
      layer.addData(data);
      layer.setStyle(function (feature) { return feature.properties.style; });  // as folium styles every layer
    }
    function load() {
      var block = document.getElementById(blockId);
      var source = block.getAttribute("data-src");
      if (!source) {
        add(JSON.parse(block.textContent));
        return;
      }
      fetch(source).then(function (response) {
        if (!response.ok) { throw new Error(source + " answered " + response.status); }
        return response.json();
      }).then(add, function () {
        layer.once("add", load);  // shown again, asked again
      });
    }
    layer.once("add", load);
  };
})(L);
