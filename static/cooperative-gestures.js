/* Cooperative gestures for maps embedded in other people's pages: the host page scrolls under the mouse wheel
   and under one finger; the map zooms with Ctrl/⌘ + wheel (or with the wheel once the reader has clicked it,
   until the pointer leaves) and pans with two fingers or a mouse drag.

   Built on leaflet-gesture-handling (static/vendor/, MIT), which does the touch and Ctrl + wheel part. Two
   changes: its mouse-over switched wheel zoom on, so the first tick over the map zoomed it and kept the page
   from scrolling; and a click now engages the wheel, as readers expect from Google's embeds. Classic script,
   no build step: loaded after Leaflet and the vendored plugin. */
(function (root) {
    "use strict";

    function cooperativeGestures(L, Base) {
        return Base.extend({
            addHooks: function () {
                this._engaged = false;
                this._onWheelCapture = this._onWheelCapture.bind(this);
                Base.prototype.addHooks.call(this);
                // Before the map's own wheel handler (which zooms and stops the page from scrolling).
                this._map._container.addEventListener("wheel", this._onWheelCapture, {capture: true, passive: true});
                this._map.on("click", this._engage, this);
            },

            removeHooks: function () {
                this._map.off("click", this._engage, this);
                this._map._container.removeEventListener("wheel", this._onWheelCapture, {capture: true});
                Base.prototype.removeHooks.call(this);
            },

            _engage: function () {
                this._engaged = true;
            },

            _handleMouseOut: function (event) {
                this._engaged = false;
                Base.prototype._handleMouseOut.call(this, event);
            },

            /* A plain wheel turn is the page's: it never reaches the map, and the hint says how to zoom. */
            _onWheelCapture: function (event) {
                if (!wheelIsForTheMap(event, this._engaged)) {
                    event.stopPropagation();
                    this._showHint();
                }
            },

            /* The vendored handler's wheel listener: the capture above has already decided. */
            _handleScroll: function () {},

            _showHint: function () {
                var container = this._map._container;
                L.DomUtil.addClass(container, "leaflet-gesture-handling-scroll-warning");
                clearTimeout(this._hintTimer);
                this._hintTimer = setTimeout(function () {
                    L.DomUtil.removeClass(container, "leaflet-gesture-handling-scroll-warning");
                }, this._map.options.gestureHandlingOptions.duration);
            }
        });
    }

    /* Whether a wheel event zooms the map: with Ctrl or ⌘ held (a touchpad pinch sends Ctrl too), or once the
       reader has clicked the map. */
    function wheelIsForTheMap(event, engaged) {
        return Boolean(engaged || event.ctrlKey || event.metaKey);
    }

    /* Switch cooperative gestures on for `map`; `text` holds the hints shown over the map. */
    function enableCooperativeGestures(map, text) {
        var Handler = cooperativeGestures(root.L, root.leafletGestureHandling.GestureHandling);
        map.options.gestureHandlingOptions = {duration: 1500, text: text};
        map.addHandler("cooperativeGestures", Handler);
        map.cooperativeGestures.enable();
        return map.cooperativeGestures;
    }

    root.CorridorGestures = {enable: enableCooperativeGestures};
    if (typeof module !== "undefined" && module.exports) {
        module.exports = {
            cooperativeGestures: cooperativeGestures,
            enable: enableCooperativeGestures,
            wheelIsForTheMap: wheelIsForTheMap
        };
    }
}(typeof window !== "undefined" ? window : globalThis));
