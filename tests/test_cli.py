"""The corridor command line: help, validate and info."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from corridor_web.cli import main

CLI_PAGE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def test_help_lists_every_command_and_the_docs_document_them(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = re.findall(r"^  (\S+)\s", result.output.split("Commands:")[1], flags=re.MULTILINE)
    assert {"validate", "info"} <= set(commands)
    reference = CLI_PAGE.read_text(encoding="utf-8")
    for command in commands:
        assert f"## corridor {command}\n" in reference, f"docs/cli.md does not document `corridor {command}`"
        assert runner.invoke(main, [command, "--help"]).exit_code == 0


def test_validate_passes_on_bundled_data(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 3 corridors")


def test_validate_exits_1_with_file_feature_field_for_broken_data(runner, data_copy, edit_json):
    def break_quote(facts):
        facts[0]["quote"] = "words no seed contains"

    edit_json(data_copy / "facts.json", break_quote)
    result = runner.invoke(main, ["validate", str(data_copy)])
    assert result.exit_code == 1
    assert re.search(r"^facts\.json: [a-z0-9-]+: quote: not found verbatim", result.output, flags=re.MULTILINE)
    assert "Traceback" not in result.output


def test_validate_reports_malformed_json_without_traceback(runner, data_copy):
    (data_copy / "corridors.json").write_text("[{", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(data_copy)])
    assert result.exit_code == 1
    assert "corridors.json: -: -: invalid JSON at line 1" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_info_prints_lengths_by_country_and_status_per_corridor(runner, atlas):
    result = runner.invoke(main, ["info"])
    assert result.exit_code == 0, result.output
    for corridor in atlas.corridors.values():
        assert f"{corridor.name} [{corridor.id}]" in result.output
    assert re.search(r"length\s+[\d,]+ km", result.output)
    assert re.search(r"by country\s+Afghanistan [\d,]+ km", result.output)  # names, not ISO codes
    assert "by status" in result.output and "existing" in result.output


def test_info_rejects_unknown_corridor_with_the_choices(runner):
    result = runner.invoke(main, ["info", "--corridor", "atlantis"])
    assert result.exit_code == 2
    assert "chaman-onward" in result.output


def test_help_imports_no_map_plot_or_gis_library():
    probe = (
        "import sys\nfrom corridor_web.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted({'folium', 'matplotlib', 'geopandas', 'pyogrio', 'mkdocs', 'flask'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
