/* Reset view (back to the map's home view) and full screen, as tool bar buttons. */
(function (L) {
  "use strict";
  L.Corridor.addViewTools = function (toolbar, resetView) {
    toolbar.addButton("reset", "Reset view", resetView);
    var root = document.documentElement;
    if (document.fullscreenEnabled && root.requestFullscreen) {
      toolbar.addButton("fullscreen", "Full screen", function () {
        if (document.fullscreenElement) { document.exitFullscreen(); } else { root.requestFullscreen(); }
      });
    }
  };
})(L);
