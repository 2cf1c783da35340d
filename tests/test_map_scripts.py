"""The map's scripts (static/map/, the vendored plugin under static/vendor/): ESLint's recommended rules and the
node unit tests of their pure parts pass, and every file is in the map documents, in order.

Without node or the npm packages these tests are skipped on a developer's machine and fail under CI (env CI set):
the test command installs them (`npm ci`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from corridor.atlas.resources import STATIC_DIR
from corridor.maps.scripts import MAP_SCRIPTS, map_scripts_js, without_comment_lines

ROOT = Path(__file__).resolve().parent.parent
ESLINT = ROOT / "node_modules" / ".bin" / "eslint"


def need(tool: Path | str | None, what: str) -> None:
    if tool is None or not Path(tool).exists():
        message = f"{what} is missing (Node 20.19 or later with npm; the test command runs npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_map_scripts_pass_eslint_recommended_rules():
    need(shutil.which("node"), "node")
    need(ESLINT, "ESLint (node_modules/)")
    result = run([str(ESLINT), "--max-warnings", "0", "static/", "tests/js/", "eslint.config.js"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_node_unit_tests_of_the_pure_parts_pass():
    node = shutil.which("node")
    need(node, "node")
    result = run([str(node), "--test", "tests/js/"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
    assert "# pass 0" not in result.stdout


def test_every_map_script_is_inlined_in_load_order():
    code = map_scripts_js()
    positions = [code.index(f"/* static/{name} */") for name in MAP_SCRIPTS]
    assert positions == sorted(positions)
    on_disk = {f"map/{p.name}" for p in (STATIC_DIR / "map").glob("*.js")}
    assert on_disk == {name for name in MAP_SCRIPTS if name.startswith("map/")}, "a plugin file is left out"


def test_vendored_plugins_carry_their_licence():
    for name in MAP_SCRIPTS:
        if name.startswith("vendor/"):
            licence = (STATIC_DIR / name).parent / "LICENSE"
            assert "Permission is hereby granted" in licence.read_text(encoding="utf-8"), name


def test_the_developer_docs_describe_every_map_script():
    docs = (ROOT / "docs" / "developers" / "map-scripts.md").read_text(encoding="utf-8")
    for name in MAP_SCRIPTS:
        assert f"`static/{name}`" in docs, name


def test_the_inlined_scripts_lose_their_comment_lines_and_stay_valid_javascript(tmp_path):
    node = shutil.which("node")
    need(node, "node")
    bundle = tmp_path / "map-scripts.js"
    bundle.write_text(map_scripts_js(), encoding="utf-8")
    result = run([str(node), "--check", str(bundle)])
    assert result.returncode == 0, result.stderr
    sections = re.split(r"^(?=/\* static/)", map_scripts_js(), flags=re.M)  # one per file, from its name line
    own = [line for section in sections if section.startswith("/* static/map/") for line in section.splitlines()]
    comments = [line for line in own if line.strip().startswith(("//", "/*"))]
    assert comments and all(line.startswith("/* static/map/") for line in comments), "only each file's name"


def test_only_comment_lines_and_blank_lines_are_left_out():
    code = """/* A header
 * over lines. */
(function () {
  // a comment line
  var url = "http://example.org/*"; // a trailing comment stays
  /* one line */
  var pattern = /^\\/\\//;

  /* a block
     ending in code */ var after = 1;
  return [url, pattern, after]; /* kept with its line */
})();
"""
    assert (
        without_comment_lines(code)
        == """(function () {
  var url = "http://example.org/*"; // a trailing comment stays
  var pattern = /^\\/\\//;
var after = 1;
  return [url, pattern, after]; /* kept with its line */
})();
"""
    )
