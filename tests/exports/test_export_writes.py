"""Export writes that leave nothing behind: no `.part` after SIGTERM or SIGKILL (the next export removes a
killed one's), a one-line error for a read-only directory or a file-size limit, the target's mode kept; and
`render --base-url` takes only http(s)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corridor.exports.write import remove_stale_parts, write_atomic
from corridor_web.cli import main

SLOW_WRITE = """
import sys, time
from pathlib import Path
import corridor.exports.write as export

real_fsync = export.os.fsync
def slow_fsync(fd):
    Path(sys.argv[2]).touch()
    time.sleep(30)
    real_fsync(fd)
export.os.fsync = slow_fsync
export.write_atomic(Path(sys.argv[1]), b"x" * 1000)
"""


def start_slow_write(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    target, started = tmp_path / "out.csv", tmp_path / "started"
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, str(target), str(started)])
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists()
    return process, target


def parts(directory: Path) -> list[Path]:
    return sorted(directory.glob(".*.part"))


def test_sigterm_during_a_write_leaves_no_part_file(tmp_path):
    process, target = start_slow_write(tmp_path)
    assert len(parts(tmp_path)) == 1
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) == 128 + signal.SIGTERM
    assert parts(tmp_path) == [] and not target.exists()


def test_a_part_file_left_by_sigkill_is_removed_by_the_next_write(tmp_path):
    process, target = start_slow_write(tmp_path)
    process.kill()
    process.wait(10)
    [left] = parts(tmp_path)
    write_atomic(tmp_path / "other.csv", b"data")
    assert parts(tmp_path) == [] and not left.exists()
    assert (tmp_path / "other.csv").read_bytes() == b"data"


def test_a_part_file_still_being_written_is_kept(tmp_path):
    process, _ = start_slow_write(tmp_path)
    try:
        assert remove_stale_parts(tmp_path) == []
        assert len(parts(tmp_path)) == 1
    finally:
        process.kill()
        process.wait(10)


def test_the_target_keeps_its_mode(tmp_path):
    target = tmp_path / "private.csv"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o600


def test_a_read_only_directory_is_a_one_line_error(runner, tmp_path, monkeypatch):
    tmp_path.chmod(0o500)
    if os.geteuid() == 0:  # root writes anyway: refuse it the way the kernel refuses everyone else
        real_open = Path.open

        def refused(path, mode="r", *args, **kwargs):
            if path.parent == tmp_path and "x" in mode:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, mode, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refused)
    try:
        result = runner.invoke(main, ["export", "--format", "csv", "-o", str(tmp_path / "facts.csv")])
    finally:
        tmp_path.chmod(0o700)
    assert result.exit_code == 1 and "cannot write" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_file_size_limit_is_a_one_line_error_and_leaves_nothing(tmp_path):
    script = (
        "import resource; resource.setrlimit(resource.RLIMIT_FSIZE, (1000, resource.RLIM_INFINITY));"
        "from corridor_web.cli import main; main()"
    )
    target = tmp_path / "all.geojson"
    result = subprocess.run(
        [sys.executable, "-c", script, "export", "--format", "geojson", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "cannot write" in result.stderr and "file-size limit" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists() and parts(tmp_path) == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://example.org",
        "//example.org",
        "https://",
        'https://example.org/"onmouseover="x',
    ],
)
def test_render_base_url_takes_only_http_addresses(runner, tmp_path, url):
    result = runner.invoke(main, ["render", "-o", str(tmp_path / "map.html"), "--base-url", url])
    assert result.exit_code == 2 and "http:// or https://" in result.output
    assert not (tmp_path / "map.html").exists()
