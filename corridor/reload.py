"""The atlas a long-running server shows: replaced only by data that loads and validates.

A server asks `AtlasKeeper.refresh_if_due()` as requests arrive; at most once per interval it hashes `geodata/`
and `seeds/` and, when they changed, loads and validates them. Data with problems never replaces the atlas
being served: each problem is logged and the same broken version is not checked again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from corridor.load import Atlas, data_version, load_atlas
from corridor.problems import DataError
from corridor.validate import validate

log = logging.getLogger("corridor.data")


def load_valid_data(data_dir: Path, seeds_dir: Path | None = None) -> Atlas:
    """Load and fully validate the data. Raises DataError listing every problem."""
    atlas = load_atlas(data_dir, seeds_dir)
    problems = validate(atlas)
    if problems:
        raise DataError(problems)
    return atlas


class AtlasKeeper:
    """Holds the served atlas and swaps in changed data once it validates; `on_change` hears of each swap."""

    def __init__(self, atlas: Atlas, check_interval_s: float, on_change: Callable[[Atlas], None]) -> None:
        self.atlas = atlas
        self.check_interval_s = check_interval_s
        self.on_change = on_change
        self.rejected_version: str | None = None
        self.last_error: str | None = None
        self._checked_at = time.monotonic()
        self._lock = threading.Lock()

    def refresh_if_due(self) -> None:
        """Check for changed data when the interval has passed; other threads go on serving meanwhile."""
        if self.check_interval_s <= 0 or time.monotonic() - self._checked_at < self.check_interval_s:
            return
        if not self._lock.acquire(blocking=False):
            return
        try:
            self._checked_at = time.monotonic()
            self._refresh()
        finally:
            self._lock.release()

    def refresh(self) -> bool:
        """Check now (waiting for a check under way); True when new data replaced the atlas."""
        with self._lock:
            self._checked_at = time.monotonic()
            return self._refresh()

    def _refresh(self) -> bool:
        data_dir, seeds_dir = self.atlas.data_dir, self.atlas.seeds_dir
        try:
            version = data_version(data_dir, seeds_dir)
        except OSError as exc:
            return self._reject("unreadable", f"cannot read the data: {exc}")
        if version in (self.atlas.version, self.rejected_version):
            return False
        try:
            atlas = load_valid_data(data_dir, seeds_dir)
        except DataError as exc:
            return self._reject(version, "\n".join(str(p) for p in exc.problems))
        except (OSError, ValueError) as exc:  # a file removed or half-written while it was read
            return self._reject(version, f"cannot read the data: {exc}")
        log.info("data %s in %s validated; serving it in place of %s", version, data_dir, self.atlas.version)
        self.atlas, self.rejected_version, self.last_error = atlas, None, None
        self.on_change(atlas)
        return True

    def _reject(self, version: str, message: str) -> bool:
        self.rejected_version, self.last_error = version, message
        log.error("data %s in %s failed validation; still serving %s:\n%s", version, self.atlas.data_dir,
                  self.atlas.version, message)
        return False
