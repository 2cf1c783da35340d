"""corridor: curated, cited maps of the railway corridors between Central Asia and the Arabian Sea.

For notebooks: `corridor.read_atlas()` returns the atlas, `corridor.read_layer("segments")` a GeoDataFrame and
`corridor.show_map()` a map Jupyter displays inline. Importing this package imports nothing heavy: each
function loads what it needs when called (the CLI's `--help` stays fast). (`corridor.atlas.load` is the module
that reads the data files, hence `read_atlas`.)
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["read_atlas", "read_features", "read_layer", "show_map"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from corridor import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'corridor' has no attribute {name!r}")
