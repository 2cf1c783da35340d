"""The documentation: generated parts current, the site builds strictly, works offline, and the data README
documents every property of the model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corridor.atlas.load import DEFAULT_DATA_DIR
from corridor.docs import DOCUMENTED_MODELS, property_table, refresh_tables
from corridor_web.docs_parts import generated_pages, run_cog
from corridor_web.docs_site import DOCS_DIR, build_docs

ROOT = Path(__file__).resolve().parent.parent
AUDIENCES = ("readers", "report-writers", "gis", "curators", "operators", "developers")
EXTERNAL_ASSET = re.compile(
    r"""<(?:script|img|iframe)\b[^>]*\bsrc=["']?(?:https?:)?//|<link\b[^>]*\bhref=["']?(?:https?:)?//|url\(["']?(?:https?:)?//|@import""",
    re.IGNORECASE,
)


def test_geodata_readme_property_tables_are_current():
    text = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert refresh_tables(text) == text, "run `python -m corridor_web.docs_parts` to refresh geodata/README.md"


def test_geodata_readme_has_a_table_for_every_model():
    text = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name, record_model in DOCUMENTED_MODELS.items():
        assert f"<!-- properties:{name} -->\n{property_table(record_model)}<!-- end -->" in text
        for field in record_model.model_fields:
            assert f"| `{field}` |" in text


def test_generated_parts_of_the_docs_are_current(capsys):
    pages = {page.relative_to(DOCS_DIR).as_posix() for page in generated_pages()}
    assert {
        "cli.md",
        "readers/routes.md",
        "gis/index.md",
        "gis/ogc-api.md",
        "curators/data-model.md",
        "operators/index.md",
    } <= pages
    status = run_cog("--check")
    captured = capsys.readouterr()
    assert status == 0, captured.out + captured.err


def test_the_check_fails_when_a_generated_part_was_edited_by_hand(tmp_path, capsys):
    page = (DOCS_DIR / "gis" / "index.md").read_text(encoding="utf-8")
    (tmp_path / "index.md").write_text(page.replace("| `gpkg` |", "| `geopackage` |"), encoding="utf-8")
    assert run_cog("--check", docs_dir=tmp_path) != 0
    assert "run `python -m corridor_web.docs_parts`" in capsys.readouterr().err


def test_the_docs_are_organised_by_who_reads_them():
    for audience in AUDIENCES:
        assert (DOCS_DIR / audience / "index.md").is_file(), audience


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built as `mkdocs build --strict` builds it: any broken link or anchor stops the build."""
    site_dir = tmp_path_factory.mktemp("docs-site")
    build_docs(site_dir, strict=True)
    return site_dir


def test_mkdocs_builds_strictly_with_a_page_per_markdown_file(site):
    for page in DOCS_DIR.rglob("*.md"):
        assert (site / page.relative_to(DOCS_DIR).with_suffix(".html")).is_file(), page
    assert (site / "search" / "search_index.json").is_file(), "search is built with the site"


def test_the_built_docs_load_no_script_style_or_font_from_another_host(site):
    checked = 0
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            found = EXTERNAL_ASSET.search(path.read_text(encoding="utf-8"))
            assert found is None, f"{path.relative_to(site)}: {found and found.group(0)}"
            checked += 1
    assert checked > 20
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in index and 'href="assets/stylesheets/' in index


def test_the_checkout_mkdocs_yml_builds_the_same_docs():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert Path(config["docs_dir"]) == DOCS_DIR and config["theme"]["font"] is False
