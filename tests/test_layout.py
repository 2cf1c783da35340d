"""The project's shape: a core that never reaches for the web layer, and a thin top-level app.py."""

from __future__ import annotations

import ast
import importlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import corridor

CORE_DIR = Path(corridor.__file__).parent
WEB_ONLY = frozenset({"flask", "flask_compress", "werkzeug", "waitress", "corridor_web", "app"})
ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def imported_packages(source: str) -> set[str]:
    """The top-level package of every import in `source`, at module level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            found.update(arg.value.split(".")[0] for arg in node.args if isinstance(arg, ast.Constant))
    return found


def test_no_core_module_imports_the_web_layer():
    core_files = sorted(CORE_DIR.rglob("*.py"))
    assert len(core_files) > 20
    offenders = {
        str(path.relative_to(CORE_DIR)): sorted(imported_packages(path.read_text(encoding="utf-8")) & WEB_ONLY)
        for path in core_files
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_scan_sees_imports_inside_functions():
    source = (
        "def serve():\n    import waitress\n    from flask import Flask\n    importlib.import_module('werkzeug.http')\n"
    )
    assert imported_packages(source) == {"waitress", "flask", "werkzeug"}


def test_app_py_only_re_exports_the_factory():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    statements = [node for node in tree.body if not isinstance(node, ast.Expr)]  # the docstring
    assert [ast.unparse(node) for node in statements] == [
        "from corridor_web import create_app",
        "__all__ = ['create_app']",
    ]


def test_top_level_holds_only_the_designed_modules():
    assert sorted(p.name for p in ROOT.glob("*.py")) == ["app.py"]


def lint_imports(cwd: Path, python_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    """import-linter's verdict on the contracts in `cwd`'s pyproject.toml (`python_path`: where `corridor` is)."""
    env = os.environ | ({"PYTHONPATH": str(python_path)} if python_path else {})
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_an_import_against_the_layers_breaks_a_contract(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(CORE_DIR, tmp_path / "corridor", ignore=shutil.ignore_patterns("__pycache__"))
    legend = tmp_path / "corridor" / "maps" / "legend.py"
    legend.write_text(legend.read_text(encoding="utf-8") + "\nfrom corridor.exports import kml  # noqa\n")
    result = lint_imports(tmp_path, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "corridor.maps is not allowed to import corridor.exports" in result.stdout
    assert "corridor.maps.legend -> corridor.exports.kml" in result.stdout


def test_every_home_the_rules_page_names_exists():
    text = (ROOT / "docs" / "developers" / "rules.md").read_text(encoding="utf-8")
    homes = re.findall(r"`(corridor(?:\.\w+)+):([\w.]+)`", text)
    assert len(homes) >= 8
    for module_name, attribute in homes:
        found = importlib.import_module(module_name)
        for part in attribute.split("."):
            found = getattr(found, part)
        assert callable(found), f"{module_name}:{attribute}"
    for test_file in re.findall(r"`(tests/[\w/]+\.py)`", text):
        assert (ROOT / test_file).is_file(), test_file


def test_the_rules_page_draws_the_layers_the_contracts_enforce():
    text = (ROOT / "docs" / "developers" / "rules.md").read_text(encoding="utf-8")
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c["layers"] for c in contracts["contracts"] if c["type"] == "layers")
    tree = re.search(r"## Import layers.*?```\n(.*?)```", text, re.S).group(1)
    drawn = [line.split("  ")[0].strip() for line in tree.splitlines() if line.startswith("corridor")]
    assert drawn == layers
