"""The popup table of a map document: every popup a feature names is there, once, as escaped HTML."""

from __future__ import annotations

import json
import re

from corridor.maps.render import render_map_html
from corridor.maps.scripts import POPUP_TABLE_ID


def popup_table(html: str) -> dict[str, dict[str, str]]:
    block = re.search(rf'<script type="application/json" id="{POPUP_TABLE_ID}">(.*?)</script>', html, re.DOTALL)
    assert block is not None
    return json.loads(block.group(1))


def test_every_feature_popup_is_in_the_table_once_and_shared_legs_share_it(atlas):
    html = render_map_html(atlas)
    table = popup_table(html)
    keys = re.findall(r'"popup": "([^"]+)"', html)
    assert set(keys) == set(table["features"])
    segment_keys = [k for k in keys if k.startswith("segment:")]
    assert len(segment_keys) > len(set(segment_keys)), "a leg drawn once per corridor names one popup"
    assert {k.removeprefix("segment:") for k in segment_keys} == {
        s.id for c in atlas.corridors for s in atlas.corridor_segments(c)
    } | {s.id for s in atlas.segments.values() if s.properties.role == "context"}
    assert set(table["corridors"]) == set(atlas.corridors)


def test_the_table_cannot_close_its_script_element(atlas):
    html = render_map_html(atlas)
    block = re.search(rf'id="{POPUP_TABLE_ID}">(.*?)</script>', html, re.DOTALL).group(1)
    assert "</" not in block and "<!" not in block, "no `</script` or `<!--` in the data: each such < is escaped"
    assert any("<table" in popup for popup in popup_table(html)["features"].values())
