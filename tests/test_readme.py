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
