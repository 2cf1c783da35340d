// ESLint's recommended rules for the map's own scripts (classic browser scripts under static/map/, which node
// also loads as CommonJS modules for the unit tests) and for those tests; vendored libraries are not ours to lint.
"use strict";
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {ignores: ["static/vendor/**", "node_modules/**", ".venv/**"]},
  js.configs.recommended,
  {
    files: ["static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: {...globals.browser, L: "readonly", module: "readonly"}
    }
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: {ecmaVersion: 2022, sourceType: "commonjs", globals: {...globals.node}}
  }
];
