"""Reading the data's files without trusting what sits at their paths: only regular files, never more than a
bound, and never a wait (a FIFO or a device put where a data file should be is refused, not read).

Every byte of the data (JSON, GeoJSON, seeds, reference layers) is read through `read_data_bytes`, by the load,
the data version and the live reload alike.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_DATA_FILE_BYTES = 20_000_000
"""Largest data file read (JSON, GeoJSON, a reference layer): the bundled ones are under 3 MB."""
MAX_SEED_BYTES = 200_000
"""Largest seed article: the bundled ones are under 5 kB; each is shown whole on its source page."""


class UnreadableFile(OSError):
    """A data path that holds no regular file of bounded size; the message says what to do."""


def read_data_bytes(path: Path, max_bytes: int = MAX_DATA_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), at most `max_bytes` of them. Opened without
    blocking, so a FIFO fails at once; a device, a directory or a larger file raises UnreadableFile; a missing
    file FileNotFoundError."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"{path.name} is not a regular file (a directory, FIFO or device?); put a file there")
        if info.st_size > max_bytes:
            raise UnreadableFile(f"file of {info.st_size:,} bytes; at most {max_bytes:,}")
        chunks, size = [], 0
        while chunk := os.read(descriptor, min(1 << 20, max_bytes + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:  # grew while being read
                raise UnreadableFile(f"file of more than {max_bytes:,} bytes; at most {max_bytes:,}")
        return b"".join(chunks)
    finally:
        os.close(descriptor)
