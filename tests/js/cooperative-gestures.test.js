"use strict";
// node --test: which wheel turns an embedded map takes for itself (static/cooperative-gestures.js).
const test = require("node:test");
const assert = require("node:assert");
const {wheelIsForTheMap} = require("../../static/cooperative-gestures.js");

test("a plain wheel turn is the page's", () => {
    assert.strictEqual(wheelIsForTheMap({ctrlKey: false, metaKey: false}, false), false);
});

test("Ctrl or Command with the wheel zooms the map", () => {
    assert.strictEqual(wheelIsForTheMap({ctrlKey: true, metaKey: false}, false), true);
    assert.strictEqual(wheelIsForTheMap({ctrlKey: false, metaKey: true}, false), true);
});

test("after a click the wheel is the map's", () => {
    assert.strictEqual(wheelIsForTheMap({ctrlKey: false, metaKey: false}, true), true);
});
