"""The atlas a long-running server shows: replaced only by data that loads and validates.

A server asks `AtlasKeeper.refresh_if_due()` as requests arrive; at most once per interval it hashes `geodata/`
(its `reference/` layers included) and `seeds/` and, when they changed, loads and validates them. Data with
problems, or data on which anything at all raises, never replaces the atlas being served: each problem is logged,
the same broken version is not checked again, and the reason (without the server's paths) stays on /healthz
until the files are good again.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from corridor.atlas.load import Atlas, check_reference_files, data_version, load_atlas
from corridor.atlas.problems import DataError
from corridor.atlas.reference import reference_version
from corridor.atlas.validate import validate

log = logging.getLogger("corridor.data")
ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:[^\s/:'\"]+/)+[^\s/:'\"]*")
MAX_REASON_CHARS = 4000


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
        # With checks on, the layers are read now: maps drawn later never read files that may since have broken.
        self._served_reference = atlas.reference.version if check_interval_s > 0 else reference_version(atlas.data_dir)

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
        except Exception as exc:  # noqa: BLE001 - the directory itself gone or unreadable
            return self._reject("unreadable", f"cannot read the data: {self._without_paths(exc)}")
        if version == self.atlas.version:
            self.rejected_version = self.last_error = None  # the files are back to what is served
            return False
        if version == self.rejected_version:
            return False
        try:
            if reference_version(data_dir) != self._served_reference:
                broken = check_reference_files(data_dir)
                if broken:  # refused before the served maps could read them
                    raise DataError(broken)
            atlas = load_valid_data(data_dir, seeds_dir)
            served_reference = atlas.reference.version  # read with the data just checked, kept with it
        except DataError as exc:
            return self._reject(version, "\n".join(self._without_paths(p) for p in exc.problems))
        except Exception as exc:  # noqa: BLE001 - anything else: a file changing while read, a library's error
            return self._reject(version, f"cannot load the data: {type(exc).__name__}: {self._without_paths(exc)}")
        log.info("data %s in %s validated; serving it in place of %s", version, data_dir, self.atlas.version)
        self.atlas, self.rejected_version, self.last_error = atlas, None, None
        self._served_reference = served_reference
        self.on_change(atlas)
        return True

    def _without_paths(self, error: object) -> str:
        """The message with the data's directories written as the reader knows them (geodata/, seeds/): it is
        shown on /healthz to anyone."""
        text = str(error)
        for directory, name in ((self.atlas.seeds_dir, "seeds"), (self.atlas.data_dir, "geodata")):
            text = text.replace(str(directory.resolve()), name).replace(str(directory), name)
        return ABSOLUTE_PATH.sub(lambda match: match.group(0).rsplit("/", 1)[-1], text)[:MAX_REASON_CHARS]

    def _reject(self, version: str, message: str) -> bool:
        self.rejected_version, self.last_error = version, message
        log.error(
            "data %s in %s failed validation; still serving %s:\n%s",
            version,
            self.atlas.data_dir,
            self.atlas.version,
            message,
        )
        return False
