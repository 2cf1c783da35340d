/* Popups built when they open: each feature carries only a key (`popup`), and its HTML (built and escaped on the
 * server) waits in a JSON data block that the browser reads once, on the first popup, rather than as code in
 * every map document's script. A segment popup's "N claims about it" link swaps in its corridor's claims (kept
 * once per corridor), with a link back. */
(function (L) {
  "use strict";
  var TABLE_ID = "corridor-popup-html";
  var BACK = '<p class="popup-back"><a href="#" class="popup-back-link">‹ back to the segment</a></p>';
  var table = null;

  L.Corridor.popupHtml = function (section, key) {
    if (table === null) {
      var block = document.getElementById(TABLE_ID);
      table = block ? JSON.parse(block.textContent) : {};
    }
    return (table[section] || {})[key] || "";
  };

  L.Corridor.popupOptions = function (map) {
    // Sized to the map (Leaflet keeps its size: reading it lays nothing out), leaving room for the controls.
    var size = map.getSize();
    return {
      maxWidth: Math.max(200, Math.min(340, size.x - 130)),
      maxHeight: Math.max(160, Math.min(320, size.y - 150)),
      autoPanPaddingTopLeft: L.point(56, 60), autoPanPaddingBottomRight: L.point(56, 40)
    };
  };

  L.Corridor.linkCorridorClaims = function (popup) {
    // One listener on the popup's own element, which outlives its content: a link inside still works after
    // Leaflet or a swap below rewrites the content.
    var element = popup.getElement();
    if (!element || element.corridorClaimsLinked) { return; }
    element.corridorClaimsLinked = true;
    var segmentContent = null;
    L.DomEvent.on(element, "click", function (event) {
      var link = event.target.closest ? event.target.closest("a.corridor-facts-link, a.popup-back-link") : null;
      if (!link) { return; }
      // Stopped here: once the content is swapped the link has no ancestors, and the map would take the click
      // for one on the map itself and close the popup.
      L.DomEvent.stop(event);
      if (link.classList.contains("popup-back-link")) {
        popup.setContent(segmentContent);
        return;
      }
      segmentContent = popup.getContent();
      popup.setContent(BACK + L.Corridor.popupHtml("corridors", link.getAttribute("data-corridor")));
    });
  };
})(L);
