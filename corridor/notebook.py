"""The Python API for notebooks and scripts: the atlas, its layers as GeoDataFrames and a map that displays in
Jupyter with every asset inlined (the single-file renderer), so it draws with no server and no network."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from corridor.exports.formats import ALL

if TYPE_CHECKING:
    import pandas as pd

    from corridor.api.records import Record
    from corridor.atlas.load import Atlas

LAYERS = ("corridors", "segments", "places", "facts", "fact_subjects")
"""What `read_layer` reads: the export's tables, the first three with geometry."""


@lru_cache(maxsize=4)
def _load(data_dir: Path | None) -> Atlas:
    from corridor.atlas.reload import load_valid_data
    from corridor.atlas.resources import DATA_DIR

    return load_valid_data(Path(data_dir) if data_dir else DATA_DIR, None)


def read_atlas(data_dir: str | Path | None = None) -> Atlas:
    """The curated data (the bundled copy, or `data_dir` with seeds/ beside it), loaded and validated once."""
    return _load(Path(data_dir) if data_dir else None)


def read_layer(name: str, corridor: str = ALL, atlas: Atlas | None = None) -> pd.DataFrame:
    """One layer of the export as a GeoDataFrame in WGS84 (facts and fact_subjects as DataFrames): the same
    columns and types as the GeoPackage, lists as Python lists. `corridor`: a corridor id or `all`.

    The records' ids are the index (named `id`) and not also a column, so `to_file`, `to_parquet`, `sjoin`,
    `merge` and `reset_index` work as on any frame; list columns hold plain lists (object dtype) because the
    pandas dtype of an Arrow list does not survive a Parquet round trip."""
    import pandas as pd
    import pyarrow as pa

    from corridor.exports.layers import (
        corridor_layer,
        fact_layer,
        fact_subject_layer,
        place_layer,
        segment_layer,
        select,
    )
    from corridor.exports.ogr import layer_frame
    from corridor.request.errors import NotFound

    builders = {
        "corridors": corridor_layer,
        "segments": segment_layer,
        "places": place_layer,
        "facts": fact_layer,
        "fact_subjects": fact_subject_layer,
    }
    if name not in builders:
        raise NotFound(f"There is no layer {name!r}; read one of {', '.join(LAYERS)}.")
    frame = layer_frame(builders[name](select(atlas or read_atlas(), corridor)), lists="list")
    for column in frame.columns:
        dtype = frame[column].dtype
        if isinstance(dtype, pd.ArrowDtype) and pa.types.is_list(dtype.pyarrow_dtype):
            frame[column] = pd.Series(frame[column].tolist(), index=frame.index, dtype=object)
    return frame.set_index("id") if "id" in frame else frame


def read_features(kind: str, atlas: Atlas | None = None) -> dict[str, Record]:
    """Every place, segment or corridor by id as served by the API, each with `__geo_interface__` (a corridor's
    geometry is the multiline of all its segments) and its facts."""
    from corridor.api.records import FEATURE_KINDS, SiteUrls, records_of
    from corridor.request.errors import NotFound

    if kind not in FEATURE_KINDS:
        raise NotFound(f"There are no features called {kind!r}; read one of {', '.join(FEATURE_KINDS)}.")
    return records_of(atlas or read_atlas(), kind, SiteUrls(""))


@dataclass(frozen=True)
class NotebookMap:
    """A corridor map that Jupyter shows inline: the self-contained HTML in a sandboxed iframe."""

    html: str = field(repr=False)
    height_px: int = 560
    title: str = "corridor map"

    def __repr__(self) -> str:
        """The notebook's text/plain form: what the map shows, never its HTML (hundreds of kB)."""
        size_kb = len(self.html.encode()) / 1024
        return f"<{self.title}: {size_kb:.0f} kB of HTML; shown inline in Jupyter, .save(path) writes it>"

    def _repr_html_(self) -> str:
        document = html.escape(self.html, quote=True)
        return (
            f'<iframe srcdoc="{document}" style="width:100%;height:{self.height_px}px;border:0" '
            'sandbox="allow-scripts allow-popups" title="corridor map"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the map as one HTML file that opens from disk."""
        target = Path(path)
        target.write_text(self.html, encoding="utf-8")
        return target


def show_map(corridor: str | None = None, atlas: Atlas | None = None, height_px: int = 560) -> NotebookMap:
    """The map of one corridor (or all), for display in a notebook cell."""
    from corridor.display.captions import map_title
    from corridor.maps.standalone import render_standalone_html

    atlas = atlas or read_atlas()
    return NotebookMap(render_standalone_html(atlas, corridor), height_px, map_title(atlas, corridor))
