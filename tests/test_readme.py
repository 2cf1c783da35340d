"""The README starts with the two set-up commands, and CI runs exactly the test one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_opens_with_a_serve_command_and_a_test_command():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    serve, test = readme_commands()[:2]
    assert text.index(serve) < 400, "the set-up commands come first"
    assert serve.endswith("corridor serve")
    assert "pytest" in test and "chromium" in test and "playwright install" not in test


def test_ci_runs_exactly_the_readme_test_command():
    test_command = readme_commands()[1]
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci_lines[-1] == test_command


def test_readme_links_into_the_docs_and_every_link_resolves():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", text)
    local = [link for link in links if not link.startswith("http")]
    assert {"docs/readers/index.md", "docs/report-writers/index.md", "docs/gis/index.md", "docs/gis/qgis.md"} <= set(
        local
    )
    for link in local:
        assert (ROOT / link).is_file(), link
    assert "http://127.0.0.1:8000/docs/" in links


def test_readme_commands_for_embedding_and_exporting_run(runner, tmp_path, monkeypatch):
    from corridor_web.cli import main

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    inline = [c for c in re.findall(r"`(corridor [^`]+)`", text) if c != "corridor serve"]
    assert len(inline) == 2
    for command in inline:
        result = runner.invoke(main, command.split()[1:])
        assert result.exit_code == 0, f"{command}: {result.output}"
