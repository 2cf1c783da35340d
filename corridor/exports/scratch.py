"""Scratch directories for the exports GDAL must write as files (GeoPackage, shapefile, FlatGeobuf), removed
even when an export is killed: each holds a lock file its export keeps locked, and every new scratch directory
first removes those whose lock nobody holds (left by an export killed with SIGKILL, or a machine that stopped).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SCRATCH_PREFIX = "corridor-export-"
LOCK_NAME = ".in-use"
UNLOCKED_GRACE_S = 60
"""A scratch directory without its lock file yet is another export's, just made, for this long."""


def remove_stale_scratch(parent: Path | None = None) -> list[Path]:
    """Remove this user's scratch directories under `parent` (the temporary directory) whose export is gone;
    returns them. One whose lock is held (a live export, in any process) is kept."""
    parent = Path(parent or tempfile.gettempdir())
    removed = []
    for path in parent.glob(SCRATCH_PREFIX + "*"):
        with contextlib.suppress(OSError):  # gone meanwhile, or not ours
            info = path.lstat()
            if not path.is_dir() or path.is_symlink() or info.st_uid != os.getuid():
                continue
            if _is_abandoned(path, info.st_mtime):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def _is_abandoned(path: Path, modified: float) -> bool:
    try:
        descriptor = os.open(path / LOCK_NAME, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return time.time() - modified > UNLOCKED_GRACE_S
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # locked: its export is running
    finally:
        os.close(descriptor)
    return True


@contextlib.contextmanager
def scratch_directory() -> Iterator[Path]:
    """A private directory for one export's files, locked while in use and removed afterwards; old ones left
    by killed exports are removed first."""
    remove_stale_scratch()
    path = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
    descriptor = os.open(path / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        os.close(descriptor)
