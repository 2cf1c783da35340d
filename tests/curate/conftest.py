"""A small new article for the curator's commands, and a helper to run them on a data copy."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTICLE = (
    "Herat to Kandahar rail survey begins\n"
    "KABUL: Afghan railway officials said on Tuesday that engineers began surveying the Herat–Kandahar railway "
    "on March 2, 2026, a line they expect to cost $1.2 billion.\n"
    "Kazakhstan and Afghanistan also discussed trade relations, the officials said.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "survey.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def curate(runner, data_copy):
    """Run a `corridor` command on the data copy; returns the click result."""
    from corridor_web.cli import main

    def run(*args: str):
        return runner.invoke(main, [args[0], "--data", str(data_copy), *args[1:]])

    return run
