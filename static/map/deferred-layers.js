/* Layers that open switched off get their features the first time they are shown: the features wait in a JSON
 * data block that the browser does not parse as script until then. */
(function (L) {
  "use strict";
  L.Corridor.addDataWhenShown = function (layer, blockId) {
    layer.once("add", function () {
      var block = document.getElementById(blockId);
      layer.addData(JSON.parse(block.textContent));
      layer.setStyle(function (feature) { return feature.properties.style; });  // as folium styles every layer
    });
  };
})(L);
