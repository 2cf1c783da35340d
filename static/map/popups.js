/* Popups built when they open: each feature carries only a key (`popup`), and its HTML (built and escaped on the
 * server) waits in a JSON table that the browser reads once, on the first popup, rather than as code in every map
 * document's script. The table is inline in a JSON data block (the single-file map) or, when that block names a
 * `data-src`, fetched from there when the first popup opens: the popup shows at once, saying it is loading, and
 * gets its content when the table arrives. A segment popup's "N claims about it" link swaps in its corridor's
 * claims (kept once per corridor), with a link back. */
(function (L) {
  "use strict";
  var TABLE_ID = "corridor-popup-html";
  var BACK = '<p class="popup-back"><a href="#" class="popup-back-link">‹ back to the segment</a></p>';
  var LOADING = '<p class="popup-loading">Loading…</p>';
  var FAILED = '<p class="popup-loading">The text of this popup could not be loaded; click again, or reload the page.</p>';
  var table = null, loading = false, failed = false, waiting = [];

  function showWaiting() {
    // Each popup opened while the table was on its way asks for its content again (Leaflet calls the content
    // function on update).
    var opened = waiting;
    waiting = [];
    opened.forEach(function (popup) { if (popup.isOpen()) { popup.update(); } });
  }

  function fetchTable(source) {
    loading = true;
    fetch(source).then(function (response) {
      if (!response.ok) { throw new Error(source + " answered " + response.status); }
      return response.json();
    }).then(function (fetched) {
      table = fetched;
    }, function () {
      failed = true;
    }).then(function () {
      loading = false;
      showWaiting();
      failed = false;  // the popups waiting were told; the next popup that opens asks again
    });
  }

  L.Corridor.popupHtml = function (section, key) {
    if (table === null) {
      var block = document.getElementById(TABLE_ID);
      var source = block ? block.getAttribute("data-src") : null;
      if (!source) {
        table = block ? JSON.parse(block.textContent) : {};
      } else if (failed) {
        return FAILED;
      } else {
        if (!loading) { fetchTable(source); }
        return LOADING;
      }
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
    // Called as each popup opens (corridor-map.js). One opened before the table arrived is updated when it does.
    if (table === null && waiting.indexOf(popup) < 0) { waiting.push(popup); }
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
