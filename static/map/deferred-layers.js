/* A GeoJSON layer's features come from a JSON data block (corridor/maps/elements.py: the browser reads JSON far
 * faster than the same data written as script). `addDataNow` adds them as the map is built. A layer that opens
 * switched off gets them the first time it is shown (`addDataWhenShown`): they wait in the block unparsed until
 * then (the single-file map), or, when the block names a `data-src`, are fetched from there (a served map: one
 * cached file per data version). */
(function (L) {
  "use strict";
  function add(layer, data) {
    layer.addData(data);
    layer.setStyle(function (feature) { return feature.properties.style; });  // every feature by its own style
  }

  L.Corridor.addDataNow = function (layer, blockId) {
    add(layer, JSON.parse(document.getElementById(blockId).textContent));
  };

  L.Corridor.addDataWhenShown = function (layer, blockId) {
    function load() {
      var block = document.getElementById(blockId);
      var source = block.getAttribute("data-src");
      if (!source) {
        L.Corridor.addDataNow(layer, blockId);
        return;
      }
      fetch(source).then(function (response) {
        if (!response.ok) { throw new Error(source + " answered " + response.status); }
        return response.json();
      }).then(function (data) { add(layer, data); }, function () {
        layer.once("add", load);  // shown again, asked again
      });
    }
    layer.once("add", load);
  };
})(L);
