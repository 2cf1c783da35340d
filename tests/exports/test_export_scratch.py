"""Interrupted exports leave no scratch directory: one killed mid-export (SIGKILL, nothing of it runs again)
is removed by the next export, while one still in use, in any process, is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from corridor.exports.scratch import SCRATCH_PREFIX, remove_stale_scratch, scratch_directory
from corridor.exports.write import render_export

HOLD_SCRATCH = """
import sys, time
from corridor.exports.scratch import scratch_directory
with scratch_directory() as path:
    (path / "export.gpkg").write_bytes(b"half written")
    print(path, flush=True)
    time.sleep(120)
"""


@pytest.fixture
def temp_dir(tmp_path, monkeypatch) -> Path:
    """A temporary directory of the test's own, for this process and the ones it starts."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    return tmp_path


def exporting(temp_dir: Path) -> tuple[subprocess.Popen, Path]:
    """A process in the middle of an export: its scratch directory holds a half-written file."""
    process = subprocess.Popen([sys.executable, "-c", HOLD_SCRATCH], stdout=subprocess.PIPE, text=True)
    with process.stdout:
        path = Path(process.stdout.readline().strip())
    assert path.parent == temp_dir and (path / "export.gpkg").exists()
    return process, path


def scratch_dirs(temp_dir: Path) -> list[Path]:
    return sorted(temp_dir.glob(SCRATCH_PREFIX + "*"))


@pytest.mark.parametrize("fmt", ["gpkg", "shp", "fgb"])
def test_an_export_killed_mid_way_is_cleaned_by_the_next_export(atlas, temp_dir, fmt):
    process, path = exporting(temp_dir)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert path.exists(), "SIGKILL runs no clean-up of its own"
    assert render_export(atlas, fmt, "chaman-onward")
    assert scratch_dirs(temp_dir) == []


def test_a_scratch_directory_in_use_by_another_process_is_kept(temp_dir):
    process, path = exporting(temp_dir)
    try:
        with scratch_directory() as mine:
            assert remove_stale_scratch() == []
            assert set(scratch_dirs(temp_dir)) == {path, mine}
    finally:
        process.kill()
        process.wait()
    assert remove_stale_scratch() == [path]
    assert scratch_dirs(temp_dir) == []


def test_an_export_that_fails_leaves_no_scratch_directory(temp_dir):
    with pytest.raises(RuntimeError), scratch_directory() as path:
        (path / "part").write_bytes(b"x")
        raise RuntimeError("GDAL failed")
    assert scratch_dirs(temp_dir) == []
